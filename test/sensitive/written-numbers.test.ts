import fc from 'fast-check';
import { validateIban } from '../../src/core/sensitive/iban';
import { validateCardNumber } from '../../src/core/sensitive/payment-card';
import { redactSensitive } from '../../src/core/sensitive/redaction';
import { tinCountriesOf, validateTin, type TinCountry } from '../../src/core/sensitive/tax-id';
import { cif, dni, ein, luhnCheckDigit, nie, orgnr, personnummer, ssn } from './tin-generators';

/**
 * Whatever a validator accepts, the redactor finds: the numbers are written the ways people write them
 * (groups split by double spaces, tabs, no-break spaces, dots, dashes with spaces around), and each
 * written form is checked against its validator and the redactor.
 */

const EU = tinCountriesOf('EU');

/** Separators people put between groups of one number. */
const SEPARATOR = fc.constantFrom(
  ' ',
  '  ',
  '\t',
  '\u00A0',
  '\u202F',
  '.',
  '-',
  ' - ',
  ' – ',
  '\u2212',
  '/',
  '',
);

/** The number split into groups of 2 to 5 characters, joined by one separator. */
function written(compact: string): fc.Arbitrary<string> {
  return fc
    .tuple(SEPARATOR, fc.array(fc.integer({ min: 2, max: 5 }), { minLength: 8, maxLength: 8 }), fc.boolean())
    .map(([separator, sizes, lower]) => {
      const groups: string[] = [];
      let at = 0;
      for (const size of sizes) {
        if (at >= compact.length) break;
        groups.push(compact.slice(at, at + size));
        at += size;
      }
      if (at < compact.length) groups.push(compact.slice(at));
      const text = groups.join(separator);
      return lower ? text.toLowerCase() : text;
    });
}

/** Free text around a number: a word edge so the number is not glued to other letters or digits. */
const before = fc
  .tuple(fc.string({ maxLength: 30 }), fc.constantFrom(' ', ': ', '\n', '(', '¡', ' "'))
  .map(([text, edge]) => text + edge);
const after = fc
  .tuple(fc.constantFrom(' ', ', ', '\n', ')', '.', '!', '" '), fc.string({ maxLength: 30 }))
  .map(([edge, text]) => edge + text);

const digits = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));

/** Card numbers of real brands (Visa 16, Mastercard 16, Amex 15, Discover 16) with a valid Luhn digit. */
const card = fc
  .tuple(fc.constantFrom(['4', 16], ['51', 16], ['55', 16], ['34', 15], ['37', 15], ['6011', 16]), fc.nat())
  .chain(([[prefix, length]]) =>
    digits((length as number) - (prefix as string).length - 1).map((body) => {
      const partial = `${prefix as string}${body}`;
      return `${partial}${luhnCheckDigit(partial)}`;
    }),
  );

function mod97(text: string): number {
  let rest = 0;
  for (const char of text) {
    const value = /[A-Z]/.test(char) ? String(char.charCodeAt(0) - 55) : char;
    for (const digit of value) rest = (rest * 10 + Number(digit)) % 97;
  }
  return rest;
}

/** IBANs of Germany (18 digits), Sweden (20 digits) and the Netherlands (bank code + 10 digits). */
const iban = fc
  .oneof(
    digits(18).map((bban) => ['DE', bban] as const),
    digits(20).map((bban) => ['SE', bban] as const),
    fc
      .tuple(fc.constantFrom('ABNA', 'INGB', 'RABO'), digits(10))
      .map(([bank, rest]) => ['NL', bank + rest] as const),
  )
  .map(([country, bban]) => `${country}${String(98 - mod97(`${bban}${country}00`)).padStart(2, '0')}${bban}`);

const compactTin = fc.oneof(
  dni.map((id) => [id, 'ES'] as const),
  nie.map((id) => [id, 'ES'] as const),
  cif.map((id) => [id, 'ES'] as const),
  personnummer.map((id) => [id.replace('-', ''), 'SE'] as const),
  orgnr.map((id) => [id.replace('-', ''), 'SE'] as const),
  ssn.map((id) => [id.replace(/-/g, ''), 'US'] as const),
  ein.map((id) => [id.replace('-', ''), 'US'] as const),
);

/** True when no run of the number's characters is left in the text, whatever separators it had. */
function keepsNothingOf(redacted: string, compact: string): boolean {
  const letters = redacted
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
  return !letters.includes(compact.toUpperCase());
}

describe('whatever a validator accepts, the redactor finds', () => {
  it.each([
    ['4111  1111  1111  1111', '••••1111'],
    ['4111\t1111\t1111\t1111', '••••1111'],
    ['4111\u00A01111\u00A01111\u00A01111', '••••1111'],
    ['4111.1111.1111.1111', '••••1111'],
    ['4111 - 1111 - 1111 - 1111', '••••1111'],
    ['4111 – 1111 – 1111 – 1111', '••••1111'],
    ['３７８２ ８２２４６３ １０００５', '••••0005'],
  ])('cards written as %j', (number, last4) => {
    expect(validateCardNumber(number).valid).toBe(true);
    expect(redactSensitive(`my card: ${number}, thanks`, EU)).toEqual({
      text: `my card: [card ${last4}], thanks`,
      found: ['card'],
    });
  });

  it('a card with its security code glued on', () => {
    expect(redactSensitive('4111111111111111123', []).text).toBe('[card ••••1111]');
    expect(redactSensitive('4111 1111 1111 1111123 exp 12/29', []).text).toBe('[card ••••1111] exp 12/29');
    expect(redactSensitive('amex 3782822463100051234', []).text).toBe('amex [card ••••0005]');
  });

  it.each([
    ['12 345 678 Z', 'es_dni'],
    ['es12345678Z', 'es_dni'],
    ['ES-12345678-Z', 'es_dni'],
    ['12345678 z', 'es_dni'],
    ['X 1234567 L', 'es_nie'],
    ['b-5837843-1', 'es_cif'],
  ])('Spanish tax ids written as %j', (id, kind) => {
    expect(validateTin(id, ['ES'])).toMatchObject({ valid: true, kind });
    expect(redactSensitive(`mi DNI es ${id}.`, EU)).toEqual({
      text: 'mi DNI es [tax id].',
      found: [kind],
    });
  });

  it.each([
    'ES91 2100 0418 4502 0005 1332',
    'es91 2100 0418 4502 0005 1332',
    'ES9121000418450200051332',
    'ES91-2100-0418-4502-0005-1332',
    'SE45 5000 0000 0583 9825 7466',
    'DE89 3704 0044 0532 0130 00',
    'GB29 NWBK 6016 1331 9268 19',
    'NL91ABNA0417164300',
    'FR14 2004 1010 0505 0001 3M02 606',
  ])('IBAN %j', (account) => {
    const result = validateIban(account);
    expect(result.valid).toBe(true);
    const last4 = account
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(-4)
      .toUpperCase();
    expect(redactSensitive(`IBAN: ${account}, gracias`, EU)).toEqual({
      text: `IBAN: [IBAN ••••${last4}], gracias`,
      found: ['iban'],
    });
  });

  it('keeps an IBAN whose check digits are wrong', () => {
    expect(validateIban('ES92 2100 0418 4502 0005 1332')).toEqual({ valid: false, reason: 'checksum' });
    expect(redactSensitive('ES92 2100 0418 4502 0005 1332', []).found).not.toContain('iban');
  });

  it('property: cards in any written form, in random text', () => {
    fc.assert(
      fc.property(
        card.chain((c) => written(c).map((w) => [c, w] as const)),
        before,
        after,
        ([compact, form], head, tail) => {
          expect(validateCardNumber(form).valid).toBe(true);
          const result = redactSensitive(`${head}${form}${tail}`, EU);
          expect(keepsNothingOf(result.text, compact)).toBe(true);
          expect(result.found).toContain('card');
        },
      ),
      { numRuns: 400 },
    );
  });

  it('property: IBANs in any written form, in random text', () => {
    fc.assert(
      fc.property(
        iban.chain((i) => written(i).map((w) => [i, w] as const)),
        before,
        after,
        ([compact, form], head, tail) => {
          expect(validateIban(form).valid).toBe(true);
          const result = redactSensitive(`${head}${form}${tail}`, []);
          expect(keepsNothingOf(result.text, compact)).toBe(true);
          expect(result.found.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('property: tax ids in any written form the validator accepts, in random text', () => {
    fc.assert(
      fc.property(
        compactTin.chain(([id, country]) => written(id).map((w) => [id, country, w] as const)),
        before,
        after,
        ([compact, country, form], head, tail) => {
          fc.pre(validateTin(form, [country]).valid);
          const result = redactSensitive(`${head}${form}${tail}`, [country]);
          expect(keepsNothingOf(result.text, compact)).toBe(true);
          expect(result.found.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 600 },
    );
  });
});

describe('what stays untouched', () => {
  /** Spanish mobile numbers: 6XX or 7XX and six more digits. */
  const spanishMobile = fc
    .tuple(fc.constantFrom('6', '7'), digits(8), fc.constantFrom('', '+34 ', '0034 ', '(+34) '), fc.nat(3))
    .map(([lead, rest, prefix, layout]) => {
      const n = `${lead}${rest}`;
      const shaped = [
        n,
        `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`,
        `${n.slice(0, 3)} ${n.slice(3, 5)} ${n.slice(5, 7)} ${n.slice(7)}`,
        `${n.slice(0, 3)}-${n.slice(3, 6)}-${n.slice(6)}`,
      ][layout];
      return `${prefix}${shaped}`;
    });

  /** Text without digits around the number (a digit next to it would make it another number). */
  const words = fc.string({ maxLength: 30 }).map((text) => text.replace(/\p{N}/gu, 'x'));

  it('an EU bot leaves Spanish mobile numbers alone (no US SSN there) and says nothing', () => {
    expect(redactSensitive('llámame al 612345678', EU)).toEqual({ text: 'llámame al 612345678', found: [] });
    fc.assert(
      fc.property(spanishMobile, words, words, (phone, head, tail) => {
        const message = `${head} ${phone} ${tail}`;
        expect(redactSensitive(message, EU)).toEqual({ text: message, found: [] });
      }),
      { numRuns: 500 },
    );
  });

  it('a US bot leaves US phone numbers alone', () => {
    const usPhone = fc
      .tuple(fc.integer({ min: 201, max: 989 }), digits(3), digits(4), fc.nat(3))
      .map(
        ([area, exchange, line, layout]) =>
          [
            `(${area}) ${exchange}-${line}`,
            `${area}-${exchange}-${line}`,
            `+1 ${area} ${exchange} ${line}`,
            `${area}.${exchange}.${line}`,
          ][layout],
      );
    fc.assert(
      fc.property(usPhone, (phone) => {
        const message = `call me at ${phone} tonight`;
        expect(redactSensitive(message, ['US'])).toEqual({ text: message, found: [] });
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    'order #12345678 ships on 2025-03-01',
    'pedido 2024-0012, factura 01/03/2025',
    'total 1.234,56 € el 1.3.2025 a las 10:30',
    'ORD-20240001 / ref A-1234567',
    'ticket 4711-0815 at 09:45',
    'room 12, floor 3, code 1234',
  ])('order numbers, dates and amounts: %j', (message) => {
    expect(redactSensitive(message, ['ES', 'SE', 'US'])).toEqual({ text: message, found: [] });
  });

  it('maps jurisdictions to the tax id countries a bot serves', () => {
    expect(tinCountriesOf('EU')).toEqual(['ES', 'SE']);
    expect(tinCountriesOf('FR')).toEqual(['ES', 'SE']);
    expect(tinCountriesOf('ES')).toEqual(['ES']);
    expect(tinCountriesOf('SE')).toEqual(['SE']);
    expect(tinCountriesOf('US-CA')).toEqual(['US']);
    expect(tinCountriesOf('BR')).toEqual(['ES', 'SE', 'US'] satisfies TinCountry[]);
  });
});

describe('a text built to be expensive', () => {
  it('is redacted more broadly, never less: a card after thousands of digit groups is still masked', () => {
    const noise = Array.from({ length: 3000 }, (_, i) => String(i % 10)).join(' ');
    const result = redactSensitive(`${noise}, card: 4111 1111 1111 1111, DNI: 12345678Z`, ['ES', 'SE', 'US']);
    expect(result.text).toMatch(/card: \[card ••••1111\], DNI: \[tax id\]$/);
    expect(result.text).not.toContain('4111 1111');
  });
});
