import { ConfigurationError } from '../errors';
import { isHttpUrl } from '../http-url';
import type { LegalBasis } from '../inventory';

/** The GDPR Art. 6(1) lawful bases, in GDPR order ({@link LegalBasis} is shared with the data inventory). */
export const LEGAL_BASES: readonly LegalBasis[] = [
  'consent',
  'contract',
  'legal_obligation',
  'vital_interests',
  'public_task',
  'legitimate_interests',
];

/**
 * How long data collected for a purpose is kept: a number of days, until consent is withdrawn, or not
 * at all (used in the moment, e.g. passed to a payment provider, then dropped).
 */
export type PurposeRetention = { readonly days: number } | 'until_withdrawn' | 'not_stored';

/**
 * A purpose the brand collects personal data for, declared once in the bot's configuration. Consent is
 * given to one purpose at one policy version: a new `policyVersion` means asking again.
 */
export interface Purpose {
  /** Stable id, e.g. `invoice_tax_id`: lower case letters, digits, `_`, `-`, `.`; up to 64 characters. */
  readonly id: string;
  /** fideslang data categories collected, e.g. `user.government_id`, `user.financial.credit_card`. */
  readonly dataCategories: readonly string[];
  /** What the data is used for, per locale (`en`, `es`, `sv`, `es-MX`...), shown in the consent notice. */
  readonly description: Readonly<Record<string, string>>;
  /** The legal basis of the processing; `consent` for what a gate asks. */
  readonly legalBasis: LegalBasis;
  /** How long the data given for it is kept: not at all, some days, or until consent is withdrawn. */
  readonly retention: PurposeRetention;
  /** Who receives the data besides the brand (processors, third parties); empty when nobody. */
  readonly recipients: readonly string[];
  /** Version of the privacy policy that describes this purpose, e.g. `2024-05` or `3`. */
  readonly policyVersion: string;
  /** Where the policy can be read (http or https). */
  readonly policyUrl?: string;
  /** True for data that needs extra care (government ids, payment data, GDPR Art. 9 categories). */
  readonly sensitive?: boolean;
}

/** Pattern of a purpose id; ids appear in storage keys, metrics labels and receipts. */
export const PURPOSE_ID_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

const DATA_CATEGORY_PATTERN = /^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*$/;
const LOCALE_PATTERN = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;
const MAX_RETENTION_DAYS = 36_500;

/** Throws {@link ConfigurationError} unless `id` is a valid purpose id. */
export function assertValidPurposeId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || !PURPOSE_ID_PATTERN.test(id)) {
    throw new ConfigurationError(
      `A purpose id must be 1-64 characters of a-z, 0-9, "_", "-", "." starting with a letter or digit; got ${describe(id)}.`,
    );
  }
}

/**
 * Checks a brand's purpose declarations at start-up and returns them, frozen, by id.
 *
 * @param options.locales locales the bot speaks; every purpose must describe itself in each of them.
 * @throws ConfigurationError naming the first bad purpose (by id, or by position when the id is bad).
 */
export function validatePurposes(
  purposes: readonly Purpose[],
  options: { locales?: readonly string[] } = {},
): ReadonlyMap<string, Purpose> {
  if (!Array.isArray(purposes))
    throw new ConfigurationError('Purposes must be an array of purpose declarations.');
  const byId = new Map<string, Purpose>();
  purposes.forEach((purpose, index) => {
    const entry = validatePurpose(purpose, index, options.locales ?? []);
    if (byId.has(entry.id))
      throw new ConfigurationError(`Purpose "${entry.id}" is declared twice (position ${index}).`);
    byId.set(entry.id, entry);
  });
  return byId;
}

function validatePurpose(purpose: Purpose, index: number, locales: readonly string[]): Purpose {
  if (!purpose || typeof purpose !== 'object') {
    throw new ConfigurationError(`Purpose at position ${index} must be an object, got ${describe(purpose)}.`);
  }
  const id: unknown = purpose.id;
  if (typeof id !== 'string' || !PURPOSE_ID_PATTERN.test(id)) {
    throw new ConfigurationError(
      `Purpose at position ${index}: id must be 1-64 characters of a-z, 0-9, "_", "-", "." starting with a letter or digit; got ${describe(id)}.`,
    );
  }
  const fail = (message: string): never => {
    throw new ConfigurationError(`Purpose "${id}": ${message}`);
  };

  const categories: unknown = purpose.dataCategories;
  if (!Array.isArray(categories) || categories.length === 0) {
    fail('dataCategories must be a non-empty list of fideslang names such as "user.government_id".');
  }
  for (const category of categories as unknown[]) {
    if (typeof category !== 'string' || !DATA_CATEGORY_PATTERN.test(category)) {
      fail(
        `data category ${describe(category)} is not a fideslang name such as "user.financial.credit_card".`,
      );
    }
  }

  const description: unknown = purpose.description;
  if (!description || typeof description !== 'object' || Array.isArray(description)) {
    fail('description must be an object of texts by locale, e.g. { en: "...", es: "..." }.');
  }
  const texts = Object.entries(description as Record<string, unknown>);
  if (texts.length === 0) fail('description needs a text in at least one locale.');
  for (const [locale, text] of texts) {
    if (!LOCALE_PATTERN.test(locale))
      fail(`description locale "${locale}" is not a locale tag such as "en" or "es-MX".`);
    if (typeof text !== 'string' || text.trim().length === 0)
      fail(`description for "${locale}" must be a non-empty text.`);
  }
  for (const locale of locales) {
    if (!(locale in (description as object)))
      fail(`description is missing the locale "${locale}" the bot speaks.`);
  }

  if (!LEGAL_BASES.includes(purpose.legalBasis)) {
    fail(`legalBasis must be one of ${LEGAL_BASES.join(', ')}; got ${describe(purpose.legalBasis)}.`);
  }

  const retention: unknown = purpose.retention;
  if (retention !== 'not_stored' && retention !== 'until_withdrawn') {
    const days =
      retention && typeof retention === 'object' ? (retention as { days?: unknown }).days : undefined;
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > MAX_RETENTION_DAYS) {
      fail(`retention must be { days: 1..${MAX_RETENTION_DAYS} }, "until_withdrawn" or "not_stored".`);
    }
  }

  const recipients: unknown = purpose.recipients;
  if (!Array.isArray(recipients) || recipients.some((r) => typeof r !== 'string' || r.trim().length === 0)) {
    fail('recipients must be a list of non-empty names (an empty list when nobody else receives the data).');
  }

  if (typeof purpose.policyVersion !== 'string' || purpose.policyVersion.trim().length === 0) {
    fail('policyVersion must be a non-empty text such as "2024-05".');
  }
  if (purpose.policyUrl !== undefined && !isHttpUrl(purpose.policyUrl)) {
    fail('policyUrl must be an http or https URL.');
  }
  if (purpose.sensitive !== undefined && typeof purpose.sensitive !== 'boolean') {
    fail('sensitive must be true or false when set.');
  }

  return Object.freeze({
    ...purpose,
    dataCategories: Object.freeze([...purpose.dataCategories]),
    description: Object.freeze({ ...purpose.description }),
    recipients: Object.freeze([...purpose.recipients]),
    retention:
      typeof purpose.retention === 'object' ? Object.freeze({ ...purpose.retention }) : purpose.retention,
  });
}

/** Describes a configuration value for an error message (configuration is the brand's, not a user's). */
function describe(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}...` : value);
  if (value === null || value === undefined) return String(value);
  return typeof value === 'object'
    ? Array.isArray(value)
      ? 'a list'
      : 'an object'
    : `${typeof value} ${String(value)}`;
}

/**
 * The purpose's description for a locale: the exact tag, else its language (`es-MX` -> `es`), else
 * `fallbackLocale`, else the first one declared.
 */
export function purposeDescription(purpose: Purpose, locale: string, fallbackLocale = 'en'): string {
  const texts = purpose.description;
  const language = locale.split('-')[0];
  return texts[locale] ?? texts[language] ?? texts[fallbackLocale] ?? Object.values(texts)[0] ?? '';
}
