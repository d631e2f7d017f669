import { extractIBAN, isValidIBAN } from 'ibantools';
import { compactWrittenNumber } from './written-number';

/** Outcome of {@link validateIban}: the country and last four characters only, never the whole number. */
export type IbanValidation =
  | {
      readonly valid: true;
      /** ISO 3166 country of the account, e.g. `ES`. */
      readonly country: string;
      readonly last4: string;
      /** The IBAN in electronic format (no spaces, upper case). Pass it on; do not store or log it. */
      reveal(): string;
    }
  | { readonly valid: false; readonly reason: 'empty' | 'format' | 'checksum' };

/** The shape of an IBAN in electronic format: country, check digits, 11 to 30 account characters. */
const IBAN_SHAPE = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/;
const MAX_INPUT_LENGTH = 60;

/**
 * Checks an International Bank Account Number with ibantools (country format, bank/branch checks where
 * the country has them, and the ISO 7064 mod-97 check digits). Groups may be separated as people write
 * them (`ES91 2100 0418 4502 0005 1332`, `es91-2100-...`). Never throws on user input.
 */
export function validateIban(input: string): IbanValidation {
  if (typeof input !== 'string' || input.trim().length === 0) return { valid: false, reason: 'empty' };
  if (input.length > MAX_INPUT_LENGTH) return { valid: false, reason: 'format' };
  const iban = compactWrittenNumber(input);
  if (!IBAN_SHAPE.test(iban)) return { valid: false, reason: 'format' };
  if (!isValidIBAN(iban)) return { valid: false, reason: 'checksum' };
  const country = extractIBAN(iban).countryCode ?? iban.slice(0, 2);
  return Object.freeze({ valid: true as const, country, last4: iban.slice(-4), reveal: () => iban });
}

/** True when `compact` (upper case, no separators) has the shape of an IBAN: a cheap test before ibantools. */
export function hasIbanShape(compact: string): boolean {
  return IBAN_SHAPE.test(compact);
}
