import fc from 'fast-check';
import { ConfigurationError } from '../../src/core/errors';
import { REDACTION_MASKS, redactSensitive } from '../../src/core/sensitive/redaction';
import type { TinCountry } from '../../src/core/sensitive/tax-id';
import { cif, dni, ein, luhnCheckDigit, nie, orgnr, personnummer, ssn } from './tin-generators';

const ALL: TinCountry[] = ['ES', 'SE', 'US'];

describe('redactSensitive: cards', () => {
  it.each([
    ['My card is 4111 1111 1111 1111, thanks', 'My card is [card ••••1111], thanks'],
    ['card:4242-4242-4242-4242.', 'card:[card ••••4242].'],
    ['amex 378282246310005 exp 12/29', 'amex [card ••••0005] exp 12/29'],
    ['4111 1111 1111 1111 123', '[card ••••1111] 123'],
    ['order 12 4111 1111 1111 1111', 'order 12 [card ••••1111]'],
  ])('masks %j', (input, expected) => {
    expect(redactSensitive(input, [])).toEqual({ text: expected, found: ['card'] });
  });

  it('keeps digit runs that fail the Luhn check or are too short or too long', () => {
    for (const text of [
      'Order 4111 1111 1111 1112 is ready',
      'call 612 345 678',
      'ref 123456789012',
      'id 41111111111111111111111',
      'at 2025-03-01 10:00',
    ]) {
      expect(redactSensitive(text, [])).toEqual({ text, found: [] });
    }
  });

  it('masks two cards in one message, in order', () => {
    const result = redactSensitive('old 5555555555554444 new 4111111111111111', []);
    expect(result).toEqual({ text: 'old [card ••••4444] new [card ••••1111]', found: ['card', 'card'] });
  });
});

describe('redactSensitive: tax ids', () => {
  it.each<[string, TinCountry[], string, string]>([
    ['Mi DNI es 12345678Z.', ['ES'], 'Mi DNI es [tax id].', 'es_dni'],
    ['DNI: 12.345.678-Z', ['ES'], 'DNI: [tax id]', 'es_dni'],
    ['NIE x-1234567-l por favor', ['ES'], 'NIE [tax id] por favor', 'es_nie'],
    ['CIF B58378431, factura', ['ES'], 'CIF [tax id], factura', 'es_cif'],
    ['envío a 12345678Z', ['ES'], 'envío a [tax id]', 'es_dni'],
    ['mitt personnummer är 811228-9874', ['SE'], 'mitt personnummer är [tax id]', 'se_personnummer'],
    ['pnr 198112289874!', ['SE'], 'pnr [tax id]!', 'se_personnummer'],
    ['orgnr 556036-0793', ['SE'], 'orgnr [tax id]', 'se_orgnr'],
    ['SSN 536-90-4399 ok', ['US'], 'SSN [tax id] ok', 'us_ssn'],
    ['EIN 04-2103594', ['US'], 'EIN [tax id]', 'us_ein'],
  ])('masks %j for %j', (input, countries, expected, kind) => {
    expect(redactSensitive(input, countries)).toEqual({ text: expected, found: [kind] });
  });

  it('keeps ids that stdnum rejects, even when they look like ids', () => {
    for (const [text, countries] of [
      ['Mi DNI es 12345678A', ['ES']],
      ['NIE X1234567A', ['ES']],
      ['pnr 811228-9875', ['SE']],
      ['SSN 078-05-1120', ['US']],
      ['room 666-12-3456', ['US']],
    ] as Array<[string, TinCountry[]]>) {
      expect(redactSensitive(text, countries)).toEqual({ text, found: [] });
    }
  });

  it('only looks for the countries it is given', () => {
    expect(redactSensitive('DNI 12345678Z', ['SE', 'US']).found).toEqual([]);
    expect(redactSensitive('SSN 536-90-4399', ['ES']).found).toEqual([]);
  });

  it('masks cards and ids of several countries in one text', () => {
    const result = redactSensitive(
      'DNI 12345678Z, pnr 811228-9874, card 4111111111111111, SSN 536-90-4399',
      ALL,
    );
    expect(result.text).toBe('DNI [tax id], pnr [tax id], card [card ••••1111], SSN [tax id]');
    expect(result.found).toEqual(['es_dni', 'se_personnummer', 'card', 'us_ssn']);
  });

  it('masks overlapping finds together, leaving none of their digits behind', () => {
    // "750315 4002" is a personnummer, and "4002 1111 0003 0001" a Visa number starting inside it.
    const text = 'nr 750315 4002 1111 0003 0001 end';
    expect(redactSensitive(text, [])).toEqual({ text: 'nr 750315 [card ••••0001] end', found: ['card'] });
    expect(redactSensitive(text, ['SE'])).toEqual({
      text: 'nr [tax id] end',
      found: ['se_personnummer', 'card'],
    });
  });

  it('uses the masks it is given', () => {
    const result = redactSensitive('tarjeta 4111111111111111 y NIF 12345678Z', ['ES'], {
      masks: REDACTION_MASKS.es,
    });
    expect(result.text).toBe('tarjeta [tarjeta ••••1111] y NIF [identificador fiscal]');
  });

  it('handles empty and odd input without crashing, and rejects unsupported countries', () => {
    expect(redactSensitive('', ALL)).toEqual({ text: '', found: [] });
    expect(redactSensitive(undefined as unknown as string, ALL)).toEqual({ text: '', found: [] });
    expect(redactSensitive('😀'.repeat(1000) + '-'.repeat(1000), ALL).found).toEqual([]);
    expect(() => redactSensitive('x', ['FR' as TinCountry])).toThrow(ConfigurationError);
  });
});

describe('redactSensitive properties', () => {
  // Free text around the number, with an edge that cannot join the number to digits in the text.
  const text = fc.string({ maxLength: 40 });
  const cardBefore = fc.tuple(text, fc.constantFrom('x', '(', ': ', '\n', '¡ ')).map(([t, edge]) => t + edge);
  const cardAfter = fc.tuple(fc.constantFrom('x', ')', ' :', '\n', ', '), text).map(([edge, t]) => edge + t);
  // Tax ids are words of their own: the edge is not a letter or digit.
  const idBefore = fc.tuple(text, fc.constantFrom(' ', ': ', '\n', '(', '¡')).map(([t, edge]) => t + edge);
  const idAfter = fc
    .tuple(fc.constantFrom(' ', ', ', '\n', ')', '.', '!'), text)
    .map(([edge, t]) => edge + t);
  const grouped = (digits: string, separator: string) =>
    separator === '' ? digits : (digits.match(/.{1,4}/g) ?? []).join(separator);

  /** A Luhn-valid number of a card brand: Visa for 16 digits, Maestro (`6759`) for 13-19. */
  const cardNumber = (length: number) =>
    fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length - 5, maxLength: length - 5 }).map((d) => {
      const body = `${length === 16 ? '4000' : '6759'}${d.join('')}`;
      return `${body}${luhnCheckDigit(body)}`;
    });

  it('masks any Luhn-valid 16-digit card number embedded in text, written plain or in groups', () => {
    fc.assert(
      fc.property(
        cardNumber(16),
        fc.constantFrom('', ' ', '-'),
        cardBefore,
        cardAfter,
        (digits, sep, head, tail) => {
          const written = grouped(digits, sep);
          const result = redactSensitive(`${head}${written}${tail}`, []);
          expect(result.text).not.toContain(written);
          expect(result.text).toContain(`[card ••••${digits.slice(-4)}]`);
          expect(result.found).toContain('card');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('masks Luhn-valid numbers of every card length from 13 to 19 digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 13, max: 19 }).chain(cardNumber), (digits) => {
        expect(redactSensitive(`pay ${digits} now`, []).text).toBe(`pay [card ••••${digits.slice(-4)}] now`);
      }),
    );
  });

  it('leaves a 16-digit number that fails the Luhn check as it was (UnionPay, which may skip it, aside)', () => {
    const notLuhn = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 15, maxLength: 15 }).chain((d) => {
      const body = /^(?:62|81)/.test(d.join('')) ? `9${d.slice(1).join('')}` : d.join('');
      const check = luhnCheckDigit(body);
      return fc.integer({ min: 1, max: 9 }).map((shift) => `${body}${(check + shift) % 10}`);
    });
    fc.assert(
      fc.property(notLuhn, fc.constantFrom('', ' ', '-'), (digits, sep) => {
        const message = `ref ${grouped(digits, sep)} ok`;
        expect(redactSensitive(message, [])).toEqual({ text: message, found: [] });
      }),
      { numRuns: 300 },
    );
  });

  it('masks every valid tax id embedded in text for its country', () => {
    const ids = fc.oneof(
      dni.map((id) => [id, 'ES'] as const),
      nie.map((id) => [id, 'ES'] as const),
      cif.map((id) => [id, 'ES'] as const),
      personnummer.map((id) => [id, 'SE'] as const),
      orgnr.map((id) => [id, 'SE'] as const),
      ssn.map((id) => [id, 'US'] as const),
      ein.map((id) => [id, 'US'] as const),
    );
    fc.assert(
      fc.property(ids, idBefore, idAfter, ([id, country], head, tail) => {
        const result = redactSensitive(`${head}${id}${tail}`, [country]);
        expect(result.text).not.toContain(id);
        expect(result.found.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});
