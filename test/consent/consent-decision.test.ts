import { decideConsent } from '../../src/core/consent/consent-decision';
import { transitionConsentReceipt, type ConsentReceipt } from '../../src/core/consent/consent-receipt';
import { recordConsent } from '../../src/core/consent/record-consent';
import type { Purpose } from '../../src/core/consent/purpose';
import { CARD_PURPOSE, contextFor, freshSubject, TAX_ID_PURPOSE } from './fixtures';

const context = contextFor(freshSubject());
const fresh = { askedThisConversation: false };
const askedNow = { askedThisConversation: true };

function answered(purpose: Purpose, answer: 'given' | 'refused', at = new Date()): ConsentReceipt {
  return recordConsent([], purpose, answer, context, at);
}

describe('decideConsent', () => {
  it('asks when nothing was ever answered', () => {
    expect(decideConsent([], TAX_ID_PURPOSE, fresh)).toBe('ask');
    expect(decideConsent([], TAX_ID_PURPOSE, askedNow)).toBe('ask');
  });

  it('grants a consent given for this purpose at its current policy version', () => {
    const given = answered(TAX_ID_PURPOSE, 'given');
    expect(decideConsent([given], TAX_ID_PURPOSE, fresh)).toBe('granted');
    expect(decideConsent([given], TAX_ID_PURPOSE, askedNow)).toBe('granted');
  });

  it('does not ask again in the conversation where the person said no, but asks in a later one', () => {
    const refused = answered(TAX_ID_PURPOSE, 'refused');
    expect(decideConsent([refused], TAX_ID_PURPOSE, askedNow)).toBe('declined-this-conversation');
    expect(decideConsent([refused], TAX_ID_PURPOSE, fresh)).toBe('ask');
  });

  it('never lets consent to one purpose cover another', () => {
    const card = answered(CARD_PURPOSE, 'given');
    expect(decideConsent([card], TAX_ID_PURPOSE, fresh)).toBe('ask');
    const sameCategories = { ...TAX_ID_PURPOSE, id: 'marketing_tax_id' };
    expect(decideConsent([answered(TAX_ID_PURPOSE, 'given')], sameCategories, fresh)).toBe('ask');
  });

  it('asks again under a new policy version, even after a yes', () => {
    const given = answered(TAX_ID_PURPOSE, 'given');
    expect(decideConsent([given], { ...TAX_ID_PURPOSE, policyVersion: '2025-01' }, fresh)).toBe('ask');
  });

  it('asks again when the purpose now collects more data or shares it with more recipients', () => {
    const given = answered(TAX_ID_PURPOSE, 'given');
    const wider = { ...TAX_ID_PURPOSE, dataCategories: ['user.government_id', 'user.name'] };
    const moreRecipients = { ...TAX_ID_PURPOSE, recipients: ['Holded (invoicing)', 'Ads Inc.'] };
    expect(decideConsent([given], wider, fresh)).toBe('ask');
    expect(decideConsent([given], moreRecipients, fresh)).toBe('ask');
  });

  it('asks again when the purpose now keeps the data longer, but not when it keeps it shorter', () => {
    const given = answered(TAX_ID_PURPOSE, 'given'); // consented to 30 days
    expect(decideConsent([given], { ...TAX_ID_PURPOSE, retention: { days: 31 } }, fresh)).toBe('ask');
    expect(decideConsent([given], { ...TAX_ID_PURPOSE, retention: 'until_withdrawn' }, fresh)).toBe('ask');
    expect(decideConsent([given], { ...TAX_ID_PURPOSE, retention: { days: 7 } }, fresh)).toBe('granted');
    expect(decideConsent([given], { ...TAX_ID_PURPOSE, retention: 'not_stored' }, fresh)).toBe('granted');
    const notStored = answered(CARD_PURPOSE, 'given');
    expect(decideConsent([notStored], { ...CARD_PURPOSE, retention: { days: 1 } }, fresh)).toBe('ask');
    const forever = answered({ ...TAX_ID_PURPOSE, retention: 'until_withdrawn' }, 'given');
    expect(decideConsent([forever], { ...TAX_ID_PURPOSE, retention: { days: 36_500 } }, fresh)).toBe(
      'granted',
    );
  });

  it('asks again when the legal basis or the sensitivity changed under the same policy version', () => {
    const given = answered(TAX_ID_PURPOSE, 'given');
    expect(decideConsent([given], { ...TAX_ID_PURPOSE, legalBasis: 'legitimate_interests' }, fresh)).toBe(
      'ask',
    );
    expect(decideConsent([given], { ...TAX_ID_PURPOSE, sensitive: false }, fresh)).toBe('ask');
    const plain = answered({ ...TAX_ID_PURPOSE, sensitive: undefined }, 'given');
    expect(decideConsent([plain], TAX_ID_PURPOSE, fresh)).toBe('ask');
  });

  it('records a new receipt (not an update of the old one) when the stored one no longer covers', () => {
    const given = answered(TAX_ID_PURPOSE, 'given');
    const longer = { ...TAX_ID_PURPOSE, retention: { days: 365 } };
    const again = recordConsent([given], longer, 'given', context);
    expect(again.receiptId).not.toBe(given.receiptId);
    expect(again.retention).toEqual({ days: 365 });
    expect(decideConsent([given, again], longer, fresh)).toBe('granted');
  });

  it('treats a withdrawn consent as not granted', () => {
    const withdrawn = transitionConsentReceipt(answered(TAX_ID_PURPOSE, 'given'), 'withdrawn', {
      collectionMethod: 'privacy_menu',
    });
    expect(decideConsent([withdrawn], TAX_ID_PURPOSE, fresh)).toBe('ask');
    expect(decideConsent([withdrawn], TAX_ID_PURPOSE, askedNow)).toBe('ask');
  });

  it('follows the most recent answer when two receipts exist for the same purpose and version', () => {
    const olderYes = answered(TAX_ID_PURPOSE, 'given', new Date('2025-01-01T00:00:00Z'));
    const newerNo = answered(TAX_ID_PURPOSE, 'refused', new Date('2025-02-01T00:00:00Z'));
    expect(decideConsent([newerNo, olderYes], TAX_ID_PURPOSE, askedNow)).toBe('declined-this-conversation');
    expect(decideConsent([olderYes, newerNo], TAX_ID_PURPOSE, fresh)).toBe('ask');
  });

  it('keeps a yes under the old version from counting after the person withdrew under the new one', () => {
    const v2Purpose = { ...TAX_ID_PURPOSE, policyVersion: '2025-01' };
    const v1 = answered(TAX_ID_PURPOSE, 'given');
    const v2 = transitionConsentReceipt(answered(v2Purpose, 'given'), 'withdrawn', {
      collectionMethod: 'text',
    });
    expect(decideConsent([v1, v2], v2Purpose, fresh)).toBe('ask');
  });
});
