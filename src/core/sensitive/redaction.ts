import { assertTinCountries, validateTin, type TinCountry, type TinKind } from './tax-id';

/** What {@link redactSensitive} can find: a payment card number or a kind of tax id. */
export type SensitiveKind = 'card' | TinKind;

/** The texts that replace what was found. */
export interface RedactionMasks {
  card(last4: string): string;
  taxId(kind: TinKind): string;
}

/** Default masks per locale; pass `masks` to use others. */
export const REDACTION_MASKS: Readonly<Record<'en' | 'es' | 'sv', RedactionMasks>> = {
  en: { card: (last4) => `[card ••••${last4}]`, taxId: () => '[tax id]' },
  es: { card: (last4) => `[tarjeta ••••${last4}]`, taxId: () => '[identificador fiscal]' },
  sv: { card: (last4) => `[kort ••••${last4}]`, taxId: () => '[id-nummer]' },
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

/** Digit runs whose digits are separated by at most one space or dash. */
const DIGIT_RUN = /\d(?:[ -]?\d)*/g;
const MIN_CARD_DIGITS = 13;
const MAX_CARD_DIGITS = 19;

/**
 * Where tax ids of each country may be. `find` locates the longest candidate at each start; `whole` and
 * `endsAt` let shorter readings of it be tried too (e.g. `A0000000 0` is not a CIF, `A00000000` is);
 * each reading is then validated by stdnum.
 */
interface TinCandidates {
  readonly find: RegExp;
  readonly whole: RegExp;
  /** True when a candidate may end just before `index` (the id is not glued to more of the same). */
  readonly endsAt: (text: string, index: number) => boolean;
}

const notLetterOrDigitAt = (text: string, index: number) => !/[\p{L}\p{N}]/u.test(text.charAt(index));
const notDigitAt = (text: string, index: number) => !/\p{N}/u.test(text.charAt(index));

// DNI 12345678Z / 12.345.678-Z, NIE X1234567L / X-1234567-L, CIF B58378431, optionally prefixed "ES".
// A check letter may be set apart by a space or dash; a check digit (CIF) may not.
const ES_ID = String.raw`(?:ES-?)?(?:[A-Za-z][ -]?)?\d{1,2}\.?\d{3}\.?\d{3}(?:[ -]?[A-Za-z]|\d)`;
// Personnummer 811228-9874 / 19811228-9874 / 8112289874, organisationsnummer 556036-0793.
const SE_ID = String.raw`(?:\d{2})?\d{6}[-+ ]?\d{4}`;
// SSN 536-90-4399 / 536 90 4399 / 536904399, EIN 04-2103594.
const US_ID = String.raw`(?:\d{3}-\d{2}-\d{4}|\d{3} \d{2} \d{4}|\d{2}-\d{7}|\d{9})`;

const TIN_CANDIDATES: Readonly<Record<TinCountry, TinCandidates>> = {
  ES: {
    find: new RegExp(String.raw`(?<![\p{L}\p{N}])${ES_ID}(?![\p{L}\p{N}])`, 'gu'),
    whole: new RegExp(`^${ES_ID}$`, 'u'),
    endsAt: notLetterOrDigitAt,
  },
  SE: {
    find: new RegExp(String.raw`(?<!\p{N})${SE_ID}(?!\p{N})`, 'gu'),
    whole: new RegExp(`^${SE_ID}$`, 'u'),
    endsAt: notDigitAt,
  },
  US: {
    find: new RegExp(String.raw`(?<![\p{N}-])${US_ID}(?!\p{N}|-\d)`, 'gu'),
    whole: new RegExp(`^${US_ID}$`, 'u'),
    endsAt: (text, index) => notDigitAt(text, index) && !/^-\d/.test(text.slice(index, index + 2)),
  },
};

/**
 * Replaces payment card numbers and tax ids in free text (chat messages, log lines) with masks such as
 * `[card ••••1111]` and `[tax id]`.
 *
 * - Cards: runs of 13-19 digits, optionally grouped by single spaces or dashes, that pass the Luhn check
 *   (any brand; a longer run of groups is searched for a card within it, e.g. a number followed by a CVV).
 * - Tax ids of `countries`: candidates validated by stdnum through {@link validateTin}, so a random
 *   number is not masked unless it is a valid id. US SSNs have no check digit: any 9 digits that follow
 *   the SSN rules are masked when `US` is listed.
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
  const spans = [...findCards(text, masks), ...findTins(text, countries, masks)];
  spans.sort((a, b) => a.start - b.start || rank(a) - rank(b) || b.end - a.end);
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

function rank(span: Span): number {
  return span.kind === 'card' ? 0 : 1;
}

function findCards(text: string, masks: RedactionMasks): Span[] {
  const spans: Span[] = [];
  for (const run of text.matchAll(DIGIT_RUN)) {
    const groups = splitGroups(run[0], run.index);
    let first = 0;
    while (first < groups.length) {
      const found = cardStartingAt(groups, first);
      if (!found) {
        first++;
        continue;
      }
      const digits = groups
        .slice(first, found)
        .map((g) => g.digits)
        .join('');
      spans.push({
        start: groups[first].start,
        end: groups[found - 1].end,
        kind: 'card',
        mask: masks.card(digits.slice(-4)),
      });
      first = found;
    }
  }
  return spans;
}

interface Group {
  readonly digits: string;
  readonly start: number;
  readonly end: number;
}

function splitGroups(run: string, offset: number): Group[] {
  const groups: Group[] = [];
  for (const part of run.matchAll(/\d+/g)) {
    groups.push({ digits: part[0], start: offset + part.index, end: offset + part.index + part[0].length });
  }
  return groups;
}

/** The end (exclusive group index) of the longest Luhn-valid card starting at group `first`, if any. */
function cardStartingAt(groups: readonly Group[], first: number): number | undefined {
  let count = 0;
  let last = first;
  while (last < groups.length && count + groups[last].digits.length <= MAX_CARD_DIGITS) {
    count += groups[last].digits.length;
    last++;
  }
  for (let end = last; end > first; end--) {
    const digits = groups
      .slice(first, end)
      .map((g) => g.digits)
      .join('');
    if (digits.length < MIN_CARD_DIGITS) return undefined;
    if (luhnValid(digits)) return end;
  }
  return undefined;
}

/** The Luhn (mod 10) check used by payment card numbers. */
export function luhnValid(digits: string): boolean {
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

function findTins(text: string, countries: readonly TinCountry[], masks: RedactionMasks): Span[] {
  const spans: Span[] = [];
  for (const country of new Set(countries)) {
    const candidates = TIN_CANDIDATES[country];
    const pattern = new RegExp(candidates.find);
    let match: RegExpExecArray | null;
    while ((match = pattern.exec(text)) !== null) {
      const start = match.index;
      const found = longestValidTin(text, start, start + match[0].length, country, candidates);
      if (found) {
        spans.push({ start, end: found.end, kind: found.kind, mask: masks.taxId(found.kind) });
        pattern.lastIndex = found.end;
      } else {
        // A longer candidate can hide a valid one that starts inside it: look again one character on.
        pattern.lastIndex = start + 1;
      }
    }
  }
  return spans;
}

function longestValidTin(
  text: string,
  start: number,
  longestEnd: number,
  country: TinCountry,
  candidates: TinCandidates,
): { end: number; kind: TinKind } | undefined {
  for (let end = longestEnd; end > start; end--) {
    const candidate = text.slice(start, end);
    if (!candidates.endsAt(text, end) || !candidates.whole.test(candidate)) continue;
    const result = validateTin(candidate, [country]);
    if (result.valid) return { end, kind: result.kind };
  }
  return undefined;
}
