/**
 * Longest text message per channel id, in UTF-16 code units (JavaScript string length). Messenger
 * rejects text over 2000 characters; a code-unit count is never below the character count, so a chunk
 * within the limit here is within the channel's limit too.
 */
export const CHANNEL_TEXT_LIMITS: Readonly<Record<string, number>> = Object.freeze({
  facebook: 2000,
  telegram: 4096,
  line: 5000,
  sms: 1600,
});

/** Limit for channels not in {@link CHANNEL_TEXT_LIMITS}. */
export const DEFAULT_TEXT_LIMIT = 4000;

/** The text limit of a channel (see {@link CHANNEL_TEXT_LIMITS}), or {@link DEFAULT_TEXT_LIMIT}. */
export function textLimitFor(channelId: string | undefined): number {
  return (
    (channelId && Object.hasOwn(CHANNEL_TEXT_LIMITS, channelId) && CHANNEL_TEXT_LIMITS[channelId]) ||
    DEFAULT_TEXT_LIMIT
  );
}

// Break finders, best first. Each returns candidate split positions p (the chunk is text[0, p)).
const PARAGRAPH = /\n[^\S\n]*\n/g;
const LINE = /\n/g;
// After closing punctuation (and closing quotes/brackets) that is followed by whitespace; CJK full stops
// need no whitespace after them.
const SENTENCE = /[.!?…]["'”’»)\]]*(?=\s)|[。！？]/g;
const WORD = /\s/g;

const FINDERS: ReadonlyArray<(window: string) => number[]> = [
  (window) => starts(window, PARAGRAPH),
  (window) => starts(window, LINE),
  (window) => ends(window, SENTENCE),
  (window) => starts(window, WORD),
];

/**
 * Splits a long message into chunks of at most `limit` UTF-16 code units, for channels that reject
 * longer messages. Breaks at the last paragraph break that fills at least half a chunk, else the last
 * line break, sentence end, then space; only a text without any of them is cut, and then between
 * grapheme clusters (never inside a surrogate pair or an emoji sequence unless one cluster alone is
 * longer than the limit, when it is cut between code points).
 *
 * Whitespace at split points is dropped, so chunks never start or end with it (a text that needs
 * splitting also loses its leading and trailing whitespace); text that fits is returned unchanged.
 * Empty or whitespace-only text gives no chunks.
 * @throws RangeError when `limit` is not a whole number of at least 2 (an astral character takes 2).
 */
export function splitMessage(text: string, limit: number): string[] {
  if (typeof text !== 'string') throw new TypeError('splitMessage needs the message text as a string.');
  if (!Number.isInteger(limit) || limit < 2) {
    throw new RangeError('splitMessage needs a limit that is a whole number of at least 2.');
  }
  if (text.trim() === '') return [];
  if (text.length <= limit) return [text];

  const chunks: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const at = breakPosition(rest, limit);
    chunks.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  if (rest) chunks.push(rest);
  return chunks;
}

/** Where to cut `text` (longer than `limit`, no leading whitespace): 0 < position <= limit. */
function breakPosition(text: string, limit: number): number {
  const window = text.slice(0, limit + 1);
  // The chunk before a break must hold something other than whitespace.
  const usable = (p: number) => p > 0 && p <= limit && window.slice(0, p).trim() !== '';
  const candidates = FINDERS.map((find) => find(window).filter(usable));
  const halfFull = Math.floor(limit / 2);
  for (const found of candidates) {
    const last = found.at(-1);
    if (last !== undefined && last >= halfFull) return last;
  }
  for (const found of candidates) {
    const last = found.at(-1);
    if (last !== undefined) return last;
  }
  return hardBreak(window, limit);
}

/** Last grapheme boundary within the limit; else the last code point boundary. */
function hardBreak(window: string, limit: number): number {
  // A boundary depends only on what precedes it and the character at it, so boundaries found in the
  // window (which holds the character at `limit`) are boundaries of the whole text.
  if (/^[\x21-\x7e]*$/.test(window)) return limit; // printable ASCII: every position is a boundary
  let best = 0;
  for (const { index } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(window)) {
    if (index > 0 && index <= limit) best = index;
  }
  if (best > 0) return best;
  return isHighSurrogate(window.charCodeAt(limit - 1)) ? limit - 1 : limit;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function starts(window: string, pattern: RegExp): number[] {
  return [...window.matchAll(pattern)].map((match) => match.index);
}

function ends(window: string, pattern: RegExp): number[] {
  return [...window.matchAll(pattern)].map((match) => match.index + match[0].length);
}
