import { ConfigurationError } from './errors';

/** A text given once for all languages, or per language (`en`, `es`, `sv`...). */
export type LocalizedText = string | Readonly<Record<string, string>>;

/** The GDPR (Art. 6) legal basis on which a piece of data is processed. */
export type LegalBasis =
  'consent' | 'contract' | 'legal_obligation' | 'legitimate_interests' | 'vital_interests' | 'public_task';

const LEGAL_BASES: readonly LegalBasis[] = [
  'consent',
  'contract',
  'legal_obligation',
  'legitimate_interests',
  'vital_interests',
  'public_task',
];

/** One piece of data the bot collects or provides, as the brand declares it for its terms of use. */
export interface DataInventoryItem {
  /** Stable id, e.g. `name`, `tax_id`. */
  id: string;
  /** What it is: "Your first name". */
  what: LocalizedText;
  /** Why it is used: "to greet you". */
  why: LocalizedText;
  /** The legal basis it is processed on, shown in the terms. */
  legalBasis: LegalBasis;
  /** How long it is kept: "until you delete it", "90 days". */
  retention: LocalizedText;
  /** Who receives it besides the brand: "nobody", "our payment provider". */
  recipients: LocalizedText;
  /** True when the person can use the bot without giving it. */
  optional: boolean;
}

/**
 * Checks the inventory at start-up; the error names the bad entry and field. With `languages` (the bot's
 * languages), a text given per language must have each of them: otherwise the terms and the record of
 * processing in that language would silently show another one (a text given once counts for all).
 */
export function validateInventory(
  items: readonly DataInventoryItem[],
  options: { languages?: readonly string[] } = {},
): void {
  if (!Array.isArray(items) || items.length === 0) {
    throw new ConfigurationError('The data inventory must list at least one item.');
  }
  const ids = new Set<string>();
  items.forEach((item, index) => {
    const where = `data inventory item ${index + 1}${item && typeof item.id === 'string' ? ` ("${item.id}")` : ''}`;
    if (!item || typeof item !== 'object') throw new ConfigurationError(`The ${where} is not an object.`);
    if (typeof item.id !== 'string' || !/^[A-Za-z0-9_.-]{1,64}$/.test(item.id)) {
      throw new ConfigurationError(`The ${where} needs an id of letters, digits, "_", "." or "-".`);
    }
    if (ids.has(item.id)) throw new ConfigurationError(`The ${where} repeats the id "${item.id}".`);
    ids.add(item.id);
    for (const field of ['what', 'why', 'retention', 'recipients'] as const) {
      const text = item[field];
      if (!isLocalizedText(text)) {
        throw new ConfigurationError(
          `The ${where} needs "${field}" as a non-empty text or a text per language.`,
        );
      }
      const missing =
        typeof text === 'string' ? [] : (options.languages ?? []).filter((language) => !(language in text));
      if (missing.length > 0) {
        throw new ConfigurationError(
          `The ${where} has no "${missing.join('", "')}" text for "${field}": the bot speaks it (give one text for all languages, or one per language).`,
        );
      }
    }
    if (!LEGAL_BASES.includes(item.legalBasis)) {
      throw new ConfigurationError(
        `The ${where} has legalBasis "${String(item.legalBasis)}"; use one of ${LEGAL_BASES.join(', ')}.`,
      );
    }
    if (typeof item.optional !== 'boolean') {
      throw new ConfigurationError(`The ${where} needs "optional": true or false.`);
    }
  });
}

/** The text for a language, else English, else the first one given. */
export function localize(text: LocalizedText, language: string): string {
  if (typeof text === 'string') return text;
  return text[language] ?? text.en ?? Object.values(text)[0] ?? '';
}

function isLocalizedText(value: unknown): value is LocalizedText {
  if (typeof value === 'string') return value.trim().length > 0;
  if (!value || typeof value !== 'object') return false;
  const entries = Object.values(value as Record<string, unknown>);
  return entries.length > 0 && entries.every((v) => typeof v === 'string' && v.trim().length > 0);
}
