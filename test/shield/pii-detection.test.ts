import { findPii, allowedValues, type PiiDetection } from '../../src/core/shield/pii-detection';
import { PlaceholderMapping } from '../../src/core/shield/placeholder-mapping';

const EU: PiiDetection = { countries: ['ES', 'SE'], phoneRegions: ['ES', 'SE'] };
const found = (text: string, detection = EU) =>
  findPii(text, detection).map((match) => [match.type, text.slice(match.start, match.end)]);

describe('findPii', () => {
  it('finds each kind as people write it in chat', () => {
    expect(
      found(
        'tarjeta 4111-1111-1111-1111, IBAN es91 2100 0418 4502 0005 1332, DNI 12 345 678 Z, ' +
          'mail José.López@Correo.es, tel 612 34 56 78, +46 70 123 45 67, 08-123 456 78.',
      ),
    ).toEqual([
      ['CARD', '4111-1111-1111-1111'],
      ['IBAN', 'es91 2100 0418 4502 0005 1332'],
      ['TAX_ID', '12 345 678 Z'],
      ['EMAIL', 'José.López@Correo.es'],
      ['PHONE', '612 34 56 78'],
      ['PHONE', '+46 70 123 45 67'],
      ['PHONE', '08-123 456 78'],
    ]);
  });

  it('leaves order numbers, dates, times, amounts and numbers without a trunk 0 alone', () => {
    for (const text of [
      'order #48213 and ORD-2026-004817, ref A-58123, SO123456',
      'on 2026-03-04, 04/03/2026, 4.3.2026 or 15/07 at 14:30',
      'total 1 234,50 €, 12345678 units',
      'ordernummer 7731245 and kundnummer 12345678',
      'invalid DNI 12345678A, invalid personnummer 570623-3673',
    ]) {
      expect({ text, found: found(text) }).toEqual({ text, found: [] });
    }
  });

  it('replaces a card and a phone number that overlap as one item, so no digit of either is left', () => {
    const text = 'pay 4111 1111 1111 1111 now';
    const mapping = new PlaceholderMapping();
    expect(mapping.protect(text, EU).text).toBe('pay [CARD_1] now');
  });

  it('reads the allow-list with the same detectors: any writing of an allowed value stays', () => {
    const allowed = allowedValues(['+34 900 123 456', 'Help@Brand.es'], EU);
    const detection = { ...EU, allowed };
    expect(found('call 900 123 456 or +34900123456, mail help@brand.es', detection)).toEqual([]);
    expect(found('call 900 123 457, mail other@brand.es', detection)).toEqual([
      ['PHONE', '900 123 457'],
      ['EMAIL', 'other@brand.es'],
    ]);
  });

  it('still finds every phone number in a long text past the read budget (on their shape)', () => {
    const text = 'llamadme al 612 34 56 78 el 2026-03-04. '.repeat(200);
    const phones = findPii(text, EU);
    expect(phones).toHaveLength(200);
    expect(new Set(phones.map((match) => text.slice(match.start, match.end)))).toEqual(
      new Set(['612 34 56 78']),
    );
  });

  it('never throws on odd input', () => {
    expect(findPii(undefined as unknown as string, EU)).toEqual([]);
    expect(findPii('', EU)).toEqual([]);
    expect(findPii('@'.repeat(5000) + '+'.repeat(5000) + '1 '.repeat(5000), EU)).toBeInstanceOf(Array);
  });
});

describe('PlaceholderMapping', () => {
  it('numbers each type on its own and never gives a number twice, even past its size', () => {
    const mapping = new PlaceholderMapping(undefined, 2);
    expect(mapping.protect('a@x.se b@x.se c@x.se', EU).text).toBe('[EMAIL_1] [EMAIL_2] [EMAIL_3]');
    expect(mapping.placeholders).toEqual(['EMAIL_2', 'EMAIL_3']);
    // The forgotten EMAIL_1 stays as written; a new value gets EMAIL_4, the old one a new number too.
    expect(mapping.restore('[EMAIL_1] [EMAIL_3]')).toBe('[EMAIL_1] c@x.se');
    expect(mapping.protect('a@x.se', EU).text).toBe('[EMAIL_4]');
  });

  it('reads back only what it wrote: damaged data starts a new mapping', () => {
    expect(PlaceholderMapping.parse('not json')).toBeUndefined();
    expect(PlaceholderMapping.parse('{"version":2}')).toBeUndefined();
    const reread = PlaceholderMapping.parse(
      JSON.stringify({
        version: 1,
        next: { CARD: 'x' },
        entries: [['CARD_1', 'CARD:1', '4111'], ['bad', 'x', 'y'], 7],
      }),
    )!;
    expect(reread.placeholders).toEqual(['CARD_1']);
    expect(reread.protect('5555 5555 5555 4444', EU).text).toBe('[CARD_2]');
  });
});
