import fc from 'fast-check';

/**
 * Generators of valid tax ids, written from the published rules (not with stdnum), so the tests check
 * stdnum-backed validation against an independent implementation.
 */
const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

const digits = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));

/** Luhn check digit for a string of digits (Swedish numbers, CIF control). */
export function luhnCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export const dni = digits(8).map((body) => `${body}${DNI_LETTERS[Number(body) % 23]}`);

export const nie = fc
  .tuple(fc.constantFrom('X', 'Y', 'Z'), digits(7))
  .map(([prefix, body]) => `${prefix}${body}${DNI_LETTERS[Number(`${'XYZ'.indexOf(prefix)}${body}`) % 23]}`);

export const cif = fc.tuple(fc.constantFrom(...'ABCDEFGHJNPQRSUVW'), digits(7)).map(([type, body]) => {
  const control = luhnCheckDigit(body);
  return `${type}${body}${'NPQRSW'.includes(type) ? 'JABCDEFGHI'[control] : String(control)}`;
});

const pad = (n: number) => String(n).padStart(2, '0');

/** YYMMDD-NNNC for a birth date 1930-2019 (coordination numbers add 60 to the day). */
export const personnummer = fc
  .tuple(
    fc.integer({ min: 1930, max: 2019 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 28 }),
    digits(3),
    fc.boolean(),
  )
  .map(([year, month, day, serial, coordination]) => {
    const body = `${pad(year % 100)}${pad(month)}${pad(coordination ? day + 60 : day)}${serial}`;
    return `${body.slice(0, 6)}-${body.slice(6)}${luhnCheckDigit(body)}`;
  });

/** NNNNNN-NNNC with a third digit of 2 or more (so it cannot be a birth month). */
export const orgnr = fc
  .tuple(
    fc.integer({ min: 1, max: 9 }),
    fc.integer({ min: 0, max: 9 }),
    fc.integer({ min: 2, max: 9 }),
    digits(6),
  )
  .map(([a, b, c, rest]) => {
    const body = `${a}${b}${c}${rest}`;
    return `${body.slice(0, 6)}-${body.slice(6)}${luhnCheckDigit(body)}`;
  });

/** AAA-GG-SSSS with area 001-665/667-899, group 01-99, serial 0001-9999 (skipping the advertised ones). */
export const ssn = fc
  .tuple(fc.integer({ min: 1, max: 899 }), fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 9999 }))
  .filter(([area]) => area !== 666)
  .map(
    ([area, group, serial]) =>
      `${String(area).padStart(3, '0')}-${pad(group)}-${String(serial).padStart(4, '0')}`,
  )
  .filter((s) => !['078-05-1120', '219-09-9999', '457-55-5462', '123-12-3123'].includes(s));

const EIN_PREFIXES = ['01', '10', '12', '20', '27', '30', '45', '46', '60', '80', '94', '95', '98', '99'];
export const ein = fc
  .tuple(fc.constantFrom(...EIN_PREFIXES), digits(7))
  .map(([prefix, body]) => `${prefix}-${body}`);
