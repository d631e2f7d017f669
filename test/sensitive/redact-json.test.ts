import fc from 'fast-check';
import { MAX_DEPTH, redactJsonStrings, TOO_DEEP } from '../../src/core/sensitive/redact-json';
import { redactSensitive } from '../../src/core/sensitive/redaction';
import { dni, luhnCheckDigit } from './tin-generators';

const redact = (text: string) => redactSensitive(text, ['ES', 'SE']).text;

const visa = fc
  .array(fc.integer({ min: 0, max: 9 }), { minLength: 14, maxLength: 14 })
  .map((d) => `4${d.join('')}`)
  .map((body) => `${body}${luhnCheckDigit(body)}`);

/** A sensitive number in one of the written forms people use. */
const sensitive = fc.oneof(
  fc
    .tuple(visa, fc.constantFrom(' ', '  ', '\t', '\u00A0', '.', ' - ', ''))
    .map(([n, sep]) => [n, (n.match(/.{4}/g) ?? []).join(sep)] as const),
  fc
    .tuple(dni, fc.constantFrom('', ' ', '-'))
    .map(
      ([id, sep]) =>
        [id, `${id.slice(0, 2)}${sep}${id.slice(2, 5)}${sep}${id.slice(5, 8)} ${id[8]}`] as const,
    ),
  fc.constantFrom(['ES9121000418450200051332', 'ES91 2100 0418 4502 0005 1332'] as const),
);

/** Random JSON with the number put into one of its strings (or as a new string somewhere). */
const jsonWithNumber = fc
  .tuple(fc.jsonValue({ maxDepth: 4 }), sensitive, fc.string({ maxLength: 10 }), fc.nat())
  .map(([json, [compact, written], words, pick]) => {
    const text = `${words.replace(/\p{N}/gu, 'x')} ${written} .`;
    const strings: Array<(v: string) => void> = [];
    const visit = (value: unknown): unknown => {
      if (Array.isArray(value)) {
        value.forEach((item, i) => {
          if (typeof item === 'string') strings.push((v) => (value[i] = v));
          else visit(item);
        });
      } else if (value && typeof value === 'object') {
        for (const [key, item] of Object.entries(value)) {
          if (typeof item === 'string' && !/(?:id|ids|ref|url|token|src|etag)$/i.test(key))
            strings.push((v) => ((value as Record<string, unknown>)[key] = v));
          else visit(item);
        }
      }
      return value;
    };
    const root = { data: visit(json), note: '' };
    strings.push((v) => (root.note = v));
    strings[pick % strings.length](text);
    return [root, compact] as const;
  });

describe('redactJsonStrings', () => {
  it('property: no sensitive number survives in random JSON, written any way', () => {
    fc.assert(
      fc.property(jsonWithNumber, ([json, compact]) => {
        const before = JSON.stringify(json);
        const redacted = JSON.stringify(redactJsonStrings(json, redact));
        const flat = redacted.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
        expect(flat).not.toContain(compact.toUpperCase());
        expect(JSON.stringify(json)).toBe(before); // the input is not changed in place
      }),
      { numRuns: 300 },
    );
  });

  it('leaves ids, links, numbers and JSON without sensitive numbers as they were', () => {
    const json = {
      id: '4111111111111111',
      sender: { id: '4111111111111111' },
      message: { mid: 'm.4111111111111111', seq: 12 },
      userId: '12345678Z',
      psid: '4111111111111111',
      optin: { user_ref: '4111111111111111', app_id: '4111111111111111' },
      contentUrl: 'https://cdn.example.com/4111111111111111.jpg',
      link: 'https://example.com/pay?ref=4111111111111111',
      amount: 4111111111111111,
      notes: ['room 12', 'call 612 345 678', { when: '2025-03-01' }],
      flag: true,
      empty: null,
    };
    expect(redactJsonStrings(json, redact)).toEqual(json);
  });

  it('cuts nesting deeper than it walks, and cycles, without crashing', () => {
    let deep: unknown = '4111 1111 1111 1111';
    for (let i = 0; i < MAX_DEPTH + 5; i++) deep = [deep];
    expect(JSON.stringify(redactJsonStrings(deep, redact))).not.toContain('4111');
    expect(JSON.stringify(redactJsonStrings(deep, redact))).toContain(TOO_DEEP);
    const cyclic: Record<string, unknown> = { card: '4111 1111 1111 1111' };
    cyclic.self = cyclic;
    expect(redactJsonStrings(cyclic, redact)).toEqual({ card: '[card ••••1111]', self: TOO_DEEP });
  });
});
