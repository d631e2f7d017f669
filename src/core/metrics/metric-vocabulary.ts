import { ConfigurationError } from '../errors';
import type { MetricEvent } from './metric-event';
import { looksLikeIdentifier, METRIC_TOKEN_PATTERN, safeMetricToken } from './metric-rule';

/** The label every value that was not declared is counted under, whatever the label (name, channel, ...). */
export const OTHER_METRIC_LABEL = 'other';

/**
 * The labels a bot declares for its metrics. Only declared values are counted by name; any other value
 * is counted as {@link OTHER_METRIC_LABEL}, so what clients send (payloads, `value`, channel ids, locales)
 * can never grow the number of counters, series or fields.
 *
 * ```ts
 * new FanOutMetricsRecorder({
 *   sinks,
 *   declared: {
 *     payloads: ['BOOK_SLOT', 'GET_QUOTE'], // the bot's buttons
 *     dimensions: ['book', 'invoice', ...PURPOSES.map((p) => p.id)], // feature (dialog) and purpose ids
 *     events: ['feature.used'], // the bot's own event names
 *     channels: ['facebook', 'webchat'], // replaces the default channel list
 *     locales: ['es-ES', 'es', 'en', 'sv'], // BCP 47; others fall back to their language, else `other`
 *   },
 * });
 * ```
 */
export interface DeclaredMetricLabels {
  /** Event names beyond the privacy layer's own (`click`, `feature.started`, ...). */
  events?: Iterable<string>;
  /** Button payloads (the dimension of `click`). */
  payloads?: Iterable<string>;
  /** Other dimensions: feature (dialog) ids, consent purpose ids, erasure sources, ... */
  dimensions?: Iterable<string>;
  /** Channel ids counted by name. When given, it replaces the default list rather than adding to it. */
  channels?: Iterable<string>;
  /**
   * BCP 47 tags counted by name. A turn's locale is canonicalised (`Intl.getCanonicalLocales`, `_` read
   * as `-`) and looked up as in RFC 4647 (`es-MX-x-foo` -> `es-MX` -> `es`): the first declared tag
   * found is used, else `other`. When no list is declared, the locale is reduced to its language
   * subtag (`es-12345678-98765432` -> `es`) when that is a language ICU knows, else `other`.
   */
  locales?: Iterable<string>;
}

/**
 * The closed set of labels metric events may carry (see {@link DeclaredMetricLabels}): maps every label
 * of an event to itself when declared, else to {@link OTHER_METRIC_LABEL}. Built once at start-up;
 * declared values must be safe metric tokens (a {@link ConfigurationError} says which is not).
 */
export class MetricVocabulary {
  private readonly events: ReadonlySet<string>;
  private readonly dimensions: ReadonlySet<string>;
  private readonly channels: ReadonlySet<string>;
  private readonly locales?: ReadonlySet<string>;
  /** Results for locales without digits (digits are what could make a tag personal), bounded. */
  private readonly localeCache = new Map<string, string>();
  private readonly knownLanguages = new Map<string, boolean>();
  private languageNames?: Intl.DisplayNames;

  /**
   * @param parts declarations to merge, e.g. the privacy layer's own labels and then the bot's. Event
   * names, payloads and dimensions add up; the last part that declares `channels` (or `locales`) wins.
   */
  constructor(...parts: readonly (DeclaredMetricLabels | undefined)[]) {
    const events = new Set<string>();
    const dimensions = new Set<string>();
    let channels: Set<string> | undefined;
    let locales: Set<string> | undefined;
    for (const part of parts) {
      if (!part) continue;
      addTokens(events, part.events, 'events');
      addTokens(dimensions, part.payloads, 'payloads');
      addTokens(dimensions, part.dimensions, 'dimensions');
      if (part.channels !== undefined) addTokens((channels = new Set()), part.channels, 'channels');
      if (part.locales !== undefined) locales = canonicalLocales(part.locales);
    }
    this.events = events;
    this.dimensions = dimensions;
    this.channels = channels ?? new Set();
    this.locales = locales;
  }

  /**
   * The event with each label kept when declared and replaced by `other` when not; `value` and absent
   * labels are left as they are. The input must already have passed `checkMetricEvent`.
   */
  label(event: MetricEvent): MetricEvent {
    const { name, channel, locale, dimension, value } = event;
    return {
      name: this.name(name),
      channel: channel === undefined ? undefined : this.channel(channel),
      locale: locale === undefined ? undefined : this.locale(locale),
      dimension: dimension === undefined ? undefined : this.dimension(dimension),
      value,
    };
  }

  /** The label an event name is counted under: itself when declared, else `other`. */
  name(name: string): string {
    return this.events.has(name) ? name : OTHER_METRIC_LABEL;
  }

  /** The label a channel id is counted under: itself when declared, else `other`. */
  channel(channel: string): string {
    return this.channels.has(channel) ? channel : OTHER_METRIC_LABEL;
  }

  /** The label a dimension (payload, feature, purpose, ...) is counted under. */
  dimension(dimension: string): string {
    return this.dimensions.has(dimension) ? dimension : OTHER_METRIC_LABEL;
  }

  /** True when `dimension` is declared (a payload, feature, purpose, ...). */
  hasDimension(dimension: string): boolean {
    return this.dimensions.has(dimension);
  }

  /** The label a raw locale is counted under (see {@link DeclaredMetricLabels.locales}). */
  locale(raw: string): string {
    const cached = this.localeCache.get(raw);
    if (cached !== undefined) return cached;
    const result = this.resolveLocale(raw);
    if (!/\d/.test(raw)) {
      if (this.localeCache.size >= 256) this.localeCache.clear();
      this.localeCache.set(raw, result);
    }
    return result;
  }

  private resolveLocale(raw: string): string {
    let tag: string;
    try {
      [tag] = Intl.getCanonicalLocales(raw.replace(/_/g, '-'));
    } catch {
      return OTHER_METRIC_LABEL; // not BCP 47 (RangeError): nothing of it is kept
    }
    if (!tag) return OTHER_METRIC_LABEL;
    if (this.locales) return lookUp(this.locales, tag) ?? OTHER_METRIC_LABEL;
    const language = new Intl.Locale(tag).language;
    return this.isKnownLanguage(language) ? language : OTHER_METRIC_LABEL;
  }

  private isKnownLanguage(language: string): boolean {
    if (!/^[a-z]{2,3}$/.test(language)) return false;
    let known = this.knownLanguages.get(language);
    if (known === undefined) {
      this.languageNames ??= new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
      known = this.languageNames.of(language) !== undefined;
      // at most 26^2 + 26^3 entries, and only for what turns send
      this.knownLanguages.set(language, known);
    }
    return known;
  }
}

/** RFC 4647 lookup: the tag, then shorter prefixes (a singleton is dropped with what follows it). */
function lookUp(declared: ReadonlySet<string>, tag: string): string | undefined {
  let candidate = tag;
  for (;;) {
    if (declared.has(candidate)) return candidate;
    let cut = candidate.lastIndexOf('-');
    if (cut < 0) return undefined;
    if (cut >= 2 && candidate[cut - 2] === '-') cut -= 2; // `...-x-foo`: drop the singleton too
    candidate = candidate.slice(0, cut);
  }
}

function addTokens(into: Set<string>, values: Iterable<string> | undefined, field: string): void {
  if (values === undefined) return;
  if (typeof values === 'string' || typeof (values as Iterable<string>)[Symbol.iterator] !== 'function') {
    throw new ConfigurationError(`Declared metric ${field} must be a list of strings.`);
  }
  for (const value of values) {
    if (safeMetricToken(value) === undefined) {
      throw new ConfigurationError(
        `Declared metric ${field} must be tokens of ${METRIC_TOKEN_PATTERN.source} that do not look like ids: ` +
          `"${String(value).slice(0, 40)}" is not.`,
      );
    }
    if (value === OTHER_METRIC_LABEL) {
      throw new ConfigurationError(`"${OTHER_METRIC_LABEL}" is reserved for undeclared metric labels.`);
    }
    into.add(value);
  }
}

function canonicalLocales(values: Iterable<string>): Set<string> {
  if (typeof values === 'string' || typeof (values as Iterable<string>)?.[Symbol.iterator] !== 'function') {
    throw new ConfigurationError('Declared metric locales must be a list of BCP 47 tags.');
  }
  const tags = new Set<string>();
  for (const value of values) {
    let tag: string | undefined;
    try {
      [tag] = Intl.getCanonicalLocales(String(value).replace(/_/g, '-'));
    } catch {
      tag = undefined; // reported below
    }
    if (!tag || looksLikeIdentifier(tag)) {
      throw new ConfigurationError(
        `Declared metric locale "${String(value).slice(0, 40)}" is not a BCP 47 tag.`,
      );
    }
    tags.add(tag);
  }
  return tags;
}
