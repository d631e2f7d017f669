import fc from 'fast-check';
import {
  CHANNEL_TEXT_LIMITS,
  DEFAULT_TEXT_LIMIT,
  splitMessage,
  textLimitFor,
} from '../../src/core/message-splitting';

const WHITESPACE = /^\s*$/;

/**
 * Checks that `original` is w0 c1 w1 c2 ... cn wn with each w whitespace only, and returns the split
 * positions (where each chunk ends in the original).
 */
function splitPoints(original: string, chunks: string[]): number[] {
  const ends: number[] = [];
  let position = 0;
  for (const chunk of chunks) {
    const at = original.indexOf(chunk, position);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(original.slice(position, at)).toMatch(WHITESPACE);
    position = at + chunk.length;
    ends.push(position);
  }
  expect(original.slice(position)).toMatch(WHITESPACE);
  return ends;
}

function isHigh(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
function isLow(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

const piece = fc.oneof(
  fc.constantFrom(' ', '  ', '\n', '\n\n', '\n \n', '. ', '! ', '? ', '." ', '。', '…', '\t'),
  fc.constantFrom('😀', '👩‍👩‍👧', 'e\u0301', '🇸🇪', 'ñ', '中文'),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 4 }),
  fc.stringMatching(/^[a-z]{1,30}$/),
);
const message = fc.array(piece, { maxLength: 60 }).map((pieces) => pieces.join(''));

it('chunks fit the limit, are never empty, and put the text back together (property)', () => {
  fc.assert(
    fc.property(message, fc.integer({ min: 2, max: 80 }), (text, limit) => {
      const chunks = splitMessage(text, limit);
      if (text.trim() === '') {
        expect(chunks).toEqual([]);
        return;
      }
      if (text.length <= limit) {
        expect(chunks).toEqual([text]);
        return;
      }
      for (const chunk of chunks) {
        expect(chunk.length).toBeGreaterThan(0);
        expect(chunk.length).toBeLessThanOrEqual(limit);
        expect(chunk.trim()).toBe(chunk);
      }
      const ends = splitPoints(text, chunks);
      for (const end of ends.slice(0, -1)) {
        // A split never separates the two halves of a surrogate pair.
        expect(isHigh(text.charCodeAt(end - 1)) && isLow(text.charCodeAt(end))).toBe(false);
      }
    }),
    { numRuns: 400 },
  );
});

function words(count: number, word = 'word'): string {
  return Array.from({ length: count }, () => word).join(' ');
}

describe('splitting for Messenger (2000)', () => {
  it('returns a message that fits unchanged, and nothing for a blank one', () => {
    expect(splitMessage('  hello\n', 2000)).toEqual(['  hello\n']);
    expect(splitMessage(' \n\t', 2000)).toEqual([]);
    expect(splitMessage('', 2000)).toEqual([]);
  });

  it('splits between paragraphs first', () => {
    const first = `${words(150)}. ${words(150)}.`; // ~1500 characters, with a sentence end inside
    const second = `${words(100)}.`;
    expect(splitMessage(`${first}\n\n${second}`, 2000)).toEqual([first, second]);
  });

  it('then between lines, then after a sentence, then between words', () => {
    const line = `${words(300)}.`;
    expect(splitMessage(`${line}\n${line}`, 2000)).toEqual([line, line]);
    const sentence = `${words(150)}!`;
    const bySentence = splitMessage(`${sentence} ${sentence} ${sentence}`, 2000);
    expect(bySentence).toEqual([`${sentence} ${sentence}`, sentence]);
    const byWord = splitMessage(words(500, 'abcdefg'), 2000);
    expect(byWord.every((chunk) => /^abcdefg( abcdefg)*$/.test(chunk))).toBe(true);
    expect(byWord.join(' ')).toBe(words(500, 'abcdefg'));
  });

  it('does not cut off a tiny first chunk at an early paragraph break', () => {
    const chunks = splitMessage(`Quote\n\n${words(300, 'lorem')}. ${words(300, 'ipsum')}.`, 2000);
    expect(chunks[0].startsWith('Quote\n\nlorem')).toBe(true);
    expect(chunks[0].length).toBeGreaterThan(1000);
  });

  it('cuts text without spaces at the limit, between emoji and not inside them', () => {
    expect(splitMessage('x'.repeat(5000), 2000).map((chunk) => chunk.length)).toEqual([2000, 2000, 1000]);
    const smileys = splitMessage('😀'.repeat(1500), 1999);
    expect(smileys.map((chunk) => chunk.length)).toEqual([1998, 1002]);
    expect(smileys.join('')).toBe('😀'.repeat(1500));
    const families = splitMessage('👩‍👩‍👧'.repeat(400), 2000); // 8 code units each
    expect(families.every((chunk) => /^(👩‍👩‍👧)+$/u.test(chunk))).toBe(true);
  });

  it('rejects a limit that cannot hold a character', () => {
    expect(() => splitMessage('hello', 1)).toThrow(RangeError);
    expect(() => splitMessage('hello', 2.5)).toThrow(RangeError);
    expect(() => splitMessage(undefined as never, 2000)).toThrow(TypeError);
  });
});

it('knows the text limits of channels, with a default for the rest', () => {
  expect(textLimitFor('facebook')).toBe(2000);
  expect(CHANNEL_TEXT_LIMITS.facebook).toBe(2000);
  expect(textLimitFor('webchat')).toBe(DEFAULT_TEXT_LIMIT);
  expect(textLimitFor(undefined)).toBe(DEFAULT_TEXT_LIMIT);
  expect(textLimitFor('constructor')).toBe(DEFAULT_TEXT_LIMIT);
});
