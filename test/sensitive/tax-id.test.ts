import fc from 'fast-check';
import { ConfigurationError } from '../../src/core/errors';
import { validateTin, type TinCountry, type TinKind } from '../../src/core/sensitive/tax-id';
import { cif, dni, ein, nie, orgnr, personnummer, ssn } from './tin-generators';

describe('validateTin with published example numbers', () => {
  it.each<[string, TinCountry, TinKind, string]>([
    ['12345678Z', 'ES', 'es_dni', '12345678Z'],
    ['12.345.678-z', 'ES', 'es_dni', '12345678Z'],
    ['ES 12345678Z', 'ES', 'es_dni', '12345678Z'],
    ['X1234567L', 'ES', 'es_nie', 'X1234567L'],
    ['y-1234567-x', 'ES', 'es_nie', 'Y1234567X'],
    ['B58378431', 'ES', 'es_cif', 'B58378431'],
    ['Q2826000H', 'ES', 'es_cif', 'Q2826000H'],
    ['811228-9874', 'SE', 'se_personnummer', '811228-9874'],
    ['8112289874', 'SE', 'se_personnummer', '811228-9874'],
    ['19811228-9874', 'SE', 'se_personnummer', '811228-9874'],
    ['701063-2391', 'SE', 'se_personnummer', '701063-2391'],
    ['556036-0793', 'SE', 'se_orgnr', '5560360793'],
    ['202100-5489', 'SE', 'se_orgnr', '2021005489'],
    ['536-90-4399', 'US', 'us_ssn', '536904399'],
    ['536904399', 'US', 'us_ssn', '536904399'],
    ['04-2103594', 'US', 'us_ein', '042103594'],
  ])('accepts %s as %s %s', (input, country, kind, normalized) => {
    expect(validateTin(input, [country])).toEqual({
      valid: true,
      country,
      kind,
      holder:
        kind.endsWith('cif') || kind.endsWith('orgnr') || kind.endsWith('ein') ? 'organization' : 'person',
      normalized,
    });
  });

  it.each<[string, TinCountry, string]>([
    ['12345678A', 'ES', 'checksum'],
    ['X1234567A', 'ES', 'checksum'],
    ['B58378432', 'ES', 'checksum'],
    ['K1234567A', 'ES', 'checksum'], // stdnum alone accepts any K/L/M DNI
    ['1234567Z', 'ES', 'format'],
    ['811228-9875', 'SE', 'checksum'],
    ['811232-9874', 'SE', 'checksum'], // no 32nd of December; the Luhn digit then fails as an orgnr
    ['556036-0794', 'SE', 'checksum'],
    ['078-05-1120', 'US', 'format'], // the Woolworth wallet card SSN
    ['666-12-3456', 'US', 'format'],
    ['123-00-4567', 'US', 'format'],
    ['07-1234567', 'US', 'format'], // no EIN is issued with prefix 07
    ['12-34-56789', 'US', 'format'],
  ])('rejects %s in %s as %s', (input, country, reason) => {
    expect(validateTin(input, [country])).toEqual({ valid: false, reason });
  });
});

describe('validateTin rules', () => {
  it('only looks at the countries it is given', () => {
    expect(validateTin('12345678Z', ['SE', 'US']).valid).toBe(false);
    expect(validateTin('536-90-4399', ['ES', 'SE'])).toEqual({ valid: false, reason: 'format' });
    expect(validateTin('536-90-4399', ['ES', 'SE', 'US'])).toMatchObject({ valid: true, kind: 'us_ssn' });
    expect(validateTin('12345678Z', [])).toEqual({ valid: false, reason: 'format' });
  });

  it('reads nine bare US digits as an SSN unless told to accept only EINs', () => {
    expect(validateTin('042103594', ['US'])).toMatchObject({ kind: 'us_ssn' });
    expect(validateTin('042103594', ['US'], { kinds: ['us_ein'] })).toMatchObject({ kind: 'us_ein' });
    expect(validateTin('04-2103594', ['US'], { kinds: ['us_ssn'] })).toEqual({
      valid: false,
      reason: 'format',
    });
  });

  it('can be limited to personal ids', () => {
    const personal = { kinds: ['es_dni', 'es_nie', 'se_personnummer'] as TinKind[] };
    expect(validateTin('B58378431', ['ES'], personal).valid).toBe(false);
    expect(validateTin('X1234567L', ['ES'], personal).valid).toBe(true);
  });

  it('answers bad input instead of crashing', () => {
    expect(validateTin('', ['ES'])).toEqual({ valid: false, reason: 'empty' });
    expect(validateTin('   ', ['ES'])).toEqual({ valid: false, reason: 'empty' });
    expect(validateTin(undefined as unknown as string, ['ES'])).toEqual({ valid: false, reason: 'empty' });
    expect(validateTin('1'.repeat(41), ['ES', 'SE', 'US'])).toEqual({ valid: false, reason: 'too_long' });
    expect(validateTin('💳🧾', ['ES', 'SE', 'US'])).toEqual({ valid: false, reason: 'format' });
  });

  it('rejects an unsupported country as a configuration error, without echoing the input', () => {
    const attempt = () => validateTin('12345678Z', ['FR' as TinCountry]);
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(/"FR" is not supported/);
    expect(attempt).not.toThrow(/12345678Z/);
  });
});

describe('validateTin against generated numbers', () => {
  const cases: Array<[string, fc.Arbitrary<string>, TinCountry, TinKind]> = [
    ['DNI', dni, 'ES', 'es_dni'],
    ['NIE', nie, 'ES', 'es_nie'],
    ['CIF', cif, 'ES', 'es_cif'],
    ['personnummer', personnummer, 'SE', 'se_personnummer'],
    ['organisationsnummer', orgnr, 'SE', 'se_orgnr'],
    ['SSN', ssn, 'US', 'us_ssn'],
    ['EIN', ein, 'US', 'us_ein'],
  ];

  it.each(cases)(
    'accepts every valid %s, typed with or without separators',
    (_name, arbitrary, country, kind) => {
      fc.assert(
        fc.property(arbitrary, (id) => {
          expect(validateTin(id, [country])).toMatchObject({ valid: true, country, kind });
          if (kind !== 'us_ein')
            expect(validateTin(id.replace(/-/g, ''), [country])).toMatchObject({ valid: true, kind });
        }),
        { numRuns: 200 },
      );
    },
  );

  it.each(cases.filter(([, , country]) => country !== 'US'))(
    'rejects a %s whose check character was mistyped',
    (_name, arbitrary, country, kind) => {
      fc.assert(
        fc.property(arbitrary, fc.integer({ min: 1, max: 100 }), (id, shift) => {
          const last = id[id.length - 1];
          const alphabet = /\d/.test(last)
            ? '0123456789'
            : kind === 'es_cif'
              ? 'ABCDEFGHIJ'
              : 'TRWAGMYFPDXBNJZSQVHLCKE';
          const offset = 1 + (shift % (alphabet.length - 1));
          const typo = alphabet[(alphabet.indexOf(last) + offset) % alphabet.length];
          expect(validateTin(id.slice(0, -1) + typo, [country])).toEqual({
            valid: false,
            reason: 'checksum',
          });
        }),
        { numRuns: 200 },
      );
    },
  );
});
