import { findPhoneNumbersInText, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max';
import { ConfigurationError } from '../errors';

/**
 * One phone number in a text: `text.slice(start, end)`, and the number in E.164 (`+34612345678`); empty
 * when it was taken for one on its shape alone (see {@link findPhoneNumbers}).
 */
export interface PhoneMatch {
  readonly start: number;
  readonly end: number;
  readonly e164: string;
}

/** An ISO 3166 region code libphonenumber knows, e.g. `ES`, `SE`, `US`. */
export type PhoneRegion = CountryCode;

const REGION = /^[A-Z]{2}$/;

/** @throws ConfigurationError unless every region is a two-letter upper-case code. */
export function assertPhoneRegions(regions: readonly string[]): void {
  if (
    !Array.isArray(regions) ||
    regions.some((region) => typeof region !== 'string' || !REGION.test(region))
  ) {
    throw new ConfigurationError('phoneRegions must be two-letter region codes such as "ES", "SE", "US".');
  }
}

/** What a phone number is written with: digits (ASCII or full-width), spaces, `+ ( ) . - /`. */
const PHONE_CHARACTERS = /^[0-9\uFF10-\uFF19\s+().\-/\u2010-\u2015]+$/u;
/**
 * A stretch of text written only with those characters, starting with a digit, `+` or `(`, on one line
 * and with single spaces: two spaces or a line break end a number (`070-123 45 67  612 34 56 78` is two);
 * a `+` belongs to a number only right before a digit.
 */
const PHONE_RUN =
  /(?:[0-9\uFF10-\uFF19(]|\+(?=[0-9\uFF10-\uFF19]))(?:[0-9\uFF10-\uFF19().\-/\u2010-\u2015]|\+(?=[0-9\uFF10-\uFF19])|[ \t\u00A0\u202F](?![ \t\u00A0\u202F])){5,}/gu;
/** Dates people write (`2026-03-04`, `04/03/2026`, `4.3.26`): never phone numbers. */
const DATE = /^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})$/u;
/** How tax ids are written (`123-45-6789`, `570623-3673`): a number written so is not a phone number. */
const TAX_ID_WRITING = /^(?:\d{3}-\d{2}-\d{4}|\d{6}[-+]\d{4}|\d{8}[-+]\d{4})$/u;
/** Around a number: a letter, digit or `#` glued to it makes it part of a code (`ORD-2026-0048`, `#4821`). */
const CODE_BEFORE = /(?:[\p{L}\p{N}#_]|[\p{L}\p{N}][-./])$/u;
const CODE_AFTER = /^(?:[\p{L}\p{N}_]|[-./][\p{L}\p{N}])/u;

/**
 * Where phone numbers are in `text`, in order, with libphonenumber-js and its full metadata: numbers in
 * international format (`+46 70 123 45 67`, `0034 612…`) of any country, and numbers in the national
 * format of `regions` (`612 34 56 78` in Spain, `070-123 45 67` in Sweden), each accepted only when it is
 * a valid number of its country (length and number plan) written as a number of its own: not glued to
 * letters or a `#` (order codes), not a date, not in the writing of a tax id (`123-45-6789`,
 * `570623-3673`), and, in countries that dial a trunk `0`, with that `0`.
 * A number found for two regions is reported once.
 */
export function findPhoneNumbers(text: string, regions: readonly PhoneRegion[]): PhoneMatch[] {
  if (typeof text !== 'string' || !/\d/.test(text)) return [];
  const found = new Map<number, PhoneMatch>();
  // libphonenumber's matcher reads across commas (`0046 70…, 612…` as one number): each run of the
  // characters a phone number is written with is read on its own.
  let budget = READ_BUDGET;
  for (const run of text.matchAll(PHONE_RUN)) {
    for (const piece of piecesOf(run[0], run.index)) {
      const cost = piece.text.length * Math.max(1, regions.length);
      const phones = cost <= budget ? read(text, piece, regions) : byShape(text, piece);
      if (cost <= budget) budget -= cost;
      for (const phone of phones) {
        const known = found.get(phone.start);
        if (!known || known.end < phone.end) found.set(phone.start, phone);
      }
    }
  }
  return [...found.values()].sort((a, b) => a.start - b.start);
}

/** The longest stretch read at once: a phone number is written in far fewer characters. */
const MAX_PIECE = 64;
/**
 * Characters (times regions) libphonenumber reads per text. A text built to be expensive (`1 1 1 1…`)
 * costs at most this much; beyond it, stretches with the digits of a phone number are taken for one on
 * their shape alone: such a text is protected more broadly, never slowly.
 */
const READ_BUDGET = 1_500;

/** A run cut at spaces into pieces of at most {@link MAX_PIECE} characters (a number across a cut is two). */
function piecesOf(run: string, at: number): Array<{ text: string; at: number }> {
  // A closing bracket nothing opened ends the text before it (`… 00 00 ) 070-…` is two runs).
  const close = unopenedBracket(run);
  if (close >= 0) {
    return [...piecesOf(run.slice(0, close), at), ...piecesOf(run.slice(close + 1), at + close + 1)].filter(
      (piece) => /\d/.test(piece.text),
    );
  }
  if (run.length <= MAX_PIECE) return [{ text: run, at }];
  const pieces: Array<{ text: string; at: number }> = [];
  let start = 0;
  while (start < run.length) {
    let end = Math.min(run.length, start + MAX_PIECE);
    const space = run.lastIndexOf(' ', end);
    if (end < run.length && space > start) end = space;
    pieces.push({ text: run.slice(start, end), at: at + start });
    start = end;
  }
  return pieces;
}

/** Where the first `)` without a `(` before it is in `run`, or -1. */
function unopenedBracket(run: string): number {
  let open = 0;
  for (let i = 0; i < run.length; i++) {
    if (run[i] === '(') open++;
    else if (run[i] === ')' && open-- === 0) return i;
  }
  return -1;
}

/** The valid phone numbers libphonenumber finds in a piece, for each region. */
function read(
  text: string,
  piece: { text: string; at: number },
  regions: readonly PhoneRegion[],
): PhoneMatch[] {
  const phones: PhoneMatch[] = [];
  for (const region of regions.length > 0 ? regions : [undefined]) {
    for (const match of findPhoneNumbersInText(piece.text, region ? { defaultCountry: region } : undefined)) {
      const phone = accepted(text, piece.at + match.startsAt, piece.at + match.endsAt, match.number);
      if (phone) phones.push(phone);
    }
  }
  return phones;
}

/** Past the budget: a piece with 7 to 15 digits, written as a phone number, is taken for one. */
function byShape(text: string, piece: { text: string; at: number }): PhoneMatch[] {
  let start = piece.at;
  let end = piece.at + piece.text.length;
  while (start < end && /\s/u.test(text[start])) start++;
  while (end > start && /[\s.\-/]/u.test(text[end - 1])) end--;
  const written = text.slice(start, end);
  const digits = written.replace(/\D/g, '').length;
  if (digits < 7 || digits > 15 || !writtenAsPhoneNumber(text, start, end, written)) return [];
  return [{ start, end, e164: '' }];
}

/** The number at `start`-`end` of `text` (spaces and trailing separators trimmed), unless it is not one. */
function accepted(text: string, start: number, end: number, number: PhoneNumber): PhoneMatch | undefined {
  while (start < end && /\s/u.test(text[start])) start++;
  while (end > start && /[\s.\-/]/u.test(text[end - 1])) end--;
  // An opening bracket without its closing one is the text's, not the number's (`(+46 70…`).
  if (text[start] === '(' && !text.slice(start, end).includes(')')) start++;
  const written = text.slice(start, end);
  if (!writtenAsPhoneNumber(text, start, end, written)) return undefined;
  const digits = written.replace(/\D/g, '');
  const international = written.startsWith('+') || digits.startsWith('00');
  // A national number written without the trunk 0 its country dials (`12345678` in Sweden) is a code.
  if (
    !international &&
    number.formatNational().replace(/\D/g, '').startsWith('0') &&
    !digits.startsWith('0')
  ) {
    return undefined;
  }
  return { start, end, e164: number.number };
}

function writtenAsPhoneNumber(text: string, start: number, end: number, written: string): boolean {
  return (
    PHONE_CHARACTERS.test(written) &&
    !DATE.test(written) &&
    !TAX_ID_WRITING.test(written) &&
    !CODE_BEFORE.test(text.slice(Math.max(0, start - 2), start)) &&
    !CODE_AFTER.test(text.slice(end, end + 2))
  );
}
