import fc from 'fast-check';
import { findSensitive } from '../../src/core/sensitive/redaction';
import { findPii, type PiiDetection } from '../../src/core/shield/pii-detection';
import { PlaceholderMapping } from '../../src/core/shield/placeholder-mapping';
import { personalValue } from './pii-generators';

const DETECTION: PiiDetection = { countries: ['ES', 'SE'], phoneRegions: ['ES', 'SE'] };

/**
 * Chat text with values embedded: free text (any characters, emoji and line breaks included) between
 * values, each value set apart by an edge that cannot join it to the text (two spaces, punctuation, a line
 * break): `070-123 45 67 0` with a single space is one longer number to a reader too.
 */
const chatText = fc
  .array(
    fc.tuple(
      fc.string({ maxLength: 30, unit: 'grapheme' }),
      fc.constantFrom('  ', ': ', '\n', '. '),
      personalValue,
      fc.constantFrom('  ', ', ', '.\n', '; '),
    ),
    { minLength: 1, maxLength: 5 },
  )
  .map((parts) => ({
    text: parts.map(([before, open, value, close]) => `${before}${open}${value}${close}`).join(''),
    values: parts.map(([, , value]) => value),
  }));

describe('the shield on random text (fast-check)', () => {
  it('leaves no value a validator accepts, nor any e-mail address or phone number, in what it protects', () => {
    fc.assert(
      fc.property(chatText, ({ text, values }) => {
        const protectedText = new PlaceholderMapping().protect(text, DETECTION).text;
        for (const value of values) expect(protectedText).not.toContain(value);
        // Adversarial: whatever the random text held, nothing the validators accept is left anywhere.
        expect(findSensitive(protectedText, DETECTION.countries)).toEqual([]);
        expect(findPii(protectedText, DETECTION)).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('restores exactly what was protected, over a whole conversation of messages', () => {
    fc.assert(
      fc.property(fc.array(chatText, { minLength: 1, maxLength: 4 }), (messages) => {
        const mapping = new PlaceholderMapping();
        const sent = messages.map(({ text }) => mapping.protect(text, DETECTION).text);
        // The mapping survives being sealed and read back between turns.
        const reread = PlaceholderMapping.parse(JSON.stringify(mapping.toData()))!;
        messages.forEach(({ text }, i) => expect(reread.restore(sent[i])).toBe(text));
      }),
      { numRuns: 300 },
    );
  });

  it('restores any text without placeholders as it is', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        fc.pre(!/\[(?:CARD|IBAN|TAX_ID|EMAIL|PHONE)_\d+\]/.test(text));
        const mapping = new PlaceholderMapping();
        mapping.protect('card 4111 1111 1111 1111', DETECTION);
        expect(mapping.restore(text)).toBe(text);
      }),
    );
  });
});
