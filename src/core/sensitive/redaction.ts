import { hasIbanShape, validateIban } from './iban';
import { MAX_CARD_DIGITS, MIN_CARD_DIGITS, validateCardNumber } from './payment-card';
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

/**
 * One stretch of a text that holds a sensitive value (see {@link findSensitive}): `text.slice(start, end)`.
 * When finds overlap they are one match (so no digit of either is left behind), of the first find's kind.
 */
export interface SensitiveMatch {
  readonly start: number;
  readonly end: number;
  /** The kind of the first find of the stretch. */
  readonly kind: SensitiveKind;
  /** The last four characters of a card number or IBAN (for masks such as `[card ••••1111]`). */
  readonly last4?: string;
  /** The kind of every find merged into this stretch, in order (the first is `kind`). */
  readonly kinds: readonly SensitiveKind[];
}

interface Span {
  readonly start: number;
  readonly end: number;
  readonly kind: SensitiveKind;
  readonly last4?: string;
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
/** The compact shapes of each country's tax ids: a cheap test before stdnum. */
const TIN_SHAPES: Readonly<Record<TinCountry, RegExp>> = {
  ES: /^(?:ES)?[0-9A-Z]\d{7}[0-9A-Z]$/,
  SE: /^(?:\d{10}|\d{12})$/,
  US: /^\d{9}$/,
};
/** Card-validator accepts UnionPay numbers (these prefixes) without the Luhn check. */
const NO_LUHN_PREFIX = /^(?:62|81)/;

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
  const matches = findSensitive(text, countries);
  if (typeof text !== 'string') return { text: '', found: [] };
  const masks = options.masks ?? REDACTION_MASKS.en;
  let result = '';
  let cursor = 0;
  for (const match of matches) {
    result += text.slice(cursor, match.start) + maskOf(match, masks);
    cursor = match.end;
  }
  return { text: result + text.slice(cursor), found: matches.flatMap((match) => match.kinds) };
}

/**
 * Where {@link redactSensitive} finds payment card numbers, IBANs and tax ids of `countries` in `text`:
 * the one detection both the redactor and the PII shield (`botbuilder-privacy/shield`) use. Matches
 * come in order and never overlap. Never throws on text.
 * @throws ConfigurationError for an unsupported country.
 */
export function findSensitive(text: string, countries: readonly TinCountry[]): SensitiveMatch[] {
  assertTinCountries(countries);
  if (typeof text !== 'string' || text.length === 0) return [];
  const spans = findSpans(text, tokenize(text), [...new Set(countries)]);
  // Overlapping finds are one match (the first find's kind), so no digit of either is left behind.
  const matches: Array<{
    start: number;
    end: number;
    kind: SensitiveKind;
    last4?: string;
    kinds: SensitiveKind[];
  }> = [];
  for (const span of spans) {
    const last = matches[matches.length - 1];
    if (last && span.start < last.end) {
      if (span.end > last.end) {
        last.end = span.end;
        last.kinds.push(span.kind);
      }
      continue;
    }
    matches.push({ ...span, kinds: [span.kind] });
  }
  return matches;
}

function maskOf(match: SensitiveMatch, masks: RedactionMasks): string {
  if (match.kind === 'card') return masks.card(match.last4 ?? '');
  if (match.kind === 'iban') return masks.iban(match.last4 ?? '');
  return masks.taxId(match.kind);
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

/**
 * Exact checks (card-validator, stdnum) allowed per text. A text built to be expensive (thousands of
 * digit groups) costs at most this many; beyond it, shapes that pass the cheap checks (Luhn, the id's
 * shape) are masked without the exact one: such a text is redacted more broadly, never slowly.
 */
const MAX_EXACT_CHECKS = 300;

/** The kind reported for a tax id masked on its shape alone (see {@link MAX_EXACT_CHECKS}). */
const SHAPE_KIND: Readonly<Record<TinCountry, TinKind>> = {
  ES: 'es_dni',
  SE: 'se_personnummer',
  US: 'us_ssn',
};

/** For every token, the longest card, IBAN or tax id starting there, in order of start. */
function findSpans(text: string, tokens: readonly Token[], countries: readonly TinCountry[]): Span[] {
  const search = new SpanSearch(text, tokens, countries);
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
        ? (search.card(first, last, compact) ?? search.tin(first, last, compact))
        : (search.iban(first, last, compact) ?? search.tin(first, last, compact));
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

/** Checks the candidates of one text: tokens `first` to `last`, `compact` their characters. */
class SpanSearch {
  private exactChecks = MAX_EXACT_CHECKS;

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
    private readonly countries: readonly TinCountry[],
  ) {}

  card(first: number, last: number, compact: string): Span | undefined {
    const length = compact.length;
    if (length >= MIN_CARD_DIGITS && length <= MAX_CARD_DIGITS && mayBeCard(compact)) {
      const last4 = this.cardLast4(compact);
      if (last4) return this.span(first, last, 'card', last4);
    }
    // A 15 or 16 digit card with its 3 or 4 digit security code glued on (no gap before the code).
    for (const cvv of [3, 4]) {
      const number = compact.slice(0, length - cvv);
      const fits = (number.length === 15 || number.length === 16) && this.tokens[last].compact.length > cvv;
      if (fits && mayBeCard(number)) {
        const last4 = this.cardLast4(number);
        if (last4) return this.span(first, last, 'card', last4);
      }
    }
    return undefined;
  }

  iban(first: number, last: number, compact: string): Span | undefined {
    if (!hasIbanShape(compact) || !this.standsAlone(first, last)) return undefined;
    const iban = validateIban(this.written(first, last));
    return iban.valid ? this.span(first, last, 'iban', iban.last4) : undefined;
  }

  tin(first: number, last: number, compact: string): Span | undefined {
    const shaped = this.countries.filter((country) => TIN_SHAPES[country].test(compact));
    if (shaped.length === 0 || !this.standsAlone(first, last)) return undefined;
    const tokens = this.tokens;
    // A country code starts the id only glued or by a dash (`ES-1234…`): in `es 1234…` it is a word.
    if (!tokens[first].digits && tokens[first].compact.length === 2 && /\s/u.test(tokens[first + 1].gap)) {
      return undefined;
    }
    // A check letter set apart ends the id only as a single letter (`12 345 678 Z`), never as a word.
    if (!tokens[last].digits && last > first && !tokens[last].glued && tokens[last].compact.length > 1) {
      return undefined;
    }
    if (!this.exactCheck()) {
      const kind = SHAPE_KIND[shaped[0]];
      return this.span(first, last, kind);
    }
    const tin = validateTin(this.written(first, last), shaped);
    return tin.valid ? this.span(first, last, tin.kind) : undefined;
  }

  /** The last four digits when card-validator accepts the number (or the budget is spent). */
  private cardLast4(digits: string): string | undefined {
    if (!this.exactCheck()) return digits.slice(-4);
    const card = validateCardNumber(digits);
    return card.valid ? card.last4 : undefined;
  }

  private exactCheck(): boolean {
    if (this.exactChecks === 0) return false;
    this.exactChecks--;
    return true;
  }

  /** True when the tokens from `first` to `last` are a word of their own (not glued to more letters or digits). */
  private standsAlone(first: number, last: number): boolean {
    return !this.tokens[first].glued && !this.tokens[last + 1]?.glued;
  }

  private written(first: number, last: number): string {
    return this.text.slice(this.tokens[first].start, this.tokens[last].end);
  }

  private span(first: number, last: number, kind: SensitiveKind, last4?: string): Span {
    const span = { start: this.tokens[first].start, end: this.tokens[last].end, kind };
    return last4 === undefined ? span : { ...span, last4 };
  }
}

/** A cheap test before card-validator: the Luhn check, or a prefix that may skip it. */
function mayBeCard(digits: string): boolean {
  return luhnValid(digits) || NO_LUHN_PREFIX.test(digits);
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let digit = digits.charCodeAt(i) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}
