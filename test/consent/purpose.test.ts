import { ConfigurationError } from '../../src/core/errors';
import { purposeDescription, validatePurposes, type Purpose } from '../../src/core/consent/purpose';
import { CARD_PURPOSE, TAX_ID_PURPOSE } from './fixtures';

function withChange(change: Record<string, unknown>): Purpose {
  return { ...TAX_ID_PURPOSE, ...change } as Purpose;
}

describe('validatePurposes', () => {
  it('accepts the brand declarations and returns them by id, frozen', () => {
    const purposes = validatePurposes([TAX_ID_PURPOSE, CARD_PURPOSE], { locales: ['en', 'es', 'sv'] });
    expect([...purposes.keys()]).toEqual(['invoice_tax_id', 'card_payment']);
    const taxId = purposes.get('invoice_tax_id')!;
    expect(taxId).toEqual(TAX_ID_PURPOSE);
    expect(Object.isFrozen(taxId) && Object.isFrozen(taxId.dataCategories)).toBe(true);
  });

  it('accepts an empty list (a bot that collects nothing that needs consent)', () => {
    expect(validatePurposes([]).size).toBe(0);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['an id with upper case', { id: 'TaxId' }, /position 0: id must be/],
    ['an empty id', { id: '' }, /position 0: id must be/],
    [
      'no data categories',
      { dataCategories: [] },
      /"invoice_tax_id": dataCategories must be a non-empty list/,
    ],
    [
      'a category that is not a fideslang name',
      { dataCategories: ['User Government ID'] },
      /"User Government ID" is not a fideslang name/,
    ],
    ['no description', { description: {} }, /description needs a text in at least one locale/],
    ['a blank description', { description: { en: '  ' } }, /description for "en" must be a non-empty text/],
    ['a bad locale tag', { description: { English: 'x' } }, /locale "English" is not a locale tag/],
    ['an unknown legal basis', { legalBasis: 'because' }, /legalBasis must be one of consent, contract/],
    ['a retention of 0 days', { retention: { days: 0 } }, /retention must be/],
    ['a retention that is not a choice', { retention: 'forever' }, /retention must be/],
    ['recipients that are not a list', { recipients: 'Stripe' }, /recipients must be a list/],
    ['an empty policy version', { policyVersion: ' ' }, /policyVersion must be a non-empty text/],
    [
      'a policy URL that is not http(s)',
      { policyUrl: 'javascript:alert(1)' },
      /policyUrl must be an http or https URL/,
    ],
    ['a non-boolean sensitive flag', { sensitive: 'yes' }, /sensitive must be true or false/],
  ])('rejects %s with a ConfigurationError naming the purpose', (_label, change, message) => {
    const attempt = () => validatePurposes([withChange(change)]);
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(message);
  });

  it('names the entry by position when it is not an object', () => {
    expect(() => validatePurposes([TAX_ID_PURPOSE, null as unknown as Purpose])).toThrow(
      /Purpose at position 1 must be an object/,
    );
  });

  it('rejects a purpose declared twice', () => {
    expect(() => validatePurposes([TAX_ID_PURPOSE, TAX_ID_PURPOSE])).toThrow(
      /"invoice_tax_id" is declared twice/,
    );
  });

  it('requires a description in every locale the bot speaks', () => {
    expect(() => validatePurposes([CARD_PURPOSE], { locales: ['en', 'de'] })).toThrow(
      /"card_payment": description is missing the locale "de"/,
    );
  });

  it('rejects something that is not a list', () => {
    expect(() => validatePurposes({} as unknown as Purpose[])).toThrow(/Purposes must be an array/);
  });
});

describe('purposeDescription', () => {
  it('picks the locale, then its language, then the fallback, then the first text', () => {
    expect(purposeDescription(TAX_ID_PURPOSE, 'sv')).toBe(TAX_ID_PURPOSE.description.sv);
    expect(purposeDescription(TAX_ID_PURPOSE, 'es-MX')).toBe(TAX_ID_PURPOSE.description.es);
    expect(purposeDescription(TAX_ID_PURPOSE, 'de')).toBe(TAX_ID_PURPOSE.description.en);
    expect(purposeDescription({ ...TAX_ID_PURPOSE, description: { sv: 'Kort.' } }, 'de')).toBe('Kort.');
  });
});
