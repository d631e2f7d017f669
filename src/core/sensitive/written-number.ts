/**
 * How people write numbers such as card numbers, tax ids and IBANs: in groups separated by spaces of any
 * kind (double spaces, tabs, no-break spaces), dashes of any kind, dots or slashes, sometimes with
 * spaces around the separator (`4111 - 1111`), sometimes in full-width digits. This is the one place
 * that knows it: the validators read their input through {@link normaliseWrittenNumber} and the
 * redactor joins groups with {@link joinsGroups}, so whatever a validator accepts, the redactor finds.
 */

/** Dashes people type or paste between groups: hyphen-minus, Unicode hyphens and dashes, minus signs. */
const DASHES = '\\-\\u2010-\\u2015\\u2212\\uFE58\\uFE63\\uFF0D';

/** Spaces on one line: space, tab, no-break and narrow no-break spaces, the typographic spaces. */
const SPACES = '\\t \\u00A0\\u1680\\u2000-\\u200A\\u202F\\u205F\\u3000';
const SPACE_RUN = new RegExp(`[${SPACES}]+`, 'gu');

/** A gap between two groups of one number: up to three spaces, or one separator with up to two spaces around it. */
const GROUP_GAP = new RegExp(`^(?:[${SPACES}]{1,3}|[${SPACES}]{0,2}[${DASHES}./+][${SPACES}]{0,2})$`, 'u');

/** A number never continues on the next line. */
const LINE_BREAK = /[\n\v\f\r\u0085\u2028\u2029]/u;

const ANY_DASH = new RegExp(`[${DASHES}]`, 'gu');

/**
 * The number in a canonical writing, still with its separators: NFKC (full-width digits and letters,
 * no-break spaces become plain ones), every dash `-`, every run of spaces one space, no spaces around
 * `-`, `.`, `/`, `+`, upper case, trimmed. `'es 12 345 678 – z'` → `'ES 12 345 678-Z'`. A line break
 * inside stays: a number is written on one line (see {@link breaksLine}).
 */
export function normaliseWrittenNumber(input: string): string {
  return input
    .normalize('NFKC')
    .replace(ANY_DASH, '-')
    .replace(SPACE_RUN, ' ')
    .replace(/ ?([-./+]) ?/g, '$1')
    .trim()
    .toUpperCase();
}

/** The number without any separator: `'4111 - 1111\t1111.1111'` → `'4111111111111111'`. */
export function compactWrittenNumber(input: string): string {
  return normaliseWrittenNumber(input).replace(/[ \-./+]/g, '');
}

/** True when the (trimmed) input goes over more than one line: then it is not one number. */
export function breaksLine(input: string): boolean {
  return LINE_BREAK.test(input.trim());
}

/** True when `gap` (the text between two groups of letters or digits) may separate groups of one number. */
export function joinsGroups(gap: string): boolean {
  return gap.length === 0 || GROUP_GAP.test(gap);
}
