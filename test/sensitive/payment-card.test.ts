import { inspect } from 'node:util';
import {
  validateCardEntry,
  validateCardExpiry,
  validateCardNumber,
} from '../../src/core/sensitive/payment-card';

describe('validateCardNumber', () => {
  it.each([
    ['4111 1111 1111 1111', 'visa', 'Visa', '1111'],
    ['4242-4242-4242-4242', 'visa', 'Visa', '4242'],
    ['5555555555554444', 'mastercard', 'Mastercard', '4444'],
    ['2223 0031 2200 3222', 'mastercard', 'Mastercard', '3222'],
    ['3782 822463 10005', 'american-express', 'American Express', '0005'],
    ['6011111111111117', 'discover', 'Discover', '1117'],
    ['3530111333300000', 'jcb', 'JCB', '0000'],
    ['30569309025904', 'diners-club', 'Diners Club', '5904'],
  ])('accepts the test card %s as %s', (input, brand, brandName, last4) => {
    const result = validateCardNumber(input);
    expect(result).toMatchObject({ valid: true, brand, brandName, last4 });
    if (result.valid) expect(result.reveal()).toBe(input.replace(/[ -]/g, ''));
  });

  it('keeps the full number out of JSON, logs and inspection of the result', () => {
    const result = validateCardNumber('4111 1111 1111 1111');
    expect(JSON.stringify(result)).not.toContain('41111111');
    expect(inspect(result, { depth: 5 })).not.toContain('41111111');
    expect(Object.values(result).filter((v) => typeof v === 'string' && v.includes('41111111'))).toEqual([]);
  });

  it.each([
    ['4111 1111 1111 1112', 'checksum'],
    ['5555555555554445', 'checksum'],
    ['411111111111', 'length'],
    ['41111111111111111111', 'length'],
    ['9999 9999 9999 9995', 'unknown_brand'],
    ['4111 1111 abcd 1111', 'format'],
    ['4111_1111_1111_1111', 'format'],
    ['', 'empty'],
    ['   ', 'empty'],
    ['4'.repeat(200), 'format'],
  ])('rejects %s (%s)', (input, reason) => {
    expect(validateCardNumber(input)).toEqual({ valid: false, reason });
  });

  it('answers non-text input instead of crashing', () => {
    expect(validateCardNumber(4111111111111111 as unknown as string)).toEqual({
      valid: false,
      reason: 'empty',
    });
    expect(validateCardNumber(null as unknown as string)).toEqual({ valid: false, reason: 'empty' });
  });
});

describe('validateCardExpiry', () => {
  const now = new Date();
  const year = now.getFullYear();
  const month = now.getMonth() + 1;
  const yy = (y: number) => String(y % 100).padStart(2, '0');
  const mm = (m: number) => String(m).padStart(2, '0');

  it('accepts the current month, later dates and the usual ways of writing them', () => {
    expect(validateCardExpiry(`${mm(month)}/${yy(year)}`)).toEqual({ valid: true, month, year });
    expect(validateCardExpiry(`${mm(month)}/${year + 2}`)).toEqual({ valid: true, month, year: year + 2 });
    expect(validateCardExpiry(`${month} ${yy(year + 1)}`)).toEqual({ valid: true, month, year: year + 1 });
    expect(validateCardExpiry(`${mm(month)}${yy(year + 1)}`)).toEqual({ valid: true, month, year: year + 1 });
    expect(validateCardExpiry(` 12 - ${yy(year + 3)} `)).toEqual({ valid: true, month: 12, year: year + 3 });
  });

  it('says a card from an earlier month is expired', () => {
    expect(validateCardExpiry(`12/${yy(year - 1)}`)).toEqual({ valid: false, reason: 'expired' });
    if (month > 1)
      expect(validateCardExpiry(`${mm(month - 1)}/${yy(year)}`)).toEqual({ valid: false, reason: 'expired' });
  });

  it.each(['13/30', '00/30', '1/2/30', 'next year', '12/3', `01/${new Date().getFullYear() + 25}`])(
    'rejects %s as not an expiry date',
    (input) => {
      expect(validateCardExpiry(input)).toEqual({ valid: false, reason: 'format' });
    },
  );

  it('answers empty input', () => {
    expect(validateCardExpiry('')).toEqual({ valid: false, reason: 'empty' });
  });
});

describe('validateCardEntry: number and expiry in one message', () => {
  it.each([
    ['4111 1111 1111 1111 12/30', '1111', 12, 2030],
    ['4111-1111-1111-1111, exp 12/2030', '1111', 12, 2030],
    ['card 4111 1111 1111 1111 caduca 1/30', '1111', 1, 2030],
    ['12/30 4111 1111 1111 1111', '1111', 12, 2030],
    ['5555555555554444 08-29', '4444', 8, 2029],
  ])('accepts %j', (input, last4, month, year) => {
    const entry = validateCardEntry(input);
    expect(entry).toMatchObject({ valid: true, card: { last4 }, expiry: { month, year } });
  });

  it.each([
    ['4111 1111 1111 1111', 'expiry'],
    ['4111-1111-1111-1111', 'expiry'],
    ['4111 1111 1111 1111 13/30', 'expiry'],
    ['4111 1111 1111 1111 01/20', 'expired'],
    ['4111 1111 1111 1112 12/30', 'checksum'],
    ['12/30', 'empty'],
    ['', 'empty'],
  ])('refuses %j (%s)', (input, reason) => {
    expect(validateCardEntry(input)).toEqual({ valid: false, reason });
  });
});
