import { isValidIBAN } from 'ibantools';
import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { luhnCheckDigit } from '../test/sensitive/tin-generators';

/**
 * A labelled corpus of chat lines in English, Spanish and Swedish for the PII shield's benchmark, generated
 * deterministically from a seed: payment cards and IBANs that pass their checksums, valid tax ids (US SSN
 * and EIN, Spanish DNI/NIE/CIF, Swedish personnummer and organisationsnummer), e-mail addresses and phone
 * numbers, which must be found; and order numbers, dates and tax ids with a wrong check character, which
 * must stay. Numbers are made from their published rules; ibantools and libphonenumber-js only confirm
 * that an IBAN or a phone number label is true (a generated one they reject is drawn again).
 */

/** What must be found (the shield's placeholder types) and what must stay. */
export type Label = 'CARD' | 'IBAN' | 'TAX_ID' | 'EMAIL' | 'PHONE' | 'ORDER' | 'DATE' | 'INVALID_TAX_ID';
export const FIND: readonly Label[] = ['CARD', 'IBAN', 'TAX_ID', 'EMAIL', 'PHONE'];
export const KEEP: readonly Label[] = ['ORDER', 'DATE', 'INVALID_TAX_ID'];

export interface LabelledSpan {
  readonly label: Label;
  readonly start: number;
  readonly end: number;
}

export interface CorpusLine {
  readonly language: 'en' | 'es' | 'sv';
  readonly text: string;
  readonly spans: readonly LabelledSpan[];
}

/** mulberry32: a small seeded generator, so the corpus is the same on every run. */
function seeded(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)];
  const digits = (n: number) => Array.from({ length: n }, () => int(0, 9)).join('');
  return { next, int, pick, digits };
}
type Random = ReturnType<typeof seeded>;

const group = (text: string, sizes: number[], separator: string) => {
  const parts: string[] = [];
  let at = 0;
  for (const size of sizes) {
    parts.push(text.slice(at, at + size));
    at += size;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts.filter(Boolean).join(separator);
};

function card(r: Random): string {
  const kind = r.pick(['visa', 'mastercard', 'amex']);
  const prefix = kind === 'visa' ? '4' : kind === 'mastercard' ? String(r.int(51, 55)) : r.pick(['34', '37']);
  const length = kind === 'amex' ? 15 : 16;
  const body = prefix + r.digits(length - 1 - prefix.length);
  const number = body + luhnCheckDigit(body);
  const separator = r.pick(['', ' ', ' ', '-']);
  return separator === '' ? number : group(number, kind === 'amex' ? [4, 6, 5] : [4, 4, 4, 4], separator);
}

function mod97Check(country: string, bban: string): string {
  const numeric = `${bban}${country}00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let remainder = 0;
  for (const digit of numeric) remainder = (remainder * 10 + Number(digit)) % 97;
  return String(98 - remainder).padStart(2, '0');
}

/** The two control digits of a Spanish account (CCC). */
function spanishControl(bank: string, branch: string, account: string): string {
  const weights = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6];
  const control = (digits: string) => {
    const sum = [...digits].reduce((total, d, i) => total + Number(d) * weights[i], 0);
    const value = 11 - (sum % 11);
    return value === 11 ? 0 : value === 10 ? 1 : value;
  };
  return `${control(`00${bank}${branch}`)}${control(account)}`;
}

function iban(r: Random, language: CorpusLine['language']): string {
  for (;;) {
    const country =
      language === 'es' ? 'ES' : language === 'sv' ? r.pick(['SE', 'DE']) : r.pick(['GB', 'DE', 'ES']);
    let bban: string;
    if (country === 'ES') {
      const [bank, branch, account] = [r.digits(4), r.digits(4), r.digits(10)];
      bban = `${bank}${branch}${spanishControl(bank, branch, account)}${account}`;
    } else if (country === 'SE') bban = `${r.pick(['500', '600', '800', '900'])}${r.digits(17)}`;
    else if (country === 'GB') bban = `${r.pick(['NWBK', 'BARC', 'LOYD', 'MIDL'])}${r.digits(14)}`;
    else bban = r.digits(18);
    const electronic = `${country}${mod97Check(country, bban)}${bban}`;
    if (!isValidIBAN(electronic)) continue;
    return r.next() < 0.7 ? group(electronic, Array(9).fill(4), ' ') : electronic;
  }
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A valid tax id of the line's country, and one with its check character changed (must stay). */
function taxIds(r: Random, language: CorpusLine['language']): { valid: string; invalid: string } {
  if (language === 'es') {
    const kind = r.pick(['dni', 'dni', 'nie', 'cif']);
    if (kind === 'cif') {
      const type = r.pick([...'ABCDEFGHJUV']);
      const body = r.digits(7);
      const control = luhnCheckDigit(body);
      return { valid: `${type}${body}${control}`, invalid: `${type}${body}${(control + r.int(1, 9)) % 10}` };
    }
    const prefix = kind === 'nie' ? r.pick(['X', 'Y', 'Z']) : '';
    const body = r.digits(kind === 'nie' ? 7 : 8);
    const index = Number(`${prefix ? 'XYZ'.indexOf(prefix) : ''}${body}`) % 23;
    const wrong = DNI_LETTERS[(index + r.int(1, 22)) % 23];
    const separator = r.pick(['', '', '-', ' ']);
    return {
      valid: `${prefix}${body}${separator}${DNI_LETTERS[index]}`,
      invalid: `${prefix}${body}${separator}${wrong}`,
    };
  }
  if (language === 'sv') {
    const organisation = r.next() < 0.3;
    const body = organisation
      ? `${r.int(1, 9)}${r.int(0, 9)}${r.int(2, 9)}${r.digits(6)}`
      : `${pad(r.int(30, 99))}${pad(r.int(1, 12))}${pad(r.int(1, 28))}${r.digits(3)}`;
    const check = luhnCheckDigit(body);
    const write = (c: number) => `${body.slice(0, 6)}${r.pick(['-', '-', ''])}${body.slice(6)}${c}`;
    return { valid: write(check), invalid: write((check + r.int(1, 9)) % 10) };
  }
  if (r.next() < 0.7) {
    let area = r.int(1, 899);
    if (area === 666) area = 667;
    const rest = `${pad(r.int(1, 99))}-${pad(r.int(1, 9999), 4)}`;
    // An SSN has no check digit: the invalid ones break its rules (area 000, 666 or 900-999).
    return {
      valid: `${pad(area, 3)}-${rest}`,
      invalid: `${r.pick(['000', '666', String(r.int(900, 999))])}-${rest}`,
    };
  }
  const prefix = r.pick(['10', '12', '20', '27', '45', '46', '81', '94']);
  return {
    valid: `${prefix}-${r.digits(7)}`,
    invalid: `${r.pick(['07', '08', '09', '17', '18', '19'])}-${r.digits(7)}`,
  };
}

const FIRST = [
  'ana',
  'jose',
  'maria',
  'erik',
  'lisa',
  'john',
  'sara',
  'lars',
  'lucia',
  'peter',
  'ingrid',
  'carlos',
];
const LAST = ['lopez', 'garcia', 'andersson', 'smith', 'johansson', 'martin', 'nilsson', 'brown', 'perez'];
const DOMAINS = [
  'gmail.com',
  'hotmail.es',
  'outlook.com',
  'telia.se',
  'correo.es',
  'example.org',
  'company.co.uk',
];

function email(r: Random): string {
  const name = `${r.pick(FIRST)}${r.pick(['.', '_', '', '-'])}${r.pick(LAST)}${r.next() < 0.3 ? r.int(1, 99) : ''}`;
  return `${r.next() < 0.1 ? name.toUpperCase() : name}@${r.pick(DOMAINS)}`;
}

function phone(r: Random, language: CorpusLine['language']): string {
  for (;;) {
    let written: string;
    let region: 'ES' | 'SE' | 'US' | 'GB';
    if (language === 'es') {
      region = 'ES';
      const mobile = `${r.pick(['6', '7'])}${r.digits(8)}`;
      const landline = `9${r.pick(['1', '3', '5', '6'])}${r.digits(7)}`;
      const n = r.next() < 0.7 ? mobile : landline;
      written = r.pick([
        `${n.slice(0, 3)} ${n.slice(3, 5)} ${n.slice(5, 7)} ${n.slice(7)}`,
        `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`,
        n,
        `+34 ${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`,
        `+34${n}`,
      ]);
    } else if (language === 'sv') {
      region = 'SE';
      const mobile = `7${r.pick(['0', '2', '3', '6'])}${r.digits(7)}`;
      written = r.pick([
        `0${mobile.slice(0, 2)}-${mobile.slice(2, 5)} ${mobile.slice(5, 7)} ${mobile.slice(7)}`,
        `0${mobile}`,
        `+46 ${mobile.slice(0, 2)} ${mobile.slice(2, 5)} ${mobile.slice(5, 7)} ${mobile.slice(7)}`,
        `08-${r.int(1, 9)}${r.digits(2)} ${r.digits(2)} ${r.digits(2)}`,
      ]);
    } else if (r.next() < 0.65) {
      region = 'US';
      const area = r.pick(['212', '312', '415', '617', '646', '702', '213', '305']);
      const exchange = `${r.int(2, 9)}${r.digits(2)}`;
      const line = r.digits(4);
      written = r.pick([
        `(${area}) ${exchange}-${line}`,
        `${area}-${exchange}-${line}`,
        `+1 ${area} ${exchange} ${line}`,
      ]);
    } else {
      region = 'GB';
      const mobile = `7${r.pick(['4', '5', '7', '8', '9'])}${r.digits(8)}`;
      written = r.pick([`+44 ${mobile.slice(0, 4)} ${mobile.slice(4)}`, `+44${mobile}`]);
    }
    if (isValidPhoneNumber(written, region)) return written;
  }
}

function order(r: Random): string {
  return r.pick([
    `#${r.int(10000, 99999)}`,
    `ORD-${r.int(2024, 2027)}-${r.digits(6)}`,
    `A-${r.int(10000, 999999)}`,
    `SO${r.digits(6)}`,
    String(r.int(1000, 99999)),
    `${r.int(100, 999)}-${r.int(1000, 9999)}`,
  ]);
}

const MONTHS = {
  en: ['January', 'March', 'May', 'July', 'October', 'December'],
  es: ['enero', 'marzo', 'mayo', 'julio', 'octubre', 'diciembre'],
  sv: ['januari', 'mars', 'maj', 'juli', 'oktober', 'december'],
};

function date(r: Random, language: CorpusLine['language']): string {
  const [y, m, d] = [r.int(2024, 2027), r.int(1, 12), r.int(1, 28)];
  return r.pick([
    `${y}-${pad(m)}-${pad(d)}`,
    `${pad(d)}/${pad(m)}/${y}`,
    `${d}.${m}.${y}`,
    `${d} ${r.pick(MONTHS[language])} ${y}`,
    `${pad(d)}/${pad(m)}`,
    `${d}/${m}/${String(y).slice(2)}`,
  ]);
}

/** Sentences with slots; each line is one template with its slots filled. */
const TEMPLATES: Record<CorpusLine['language'], string[]> = {
  en: [
    'Hi, can you charge my card {CARD} for order {ORDER}?',
    'My SSN is {TAX_ID}, please put it on the invoice.',
    'You can reach me at {EMAIL} or call {PHONE} after 5pm.',
    'Please refund to {IBAN} before {DATE}.',
    'Is {INVALID_TAX_ID} the right number for the form?',
    'The visit on {DATE} is for order {ORDER}, thanks!',
    'Card {CARD} expired, use {IBAN} instead',
    'call me {PHONE}',
    'my email is {EMAIL}',
    'Order {ORDER} arrived on {DATE} but was broken',
    'EIN {TAX_ID} for the company, contact {EMAIL}',
    'I paid with {CARD} on {DATE}, order {ORDER}',
    'new number: {PHONE}. Old one was wrong',
    'tax id {INVALID_TAX_ID}? not sure, check order {ORDER}',
  ],
  es: [
    'Hola, mi tarjeta es {CARD} para el pedido {ORDER}',
    'Mi DNI es {TAX_ID} y mi correo {EMAIL}',
    'Llamadme al {PHONE} por favor',
    'Devolved el dinero a la cuenta {IBAN} antes del {DATE}',
    '¿El NIF {INVALID_TAX_ID} está bien?',
    'El pedido {ORDER} del {DATE} no ha llegado',
    'Pago con {CARD}, mi móvil es {PHONE}',
    'escribidme a {EMAIL}',
    'NIE {TAX_ID}, cita el {DATE}',
    'la factura del pedido {ORDER} tiene el NIF {INVALID_TAX_ID}',
    'Mi IBAN: {IBAN}',
    'teléfono {PHONE}, correo {EMAIL}',
    'Quiero cambiar la visita del {DATE} al {DATE}',
  ],
  sv: [
    'Hej, mitt kort är {CARD}, gäller order {ORDER}',
    'Mitt personnummer är {TAX_ID}',
    'Ring mig på {PHONE} eller maila {EMAIL}',
    'Betala tillbaka till {IBAN} före {DATE}',
    'Stämmer {INVALID_TAX_ID} för fakturan?',
    'Order {ORDER} från {DATE} har inte kommit',
    'mejl: {EMAIL}',
    'nytt nummer {PHONE}',
    'Orgnr {TAX_ID}, faktura till {EMAIL}',
    'Jag betalade med {CARD} den {DATE}',
    'Besöket {DATE} gäller ordernummer {ORDER}',
    'är {INVALID_TAX_ID} rätt? order {ORDER}',
  ],
};

/** `count` lines (a third in each language), the same for the same seed. */
export function generateCorpus(count = 2_100, seed = 20_260_802): CorpusLine[] {
  const r = seeded(seed);
  const languages = ['en', 'es', 'sv'] as const;
  const lines: CorpusLine[] = [];
  for (let i = 0; i < count; i++) {
    const language = languages[i % 3];
    const template = r.pick(TEMPLATES[language]);
    let text = '';
    const spans: LabelledSpan[] = [];
    let cursor = 0;
    for (const slot of template.matchAll(/\{([A-Z_]+)\}/g)) {
      text += template.slice(cursor, slot.index);
      const label = slot[1] as Label;
      const ids = label === 'TAX_ID' || label === 'INVALID_TAX_ID' ? taxIds(r, language) : undefined;
      const value =
        label === 'CARD'
          ? card(r)
          : label === 'IBAN'
            ? iban(r, language)
            : label === 'EMAIL'
              ? email(r)
              : label === 'PHONE'
                ? phone(r, language)
                : label === 'ORDER'
                  ? order(r)
                  : label === 'DATE'
                    ? date(r, language)
                    : label === 'TAX_ID'
                      ? ids!.valid
                      : ids!.invalid;
      spans.push({ label, start: text.length, end: text.length + value.length });
      text += value;
      cursor = slot.index + slot[0].length;
    }
    text += template.slice(cursor);
    lines.push({ language, text, spans });
  }
  return lines;
}
