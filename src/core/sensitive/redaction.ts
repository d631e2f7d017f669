import { hasIbanShape, validateIban } from './iban';
import { validateCardNumber } from './payment-card';
import { assertTinCountries, validateTin, type TinCountry, type TinKind } from './tax-id';
import { joinsGroups } from './written-number';

/** What {@link redactSensitive} can find: a payment card number, a bank account (IBAN) or a kind of tax id. */
export type SensitiveKind = 'card' | 'iban' | TinKind;

/** The texts that replace what was found. */
export interface RedactionMasks {
  card(last4: string): string;
  iban(last4: string): string;
  taxId(kind: TinKind): string;
}

/** Default masks per locale; pass `masks` to use others. */
export const REDACTION_MASKS: Readonly<Record<'en' | 'es' | 'sv', RedactionMasks>> = {
  en: {
    card: (last4) => `[card ••••${last4}]`,
    iban: (last4) => `[IBAN ••••${last4}]`,
    taxId: () => '[tax id]',
  },
  es: {
    card: (last4) => `[tarjeta ••••${last4}]`,
    iban: (last4) => `[IBAN ••••${last4}]`,
    taxId: () => '[identificador fiscal]',
  },
  sv: {
    card: (last4) => `[kort ••••${last4}]`,
    iban: (last4) => `[IBAN ••••${last4}]`,
    taxId: () => '[id-nummer]',
  },
};

export interface RedactionOptions {
  /** Masks to use; default {@link REDACTION_MASKS}.en. */
  readonly masks?: RedactionMasks;
}

/** The redacted text and, in order of appearance, the kind of each value replaced. */
export interface RedactionResult {
  readonly text: string;
  readonly found: readonly SensitiveKind[];
}

interface Span {
  readonly start: number;
  readonly end: number;
  readonly kind: SensitiveKind;
  readonly mask: string;
}

/** A run of digits or a run of letters, and the text between it and the previous token. */
interface Token {
  readonly start: number;
  readonly end: number;
  readonly digits: boolean;
  /** The token in canonical writing (NFKC, upper case). */
  readonly compact: string;
  /** The text between the previous token and this one (empty when glued, as in `es1234`). */
  readonly gap: string;
  /** True when it touches the previous token with no gap. */
  readonly glued: boolean;
  /** True when the previous token may belong to the same number (see `joinsGroups`). */
  readonly joined: boolean;
}

const TOKEN = /\p{Nd}+|\p{L}+/gu;
/** Longest number searched for, without separators: an IBAN has at most 34 characters. */
const MAX_COMPACT = 34;
/** Letters-only groups longer than this are words, never part of a number (IBAN groups have four). */
const MAX_LETTER_GROUP = 4;
/** The lengths `validateCardNumber` accepts. */
const MIN_CARD_DIGITS = 13;
const MAX_CARD_DIGITS = 19;
/** Tax ids have 7 to 12 digits and at most 13 characters (`ES` + 9 of a DNI). */
const TIN_COMPACT = /^(?=(?:\D*\d){7})[A-Z0-9]{8,13}$/;

/**
 * Replaces payment card numbers, IBANs and tax ids in free text (chat messages, log lines) with masks
 * such as `[card ••••1111]`, `[IBAN ••••1332]` and `[tax id]`.
 *
 * The text is read as people write numbers: groups of digits or letters joined by spaces of any kind,
 * dashes, dots or slashes (the same rules the validators read their input with, see
 * `normaliseWrittenNumber`), so whatever `validateCardNumber`, `validateTin` or `validateIban` accepts
 * is found here too. Every run of groups is tried:
 * - cards: what `validateCardNumber` accepts (brand, length, Luhn), also with a 3-4 digit security
 *   code glued on;
 * - IBANs of any country, validated by ibantools;
 * - tax ids of `countries`, validated by stdnum through {@link validateTin}, as words of their own
 *   (`12 345 678 Z`, `es12345678Z`, `X-1234567-L`). US SSNs have no check digit: any 9 digits that
 *   follow the SSN rules are masked when `US` is listed, so list only the countries the bot serves
 *   (see `tinCountriesOf`).
 * Overlapping finds are masked together, so no digit of either is left behind. Never throws on text.
 */
export function redactSensitive(
  text: string,
  countries: readonly TinCountry[],
  options: RedactionOptions = {},
): RedactionResult {
  assertTinCountries(countries);
  if (typeof text !== 'string' || text.length === 0)
    return { text: typeof text === 'string' ? text : '', found: [] };
  const masks = options.masks ?? REDACTION_MASKS.en;
  const spans = findSpans(text, tokenize(text), [...new Set(countries)], masks);
  // Overlapping finds are masked together (first find's mask), so no digit of either is left behind.
  const masked: Array<{ start: number; end: number; mask: string }> = [];
  const found: SensitiveKind[] = [];
  for (const span of spans) {
    const last = masked[masked.length - 1];
    if (last && span.start < last.end) {
      if (span.end > last.end) {
        last.end = span.end;
        found.push(span.kind);
      }
      continue;
    }
    masked.push({ start: span.start, end: span.end, mask: span.mask });
    found.push(span.kind);
  }
  let result = '';
  let cursor = 0;
  for (const span of masked) {
    result += text.slice(cursor, span.start) + span.mask;
    cursor = span.end;
  }
  return { text: result + text.slice(cursor), found };
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let previousEnd = -1;
  for (const match of text.matchAll(TOKEN)) {
    const start = match.index;
    const gap = previousEnd < 0 ? ' ' : text.slice(previousEnd, start);
    const digits = /^\p{Nd}/u.test(match[0]);
    tokens.push({
      start,
      end: start + match[0].length,
      digits,
      compact: match[0].normalize('NFKC').toUpperCase(),
      gap: previousEnd < 0 ? '' : gap.slice(0, 8),
      glued: previousEnd >= 0 && gap.length === 0,
      joined: previousEnd >= 0 && joinsGroups(gap),
    });
    previousEnd = start + match[0].length;
  }
  return tokens;
}

/** For every token, the longest card, IBAN or tax id starting there, in order of start. */
function findSpans(
  text: string,
  tokens: readonly Token[],
  countries: readonly TinCountry[],
  masks: RedactionMasks,
): Span[] {
  const spans: Span[] = [];
  for (let first = 0; first < tokens.length; first++) {
    if (!tokens[first].digits && !mayStartNumber(tokens, first)) continue;
    let best: Span | undefined;
    let compact = '';
    let allDigits = true;
    for (let last = first; last < tokens.length; last++) {
      const token = tokens[last];
      if (last > first && !token.joined) break;
      if (!token.digits && token.compact.length > MAX_LETTER_GROUP) break;
      compact += token.compact;
      allDigits &&= token.digits;
      if (compact.length > MAX_COMPACT + 4) break;
      const found = allDigits
        ? (cardIn(tokens, first, last, compact, masks) ??
          tinIn(text, tokens, first, last, compact, countries, masks))
        : (ibanIn(text, tokens, first, last, compact, masks) ??
          tinIn(text, tokens, first, last, compact, countries, masks));
      if (found) best = found;
    }
    if (best) spans.push(best);
  }
  return spans;
}

/** A letters-only group starts a number only as a one-letter prefix (NIE `X`, CIF `B`) or a country code. */
function mayStartNumber(tokens: readonly Token[], index: number): boolean {
  const next = tokens[index + 1];
  return Boolean(next?.joined && next.digits && tokens[index].compact.length <= 2);
}

function cardIn(
  tokens: readonly Token[],
  first: number,
  last: number,
  compact: string,
  masks: RedactionMasks,
): Span | undefined {
  const start = tokens[first].start;
  const end = tokens[last].end;
  const length = compact.length;
  if (length >= MIN_CARD_DIGITS && length <= MAX_CARD_DIGITS) {
    const card = validateCardNumber(compact);
    if (card.valid) return { start, end, kind: 'card', mask: masks.card(card.last4) };
  }
  // A 15 or 16 digit card with its 3 or 4 digit security code glued on (no gap before the code).
  for (const cvv of [3, 4]) {
    const number = compact.slice(0, length - cvv);
    if ((number.length === 15 || number.length === 16) && tokens[last].compact.length > cvv) {
      const card = validateCardNumber(number);
      if (card.valid) return { start, end, kind: 'card', mask: masks.card(card.last4) };
    }
  }
  return undefined;
}

/** True when the tokens from `first` to `last` are a word of their own (not glued to more letters or digits). */
function standsAlone(tokens: readonly Token[], first: number, last: number): boolean {
  return !tokens[first].glued && !tokens[last + 1]?.glued;
}

function ibanIn(
  text: string,
  tokens: readonly Token[],
  first: number,
  last: number,
  compact: string,
  masks: RedactionMasks,
): Span | undefined {
  if (!hasIbanShape(compact) || !standsAlone(tokens, first, last)) return undefined;
  const iban = validateIban(text.slice(tokens[first].start, tokens[last].end));
  return iban.valid
    ? { start: tokens[first].start, end: tokens[last].end, kind: 'iban', mask: masks.iban(iban.last4) }
    : undefined;
}

function tinIn(
  text: string,
  tokens: readonly Token[],
  first: number,
  last: number,
  compact: string,
  countries: readonly TinCountry[],
  masks: RedactionMasks,
): Span | undefined {
  if (countries.length === 0 || !TIN_COMPACT.test(compact) || !standsAlone(tokens, first, last)) {
    return undefined;
  }
  // A country code starts the id only glued or by a dash (`ES-1234…`): in `es 1234…` it is a word.
  if (!tokens[first].digits && tokens[first].compact.length === 2 && /\s/u.test(tokens[first + 1].gap)) {
    return undefined;
  }
  // A check letter set apart ends the id only as a single letter (`12 345 678 Z`), never as a word.
  if (!tokens[last].digits && last > first && !tokens[last].glued && tokens[last].compact.length > 1) {
    return undefined;
  }
  const written = text.slice(tokens[first].start, tokens[last].end);
  const tin = validateTin(written, countries);
  return tin.valid
    ? { start: tokens[first].start, end: tokens[last].end, kind: tin.kind, mask: masks.taxId(tin.kind) }
    : undefined;
}
