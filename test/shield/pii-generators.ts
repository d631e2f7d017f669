import fc from 'fast-check';
import { cif, dni, luhnCheckDigit, nie, orgnr, personnummer } from '../sensitive/tin-generators';

/**
 * Generators of the personal data the shield must find, written from the published rules (Luhn, ISO 7064
 * mod 97, national number plans), not with the libraries the shield uses.
 */
const digits = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));

/** A Luhn-valid Visa (16 digits) or Mastercard (51-55, 16 digits), plain or in groups of four. */
export const card = fc
  .tuple(fc.constantFrom('4', '51', '52', '55'), digits(14), fc.constantFrom('', ' ', '-'))
  .map(([prefix, rest, separator]) => {
    const body = `${prefix}${rest}`.slice(0, 15);
    const number = `${body}${luhnCheckDigit(body)}`;
    return separator === '' ? number : (number.match(/.{4}/g) ?? []).join(separator);
  });

/** The ISO 7064 mod-97 check digits of an IBAN. */
export function ibanCheck(country: string, bban: string): string {
  const numeric = `${bban}${country}00`.replace(/[A-Z]/g, (letter) => String(letter.charCodeAt(0) - 55));
  let remainder = 0;
  for (const digit of numeric) remainder = (remainder * 10 + Number(digit)) % 97;
  return String(98 - remainder).padStart(2, '0');
}

/** A German IBAN (no national check digit), in electronic or print format. */
export const iban = fc.tuple(digits(18), fc.boolean()).map(([bban, grouped]) => {
  const electronic = `DE${ibanCheck('DE', bban)}${bban}`;
  return grouped ? (electronic.match(/.{1,4}/g) ?? []).join(' ') : electronic;
});

/** A Spanish or Swedish tax id. */
export const taxId = fc.oneof(dni, nie, cif, personnummer, orgnr);

/** An e-mail address such as `ana.lopez3@correo.es`. */
export const email = fc
  .tuple(
    fc.stringMatching(/^[a-z][a-z0-9]{1,8}$/),
    fc.constantFrom('', '.', '_', '-'),
    fc.stringMatching(/^[a-z0-9]{0,6}$/),
    fc.stringMatching(/^[a-z]{2,10}$/),
    fc.constantFrom('com', 'es', 'se', 'org', 'net'),
  )
  .map(([a, sep, b, domain, tld]) => `${a}${b ? sep + b : ''}@${domain}.${tld}`);

/** A Spanish or Swedish mobile number, in national or international format. */
export const phone = fc.oneof(
  fc
    .tuple(digits(8), fc.constantFrom(0, 1, 2))
    .map(([rest, style]) =>
      style === 0
        ? `6${rest.slice(0, 2)} ${rest.slice(2, 4)} ${rest.slice(4, 6)} ${rest.slice(6)}`
        : style === 1
          ? `+34 6${rest.slice(0, 2)} ${rest.slice(2, 5)} ${rest.slice(5)}`
          : `+346${rest}`,
    ),
  fc
    .tuple(fc.constantFrom('70', '72', '73', '76'), digits(7), fc.boolean())
    .map(([operator, rest, international]) =>
      international
        ? `+46 ${operator} ${rest.slice(0, 3)} ${rest.slice(3, 5)} ${rest.slice(5)}`
        : `0${operator}-${rest.slice(0, 3)} ${rest.slice(3, 5)} ${rest.slice(5)}`,
    ),
);

/** Any of the values the shield replaces. */
export const personalValue = fc.oneof(card, iban, taxId, email, phone);
