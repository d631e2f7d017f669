import { findSensitive, type SensitiveKind } from '../sensitive/redaction';
import type { TinCountry } from '../sensitive/tax-id';
import { compactWrittenNumber } from '../sensitive/written-number';
import { canonicalEmail, findEmailAddresses } from './email-address';
import { findPhoneNumbers, type PhoneRegion } from './phone-number';

/** The kinds of personal data the shield finds, as its placeholders name them (`[CARD_1]`). */
export type PiiType = 'CARD' | 'IBAN' | 'TAX_ID' | 'EMAIL' | 'PHONE';

/** Every {@link PiiType}, in the order overlapping finds are preferred. */
export const PII_TYPES: readonly PiiType[] = ['CARD', 'IBAN', 'TAX_ID', 'EMAIL', 'PHONE'];

/** One item of personal data in a text. */
export interface PiiMatch {
  readonly start: number;
  readonly end: number;
  readonly type: PiiType;
  /** The value in one writing, to tell two writings of one value apart from two values (`4111111111111111`). */
  readonly canonical: string;
}

/** What {@link findPii} looks for. */
export interface PiiDetection {
  /** Countries whose tax ids are found (the redactor's own list). */
  readonly countries: readonly TinCountry[];
  /** Regions whose national phone numbers are found (international ones always are). */
  readonly phoneRegions: readonly PhoneRegion[];
  /** Canonical values never to report (see {@link allowedValues}). */
  readonly allowed?: ReadonlySet<string>;
}

const NO_CHECK_DIGIT: ReadonlySet<SensitiveKind> = new Set<SensitiveKind>(['us_ssn', 'us_ein']);

interface Find {
  start: number;
  end: number;
  type: PiiType;
  /** Which of two finds of one stretch names it: the lower rank. */
  rank: number;
  e164?: string;
}

function typeOf(kind: SensitiveKind): PiiType {
  return kind === 'card' ? 'CARD' : kind === 'iban' ? 'IBAN' : 'TAX_ID';
}

function canonicalOf(type: PiiType, written: string, e164?: string): string {
  if (type === 'PHONE' && e164) return e164;
  if (type === 'EMAIL') return canonicalEmail(written);
  return compactWrittenNumber(written);
}

/**
 * Where personal data is in `text`: payment cards, IBANs and tax ids exactly as the redactor finds them
 * (`findSensitive`: one normaliser, one set of validators), plus e-mail addresses and phone numbers.
 * Matches come in order and never overlap: finds that overlap are one match of the first find's type
 * (a card before a phone number), so no character of either is left behind. Values in `allowed` stay.
 */
export function findPii(text: string, detection: PiiDetection): PiiMatch[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const finds: Find[] = [
    ...findSensitive(text, detection.countries).map((m) => ({
      start: m.start,
      end: m.end,
      type: typeOf(m.kind),
      // US SSNs and EINs have no check digit: a valid phone number in the same place is the better reading.
      rank: NO_CHECK_DIGIT.has(m.kind) ? PII_TYPES.length : PII_TYPES.indexOf(typeOf(m.kind)),
    })),
    ...findEmailAddresses(text).map((m) => ({ ...m, type: 'EMAIL' as const, rank: 3 })),
    ...findPhoneNumbers(text, detection.phoneRegions).map((m) => ({ ...m, type: 'PHONE' as const, rank: 4 })),
  ];
  finds.sort((a, b) => a.start - b.start || b.end - a.end || a.rank - b.rank);
  const merged: Find[] = [];
  for (const find of finds) {
    const last = merged[merged.length - 1];
    if (last && find.start < last.end) {
      if (find.end > last.end) {
        last.end = find.end;
        last.e164 = undefined;
      }
      continue;
    }
    merged.push({ ...find });
  }
  const matches: PiiMatch[] = [];
  for (const { start, end, type, e164 } of merged) {
    const canonical = canonicalOf(type, text.slice(start, end), e164);
    if (!detection.allowed?.has(canonical)) matches.push({ start, end, type, canonical });
  }
  return matches;
}

/**
 * The canonical values of an allow-list, read with the detectors themselves: `+34 900 123 456` allows
 * `900 123 456` too, `Info@Brand.es` allows `info@brand.es`. A listed value no detector finds is kept
 * in its compact writing.
 */
export function allowedValues(values: readonly string[], detection: PiiDetection): Set<string> {
  const allowed = new Set<string>();
  for (const value of values) {
    const matches = findPii(value, { ...detection, allowed: undefined });
    for (const match of matches) allowed.add(match.canonical);
    if (matches.length === 0) allowed.add(compactWrittenNumber(value));
  }
  return allowed;
}
