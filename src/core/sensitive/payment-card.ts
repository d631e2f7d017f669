import cardValidator from 'card-validator';
import { compactWrittenNumber } from './written-number';

/** Why a card number was not accepted. */
export type CardNumberInvalidReason = 'empty' | 'format' | 'unknown_brand' | 'length' | 'checksum';

/**
 * Outcome of {@link validateCardNumber}. A valid result carries the brand and last four digits only;
 * the full number is reachable through `reveal()` (a function, so it is absent from JSON, logs and
 * `console.log` of the result) for the one call that hands it to the payment provider.
 */
export type CardNumberValidation =
  | {
      readonly valid: true;
      /** card-validator brand id, e.g. `visa`, `mastercard`, `american-express`. */
      readonly brand: string;
      /** Display name of the brand, e.g. `Visa`. */
      readonly brandName: string;
      readonly last4: string;
      /** The digits without spaces or dashes. Pass them on; do not store or log them. */
      reveal(): string;
    }
  | { readonly valid: false; readonly reason: CardNumberInvalidReason };

/** Outcome of {@link validateCardExpiry}; `year` has four digits. */
export type CardExpiryValidation =
  | { readonly valid: true; readonly month: number; readonly year: number }
  | { readonly valid: false; readonly reason: 'empty' | 'format' | 'expired' };

const MAX_INPUT_LENGTH = 40;
/** Card numbers have 13 to 19 digits (the 12 digit Maestro numbers card-validator knows are not issued). */
export const MIN_CARD_DIGITS = 13;
export const MAX_CARD_DIGITS = 19;

/**
 * Checks a card number typed by a person, its groups separated as people write them (spaces, tabs,
 * dashes, dots; see `normaliseWrittenNumber`): known brand, a length the brand
 * issues and the Luhn check digit (UnionPay numbers, which may not use Luhn, are accepted on length).
 */
export function validateCardNumber(input: string): CardNumberValidation {
  if (typeof input !== 'string' || input.trim().length === 0) return { valid: false, reason: 'empty' };
  if (input.length > MAX_INPUT_LENGTH) return { valid: false, reason: 'format' };
  const digits = compactWrittenNumber(input);
  if (!/^\d+$/.test(digits)) return { valid: false, reason: 'format' };
  const result = cardValidator.number(digits);
  if (!result.card) return { valid: false, reason: result.isPotentiallyValid ? 'length' : 'unknown_brand' };
  if (!result.card.lengths.includes(digits.length) || digits.length < MIN_CARD_DIGITS) {
    return { valid: false, reason: 'length' };
  }
  if (!result.isValid) return { valid: false, reason: 'checksum' };
  const { type, niceType } = result.card;
  return Object.freeze({
    valid: true as const,
    brand: type,
    brandName: niceType,
    last4: digits.slice(-4),
    reveal: () => digits,
  });
}

/**
 * Checks a card expiry such as `12/27`, `12/2027`, `12 27` or `1227` with card-validator: a real month,
 * not in the past (a card is valid through the end of its month) and no more than 19 years ahead.
 */
export function validateCardExpiry(input: string): CardExpiryValidation {
  if (typeof input !== 'string' || input.trim().length === 0) return { valid: false, reason: 'empty' };
  if (input.length > MAX_INPUT_LENGTH) return { valid: false, reason: 'format' };
  const match = /^\s*(\d{1,2})\s*[/\-. ]?\s*(\d{2}|\d{4})\s*$/.exec(input);
  if (!match) return { valid: false, reason: 'format' };
  const month = Number(match[1]);
  const year = match[2].length === 2 ? 2000 + Number(match[2]) : Number(match[2]);
  if (month < 1 || month > 12) return { valid: false, reason: 'format' };
  if (cardValidator.expirationDate({ month: String(month), year: String(year) }).isValid) {
    return { valid: true, month, year };
  }
  const now = new Date();
  const past = year < now.getFullYear() || (year === now.getFullYear() && month < now.getMonth() + 1);
  return { valid: false, reason: past ? 'expired' : 'format' };
}

/** Outcome of {@link validateCardEntry}: a card number and its expiry typed in one message. */
export type CardEntryValidation =
  | {
      readonly valid: true;
      readonly card: Extract<CardNumberValidation, { valid: true }>;
      readonly expiry: { readonly month: number; readonly year: number };
    }
  | {
      readonly valid: false;
      /** `expiry`: no expiry date found or not a real month; `expired`; else why the number is not valid. */
      readonly reason: CardNumberInvalidReason | 'expiry' | 'expired';
    };

/** An expiry such as `12/29`, `12-2029`, `12.29` at the end (or the start) of the message. */
const EXPIRY_AT_END = /(?:^|\s)(\d{1,2}\s?[/.\-]\s?(?:20\d{2}|\d{2}))\s*$/;
const EXPIRY_AT_START = /^\s*(\d{1,2}\s?[/.\-]\s?(?:20\d{2}|\d{2}))(?=\s)/;

/**
 * Checks a card number and its expiry written in one message, e.g. `4111 1111 1111 1111 12/29` (words
 * such as `exp` between them are fine; the expiry may also come first). One message means nothing has
 * to be kept between two questions. Never throws on user input.
 */
export function validateCardEntry(input: string): CardEntryValidation {
  if (typeof input !== 'string' || input.trim().length === 0) return { valid: false, reason: 'empty' };
  if (input.length > 80) return { valid: false, reason: 'format' };
  const atEnd = EXPIRY_AT_END.exec(input);
  const atStart = atEnd ? null : EXPIRY_AT_START.exec(input);
  const expiryText = atEnd?.[1] ?? atStart?.[1];
  if (!expiryText) return { valid: false, reason: 'expiry' };
  const numberText = atEnd ? input.slice(0, atEnd.index) : input.slice(atStart![0].length);
  const card = validateCardNumber(numberText.replace(/^[^\d]+|[^\d]+$/g, ''));
  if (!card.valid) return card;
  const expiry = validateCardExpiry(expiryText);
  if (!expiry.valid) return { valid: false, reason: expiry.reason === 'expired' ? 'expired' : 'expiry' };
  return { valid: true, card, expiry: { month: expiry.month, year: expiry.year } };
}
