import type { ConsentContext } from '../../src/core/consent/consent-receipt';
import type { Purpose } from '../../src/core/consent/purpose';
import { SubjectDigester, type DataSubject } from '../../src/core/subject';

export const SUBJECT_SECRET = 'consent-test-secret';
export const digester = new SubjectDigester(SUBJECT_SECRET);

export const TAX_ID_PURPOSE: Purpose = {
  id: 'invoice_tax_id',
  dataCategories: ['user.government_id'],
  description: {
    en: 'Your tax id, to put it on your invoices.',
    es: 'Tu NIF, para ponerlo en tus facturas.',
    sv: 'Ditt personnummer, för dina fakturor.',
  },
  legalBasis: 'consent',
  retention: { days: 30 },
  recipients: ['Holded (invoicing)'],
  policyVersion: '2024-05',
  policyUrl: 'https://example.com/privacy',
  sensitive: true,
};

export const CARD_PURPOSE: Purpose = {
  id: 'card_payment',
  dataCategories: ['user.financial.credit_card'],
  description: {
    en: 'Your card, to charge the visit.',
    es: 'Tu tarjeta, para cobrar la visita.',
    sv: 'Ditt kort.',
  },
  legalBasis: 'contract',
  retention: 'not_stored',
  recipients: ['Stripe'],
  policyVersion: '2024-05',
  sensitive: true,
};

let counter = 0;
/** A fresh subject per test, so tests never share stored data. */
export function freshSubject(channelId = 'facebook'): DataSubject {
  counter += 1;
  return { channelId, userId: `psid-${process.pid}-${Date.now()}-${counter}` };
}

export function contextFor(subject: DataSubject, overrides: Partial<ConsentContext> = {}): ConsentContext {
  return {
    subjectDigest: digester.digest(subject),
    controller: 'Fontanería Pérez',
    jurisdiction: 'ES',
    collectionMethod: 'messenger_quick_reply',
    language: 'es',
    notice: TAX_ID_PURPOSE.description.es,
    ...overrides,
  };
}
