import type { MetricEvent } from './metric-event';

/** What a name, dimension or channel must look like: 1-64 letters, digits and `_ . : -`. */
export const METRIC_TOKEN_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

/** What a locale must look like: a BCP 47-style tag such as `es`, `en-US`, `sv_SE`. */
export const METRIC_LOCALE_PATTERN = /^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8}){0,3}$/;

/**
 * Largest magnitude a value may have (six integer digits). Numbers of seven or more digits are the size
 * of ids and of phone, card and tax numbers (a Spanish DNI is eight digits), so they are refused.
 */
export const MAX_METRIC_VALUE = 999_999;

/** The fields an event may carry; any other field rejects the event. */
export const METRIC_EVENT_FIELDS: readonly (keyof MetricEvent)[] = [
  'name',
  'channel',
  'locale',
  'dimension',
  'value',
];

/** Why an event was rejected. Reasons never quote the rejected value. */
export type MetricRejectionReason =
  | 'not-an-object'
  | 'unknown-field'
  | 'bad-name'
  | 'bad-channel'
  | 'bad-locale'
  | 'bad-dimension'
  | 'bad-value'
  | 'looks-personal';

/** Every rejection reason, e.g. to pre-create counters. */
export const METRIC_REJECTION_REASONS: readonly MetricRejectionReason[] = [
  'not-an-object',
  'unknown-field',
  'bad-name',
  'bad-channel',
  'bad-locale',
  'bad-dimension',
  'bad-value',
  'looks-personal',
];

/** Outcome of {@link checkMetricEvent}. */
export type MetricCheck = { ok: true; event: MetricEvent } | { ok: false; reason: MetricRejectionReason };

/**
 * The rule every event obeys, whether the plugin or the bot emits it.
 *
 * **Reject, never strip.** An event that breaks the rule is rejected whole: it is not counted, not
 * forwarded to any sink, and the recorder counts it under its {@link MetricRejectionReason}. Stripping the
 * offending field instead would file the event under a wrong, coarser figure without anyone noticing.
 * An event is rejected when:
 * - it carries any field other than `name`, `channel`, `locale`, `dimension`, `value` (`unknown-field`;
 *   fields whose value is `undefined` count as absent);
 * - `name`, `channel` or `dimension` is not a string matching {@link METRIC_TOKEN_PATTERN}, which rules
 *   out free text, spaces, `@` and `+` (so e-mail addresses and international phone numbers);
 * - `locale` does not match {@link METRIC_LOCALE_PATTERN};
 * - `value` is not a finite number of magnitude at most {@link MAX_METRIC_VALUE};
 * - a token looks like an identifier or a sensitive number ({@link looksLikeIdentifier}): six or more
 *   digits (user and page ids, phone, card and tax numbers, dates), or a long letter-and-digit run (hex
 *   ids, UUIDs, digests) (`looks-personal`).
 *
 * Names of people cannot be recognised by a rule: the plugin only ever fills `dimension` from structured
 * sources (button payloads, dialog ids, purpose ids), never from what a user typed.
 */
export function checkMetricEvent(input: unknown): MetricCheck {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return reject('not-an-object');
  const record = input as Record<string, unknown>;
  for (const key in record) {
    if (!Object.prototype.hasOwnProperty.call(record, key) || record[key] === undefined) continue;
    if (key !== 'name' && key !== 'channel' && key !== 'locale' && key !== 'dimension' && key !== 'value') {
      return reject('unknown-field');
    }
  }
  const { name, channel, locale, dimension, value } = record;
  if (!isToken(name)) return reject('bad-name');
  if (channel !== undefined && !isToken(channel)) return reject('bad-channel');
  if (locale !== undefined && (typeof locale !== 'string' || !METRIC_LOCALE_PATTERN.test(locale))) {
    return reject('bad-locale');
  }
  if (dimension !== undefined && !isToken(dimension)) return reject('bad-dimension');
  if (value !== undefined && !isSmallNumber(value)) return reject('bad-value');
  if (!isSafe(name) || (channel !== undefined && !isSafe(channel as string))) return reject('looks-personal');
  if (dimension !== undefined && !isSafe(dimension as string)) return reject('looks-personal');
  const event: MetricEvent = {
    name,
    channel: channel as string | undefined,
    locale: locale as string | undefined,
    dimension: dimension as string | undefined,
    value: value as number | undefined,
  };
  return { ok: true, event };
}

/**
 * True when a token looks like an identifier or sensitive number rather than a label: it holds six or
 * more digits in total (separators cannot hide a card or tax number), or one of its `_ . : -`-separated
 * parts is 8+ hex characters mixing letters and digits (UUIDs, hashes) or 12+ characters mixing letters
 * and digits (digests, tokens).
 */
export function looksLikeIdentifier(token: string): boolean {
  let digits = 0;
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    if (code >= 48 && code <= 57) digits++;
  }
  if (digits >= 6) return true;
  if (digits === 0 || token.length < 8) return false;
  for (const part of token.split(/[_.:-]/)) {
    if (part.length < 8 || !/\d/.test(part) || !/[A-Za-z]/.test(part)) continue;
    if (/^[0-9A-Fa-f]+$/.test(part) || part.length >= 12) return true;
  }
  return false;
}

/** The token if it may appear in a metric (pattern and identifier check), else undefined. */
export function safeMetricToken(value: unknown): string | undefined {
  return isToken(value) && isSafe(value) ? value : undefined;
}

/** The locale if it may appear in a metric, else undefined. */
export function safeMetricLocale(value: unknown): string | undefined {
  return typeof value === 'string' && METRIC_LOCALE_PATTERN.test(value) ? value : undefined;
}

// Tokens already found safe (never the rejected ones, so no personal value is kept): the same few
// names, channels and payloads come up on every turn, and this skips their checks.
const KNOWN_SAFE = new Set<string>();
const KNOWN_SAFE_LIMIT = 2048;

function isToken(value: unknown): value is string {
  return typeof value === 'string' && (KNOWN_SAFE.has(value) || METRIC_TOKEN_PATTERN.test(value));
}

/** For a token that matches the pattern: false when it looks like an identifier. */
function isSafe(token: string): boolean {
  if (KNOWN_SAFE.has(token)) return true;
  if (looksLikeIdentifier(token)) return false;
  if (KNOWN_SAFE.size >= KNOWN_SAFE_LIMIT) KNOWN_SAFE.clear();
  KNOWN_SAFE.add(token);
  return true;
}

function isSmallNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= MAX_METRIC_VALUE;
}

function reject(reason: MetricRejectionReason): MetricCheck {
  return { ok: false, reason };
}
