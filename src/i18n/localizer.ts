import { ConfigurationError } from '../core/errors';
import { en } from './en';
import { es } from './es';
import { sv } from './sv';
import type { DeepPartial, PrivacyTexts } from './texts';

/** The languages built in. */
export const BUILT_IN_TEXTS: Readonly<Record<string, PrivacyTexts>> = Object.freeze({ en, es, sv });

/** Options of the privacy texts: the fallback language and the brand's overrides per language. */
export interface LocalizationOptions {
  /** Language used when the activity's locale is missing or not supported. Default `en`. */
  fallbackLanguage?: string;
  /**
   * Brand overrides per language (`en`, `es`, `sv`, or a new one). Overrides of a built-in language
   * replace single entries; a new language is filled up from the fallback language where it is silent.
   */
  texts?: Record<string, DeepPartial<PrivacyTexts>>;
}

/** Messenger quick-reply titles are cut after 20 characters. */
export const MAX_BUTTON_TITLE = 20;
const BUTTON_KEYS: Array<[keyof PrivacyTexts, string]> = [
  ['menu', 'deleteTitle'],
  ['menu', 'termsTitle'],
  ['menu', 'exportTitle'],
  ['menu', 'correctTitle'],
  ['menu', 'consentsTitle'],
  ['menu', 'closeTitle'],
  ['delete', 'confirmTitle'],
  ['delete', 'cancelTitle'],
  ['center', 'menuTitle'],
  ['center', 'linkTitle'],
  ['center', 'downloadTitle'],
  ['operatorRequest', 'confirmTitle'],
];

/** Picks the text table for an activity's locale, with brand overrides applied. Validated up front. */
export class Localizer {
  readonly fallbackLanguage: string;
  private readonly tables: Map<string, PrivacyTexts>;

  constructor(options: LocalizationOptions = {}) {
    this.fallbackLanguage = normalizeLanguage(options.fallbackLanguage ?? 'en');
    const overrides = options.texts ?? {};
    const languages = new Set([
      ...Object.keys(BUILT_IN_TEXTS),
      ...Object.keys(overrides).map(normalizeLanguage),
    ]);
    if (!languages.has(this.fallbackLanguage)) {
      throw new ConfigurationError(
        `Unknown fallback language "${options.fallbackLanguage}": use one of ${[...languages].join(', ')} or add its texts.`,
      );
    }
    const fallbackTable = mergeTexts(
      BUILT_IN_TEXTS[this.fallbackLanguage] ?? en,
      findOverride(overrides, this.fallbackLanguage),
      this.fallbackLanguage,
    );
    this.tables = new Map();
    for (const language of languages) {
      const base = BUILT_IN_TEXTS[language] ?? fallbackTable;
      this.tables.set(language, mergeTexts(base, findOverride(overrides, language), language));
    }
  }

  /** Languages this localizer answers in. */
  get languages(): string[] {
    return [...this.tables.keys()];
  }

  /** `es-ES` -> `es`; an unsupported or missing locale -> the fallback language. */
  languageOf(locale: string | undefined): string {
    const language = locale ? normalizeLanguage(locale) : '';
    return this.tables.has(language) ? language : this.fallbackLanguage;
  }

  /** The texts for a locale such as `sv-SE`. */
  texts(locale: string | undefined): PrivacyTexts {
    return this.tables.get(this.languageOf(locale))!;
  }

  /** Every language's table (e.g. to match keywords whatever the user's locale). */
  allTexts(): PrivacyTexts[] {
    return [...this.tables.values()];
  }
}

/** Fills `{placeholders}` in a template; unknown placeholders stay as they are. */
export function format(template: string, values: Record<string, string | number | undefined>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : String(value);
  });
}

/**
 * Splits a `a|b|c` word list into normalized words. Lists come from the text catalogue and are matched on
 * every message, so each list is normalized once and kept (a copy is returned: callers may change theirs).
 */
export function wordList(words: string): string[] {
  let normalized = normalizedWordLists.get(words);
  if (!normalized) {
    normalized = words
      .split('|')
      .map((w) => normalizeAnswer(w))
      .filter(Boolean);
    if (normalizedWordLists.size >= MAX_WORD_LISTS) normalizedWordLists.clear();
    normalizedWordLists.set(words, normalized);
  }
  return normalized.slice();
}

/** Word lists kept normalized; a bot with more distinct lists than this just normalizes some again. */
const MAX_WORD_LISTS = 256;
const normalizedWordLists = new Map<string, string[]>();

/** Lower case, no accents, no surrounding punctuation or repeated spaces: for matching what people type. */
export function normalizeAnswer(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function normalizeLanguage(locale: string): string {
  return locale.toLowerCase().split(/[-_]/)[0];
}

function findOverride(
  overrides: Record<string, DeepPartial<PrivacyTexts>>,
  language: string,
): DeepPartial<PrivacyTexts> | undefined {
  const key = Object.keys(overrides).find((k) => normalizeLanguage(k) === language);
  return key === undefined ? undefined : overrides[key];
}

function mergeTexts(
  base: PrivacyTexts,
  override: DeepPartial<PrivacyTexts> | undefined,
  language: string,
): PrivacyTexts {
  const merged = JSON.parse(JSON.stringify(base)) as Record<string, Record<string, string>>;
  for (const [section, entries] of Object.entries(override ?? {})) {
    if (!(section in merged) || typeof entries !== 'object' || entries === null) {
      throw new ConfigurationError(`Unknown text section "${section}" in the "${language}" texts.`);
    }
    for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
      if (!(key in merged[section])) {
        throw new ConfigurationError(`Unknown text "${section}.${key}" in the "${language}" texts.`);
      }
      if (typeof value !== 'string' || value.trim() === '') {
        throw new ConfigurationError(
          `Text "${section}.${key}" in the "${language}" texts must be a non-empty string.`,
        );
      }
      merged[section][key] = value;
    }
  }
  const texts = merged as unknown as PrivacyTexts;
  for (const [section, key] of BUTTON_KEYS) {
    const title = (texts[section] as Record<string, string>)[key];
    if ([...title].length > MAX_BUTTON_TITLE) {
      throw new ConfigurationError(
        `Button title "${section}.${key}" in the "${language}" texts is longer than ${MAX_BUTTON_TITLE} characters.`,
      );
    }
  }
  return texts;
}
