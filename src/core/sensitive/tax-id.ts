import { stdnum, type Validator } from 'stdnum';
import { calcCheckDigit as dniCheckLetter } from 'stdnum/lib/cjs/es/dni';
import { ConfigurationError } from '../errors';
import { breaksLine, normaliseWrittenNumber } from './written-number';

/** Countries whose tax identification numbers (TINs) are recognised. */
export type TinCountry = 'ES' | 'SE' | 'US';

/** The supported countries. */
export const TIN_COUNTRIES: readonly TinCountry[] = ['ES', 'SE', 'US'];

/**
 * Kinds of TIN: Spain DNI (citizens), NIE (foreigners), CIF (companies); Sweden personnummer (people,
 * including samordningsnummer) and organisationsnummer; US SSN (people) and EIN (employers).
 */
export type TinKind = 'es_dni' | 'es_nie' | 'es_cif' | 'se_personnummer' | 'se_orgnr' | 'us_ssn' | 'us_ein';

/** Why an input is not a TIN: `checksum` means the shape is right but a check digit/letter is wrong (a typo). */
export type TinInvalidReason = 'empty' | 'too_long' | 'format' | 'checksum';

/** Outcome of {@link validateTin}. `normalized` is the compact form to store (upper case, no spaces). */
export type TinValidation =
  | {
      readonly valid: true;
      readonly country: TinCountry;
      readonly kind: TinKind;
      readonly holder: 'person' | 'organization';
      readonly normalized: string;
    }
  | { readonly valid: false; readonly reason: TinInvalidReason };

export interface TinValidationOptions {
  /** Accept only these kinds (e.g. only personal ids). Default: every kind of the given countries. */
  readonly kinds?: readonly TinKind[];
}

interface KindRule {
  readonly kind: TinKind;
  readonly country: TinCountry;
  readonly holder: 'person' | 'organization';
  readonly validator: Validator;
  /** Brings common ways of writing the number into the form the stdnum validator expects. */
  readonly prepare: (input: string) => string;
  /** The shape of the prepared number; stdnum then checks its digits, dates and check characters. */
  readonly shape: RegExp;
  readonly extraCheck?: (compact: string) => boolean;
}

/** Longer inputs are refused before any parsing. */
const MAX_INPUT_LENGTH = 40;

const spanish = (input: string): string => {
  const compact = input.toUpperCase().replace(/[\s.\-/]/g, '');
  return compact.length === 11 && compact.startsWith('ES') ? compact.slice(2) : compact;
};

const RULES: readonly KindRule[] = [
  {
    kind: 'es_dni',
    country: 'ES',
    holder: 'person',
    validator: stdnum.ES.dni,
    prepare: spanish,
    shape: /^[0-9KLM]\d{7}[A-Z]$/,
    // stdnum accepts K/L/M DNIs on shape alone; they use the same check letter over their 7 digits.
    extraCheck: (c) => !'KLM'.includes(c[0]) || dniCheckLetter(c.slice(1, 8)) === c[8],
  },
  {
    kind: 'es_nie',
    country: 'ES',
    holder: 'person',
    validator: stdnum.ES.nie,
    prepare: spanish,
    shape: /^[XYZ]\d{7}[A-Z]$/,
  },
  {
    kind: 'es_cif',
    country: 'ES',
    holder: 'organization',
    validator: stdnum.ES.cif,
    prepare: spanish,
    shape: /^[ABCDEFGHJNPQRSUVW]\d{7}[0-9A-J]$/,
  },
  {
    kind: 'se_personnummer',
    country: 'SE',
    holder: 'person',
    validator: stdnum.SE.personnummer,
    // stdnum needs the separator before the last four digits; people often leave it out.
    prepare: (input) => {
      const compact = input.replace(/\s/g, '');
      return /^(?:\d{10}|\d{12})$/.test(compact) ? `${compact.slice(0, -4)}-${compact.slice(-4)}` : compact;
    },
    shape: /^(?:\d{2})?\d{6}[-+]\d{4}$/,
  },
  {
    kind: 'se_orgnr',
    country: 'SE',
    holder: 'organization',
    validator: stdnum.SE.orgnr,
    // The 12-digit form carries a "16" century-like prefix.
    prepare: (input) => {
      const compact = input.replace(/[\s-]/g, '');
      return /^16\d{10}$/.test(compact) ? compact.slice(2) : compact;
    },
    shape: /^\d{10}$/,
    // The first digit is the legal form group (1-9); a leading 0 is a phone number such as 0034…
    extraCheck: (c) => c[0] !== '0',
  },
  {
    kind: 'us_ssn',
    country: 'US',
    holder: 'person',
    validator: stdnum.US.ssn,
    // 123-45-6789 or 9 bare digits; 12-3456789 is written as an EIN.
    prepare: (input) => input.replace(/\s/g, ''),
    shape: /^(?:\d{3}-\d{2}-\d{4}|\d{9})$/,
  },
  {
    kind: 'us_ein',
    country: 'US',
    holder: 'organization',
    validator: stdnum.US.ein,
    prepare: (input) => input.replace(/\s/g, ''),
    shape: /^(?:\d{2}-\d{7}|\d{9})$/,
  },
];

/** @throws ConfigurationError unless `countries` is a list of supported country codes. */
export function assertTinCountries(countries: readonly TinCountry[]): void {
  if (!Array.isArray(countries))
    throw new ConfigurationError(`Tax id countries must be a list such as ['ES', 'SE', 'US'].`);
  for (const country of countries) {
    if (!TIN_COUNTRIES.includes(country)) {
      throw new ConfigurationError(
        `Tax id country ${JSON.stringify(country)} is not supported; use ${TIN_COUNTRIES.join(', ')}.`,
      );
    }
  }
}

/**
 * Validates a tax identification number with the `stdnum` rules of the given countries (check letters,
 * Luhn digits, birth dates, reserved ranges). Tried in the order of `countries`, then DNI/NIE/CIF,
 * personnummer/orgnr, SSN/EIN: nine bare digits in the US are an SSN first (write `12-3456789` for an
 * EIN, or pass `kinds`). Groups may be separated as people write them (see `normaliseWrittenNumber`:
 * `12 345 678 Z`, `es12345678z`, `536 - 90 - 4399`). Never throws on user input.
 * @throws ConfigurationError when `countries` holds an unsupported country code.
 */
export function validateTin(
  input: string,
  countries: readonly TinCountry[],
  options: TinValidationOptions = {},
): TinValidation {
  assertTinCountries(countries);
  if (typeof input !== 'string' || input.trim().length === 0) return { valid: false, reason: 'empty' };
  if (input.length > MAX_INPUT_LENGTH) return { valid: false, reason: 'too_long' };
  if (breaksLine(input)) return { valid: false, reason: 'format' };
  const text = normaliseWrittenNumber(input);

  let reason: TinInvalidReason = 'format';
  for (const country of countries) {
    for (const rule of RULES) {
      if (rule.country !== country || (options.kinds && !options.kinds.includes(rule.kind))) continue;
      const prepared = rule.prepare(text);
      if (!rule.shape.test(prepared)) continue;
      const result = rule.validator.validate(prepared);
      if (result.isValid && (!rule.extraCheck || rule.extraCheck(result.compact))) {
        return { valid: true, country, kind: rule.kind, holder: rule.holder, normalized: result.compact };
      }
      if (result.isValid || result.error.name === 'InvalidChecksum') reason = 'checksum';
    }
  }
  return { valid: false, reason };
}

/** EU and EEA member states, for jurisdictions given as a member state. */
const EEA = new Set(
  'AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK IS LI NO'.split(' '),
);

/**
 * The tax id countries that matter to a bot of a jurisdiction (as written on consent receipts): `ES`
 * → ES; `SE` → SE; `US` or `US-CA` → US; `EU`, `EEA` or another member state → the supported EU
 * countries (ES, SE). Any other jurisdiction gets every supported country. So an EU bot does not take a
 * Spanish mobile number (`612345678`) for a US SSN.
 */
export function tinCountriesOf(jurisdiction: string): TinCountry[] {
  const code = String(jurisdiction).toUpperCase().split('-')[0];
  if ((TIN_COUNTRIES as readonly string[]).includes(code)) return [code as TinCountry];
  if (code === 'EU' || code === 'EEA' || EEA.has(code)) return ['ES', 'SE'];
  return [...TIN_COUNTRIES];
}
