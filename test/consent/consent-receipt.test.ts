import {
  CONSENT_RECEIPT_VERSION,
  ConsentTransitionError,
  createConsentReceipt,
  isConsentReceipt,
  transitionConsentReceipt,
} from '../../src/core/consent/consent-receipt';
import { recordConsent, withdrawConsent } from '../../src/core/consent/record-consent';
import { ConfigurationError } from '../../src/core/errors';
import { CARD_PURPOSE, contextFor, digester, freshSubject, TAX_ID_PURPOSE } from './fixtures';

const subject = freshSubject();
const context = contextFor(subject);
const t0 = new Date('2025-03-01T10:00:00.000Z');
const t1 = new Date('2025-03-02T11:00:00.000Z');
const t2 = new Date('2025-03-03T12:00:00.000Z');

describe('createConsentReceipt', () => {
  it('records the Kantara/ISO 27560 fields of the purpose and the collection, with a pseudonymous subject', () => {
    const receipt = createConsentReceipt(TAX_ID_PURPOSE, 'given', context, t0);
    expect(receipt).toEqual({
      version: CONSENT_RECEIPT_VERSION,
      receiptId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      createdAt: '2025-03-01T10:00:00.000Z',
      updatedAt: '2025-03-01T10:00:00.000Z',
      jurisdiction: 'ES',
      collectionMethod: 'messenger_quick_reply',
      language: 'es',
      controller: 'Fontanería Pérez',
      policyUrl: 'https://example.com/privacy',
      policyVersion: '2024-05',
      subjectDigest: digester.digest(subject),
      purposeId: 'invoice_tax_id',
      dataCategories: ['user.government_id'],
      legalBasis: 'consent',
      retention: { days: 30 },
      recipients: ['Holded (invoicing)'],
      sensitive: true,
      notice: 'Tu NIF, para ponerlo en tus facturas.',
      state: 'given',
      history: [
        { state: 'given', at: '2025-03-01T10:00:00.000Z', collectionMethod: 'messenger_quick_reply' },
      ],
    });
    expect(JSON.stringify(receipt)).not.toContain(subject.userId);
    expect(isConsentReceipt(JSON.parse(JSON.stringify(receipt)))).toBe(true);
  });

  it('gives every receipt its own id and leaves out a policy URL the purpose does not have', () => {
    const a = createConsentReceipt(CARD_PURPOSE, 'refused', context, t0);
    const b = createConsentReceipt(CARD_PURPOSE, 'refused', context, t0);
    expect(a.receiptId).not.toBe(b.receiptId);
    expect(a).not.toHaveProperty('policyUrl');
    expect(a.sensitive).toBe(true);
  });

  it.each(['subjectDigest', 'controller', 'jurisdiction', 'collectionMethod', 'language'])(
    'needs a non-empty context.%s',
    (field) => {
      const attempt = () => createConsentReceipt(TAX_ID_PURPOSE, 'given', { ...context, [field]: ' ' });
      expect(attempt).toThrow(ConfigurationError);
      expect(attempt).toThrow(`context.${field}`);
    },
  );

  it('refuses to start as withdrawn, and needs the notice that was shown', () => {
    expect(() => createConsentReceipt(TAX_ID_PURPOSE, 'withdrawn' as 'given', context)).toThrow(
      ConsentTransitionError,
    );
    expect(() => createConsentReceipt(TAX_ID_PURPOSE, 'given', { ...context, notice: '' })).toThrow(
      /needs the notice text that was shown/,
    );
  });
});

describe('transitionConsentReceipt', () => {
  const given = createConsentReceipt(TAX_ID_PURPOSE, 'given', context, t0);

  it('withdraws a given consent, keeping the history and the original notice', () => {
    const withdrawn = transitionConsentReceipt(given, 'withdrawn', { collectionMethod: 'privacy_menu' }, t1);
    expect(withdrawn.state).toBe('withdrawn');
    expect(withdrawn.receiptId).toBe(given.receiptId);
    expect(withdrawn.createdAt).toBe(given.createdAt);
    expect(withdrawn.updatedAt).toBe(t1.toISOString());
    expect(withdrawn.notice).toBe(given.notice);
    expect(withdrawn.history.map((e) => [e.state, e.collectionMethod])).toEqual([
      ['given', 'messenger_quick_reply'],
      ['withdrawn', 'privacy_menu'],
    ]);
    expect(given.state).toBe('given');
  });

  it('lets a person give consent again after withdrawing, with the new notice and language', () => {
    const withdrawn = transitionConsentReceipt(given, 'withdrawn', { collectionMethod: 'privacy_menu' }, t1);
    const again = transitionConsentReceipt(
      withdrawn,
      'given',
      { collectionMethod: 'webchat_suggested_action', notice: 'Your tax id, for invoices.', language: 'en' },
      t2,
    );
    expect([again.state, again.language, again.notice]).toEqual([
      'given',
      'en',
      'Your tax id, for invoices.',
    ]);
    expect(again.history).toHaveLength(3);
  });

  it.each([
    ['given', 'refused'],
    ['given', 'given'],
    ['refused', 'withdrawn'],
    ['withdrawn', 'withdrawn'],
  ] as const)('rejects %s -> %s', (from, to) => {
    const start =
      from === 'withdrawn'
        ? transitionConsentReceipt(given, 'withdrawn', { collectionMethod: 'text' })
        : createConsentReceipt(TAX_ID_PURPOSE, from, context);
    expect(() => transitionConsentReceipt(start, to, context)).toThrow(
      new RegExp(`purpose "invoice_tax_id" cannot go from "${from}" to "${to}"`),
    );
  });
});

describe('recordConsent / withdrawConsent', () => {
  it('starts a receipt, then continues it when the person answers again later', () => {
    const refused = recordConsent([], TAX_ID_PURPOSE, 'refused', context, t0);
    const given = recordConsent([refused], TAX_ID_PURPOSE, 'given', context, t1);
    expect(given.receiptId).toBe(refused.receiptId);
    expect(given.history.map((e) => e.state)).toEqual(['refused', 'given']);
  });

  it('changes nothing when consent is given twice, and withdraws when the person says no after yes', () => {
    const given = recordConsent([], TAX_ID_PURPOSE, 'given', context, t0);
    expect(recordConsent([given], TAX_ID_PURPOSE, 'given', context, t1)).toBe(given);
    expect(recordConsent([given], TAX_ID_PURPOSE, 'refused', context, t1).state).toBe('withdrawn');
  });

  it('starts a new receipt under a new policy version instead of continuing the old one', () => {
    const old = recordConsent([], TAX_ID_PURPOSE, 'given', context, t0);
    const next = recordConsent([old], { ...TAX_ID_PURPOSE, policyVersion: '2025-01' }, 'given', context, t1);
    expect(next.receiptId).not.toBe(old.receiptId);
    expect(next.policyVersion).toBe('2025-01');
  });

  it('withdraws every given consent of the purpose, under any policy version, and nothing else', () => {
    const v1 = recordConsent([], TAX_ID_PURPOSE, 'given', context, t0);
    const v2 = recordConsent([v1], { ...TAX_ID_PURPOSE, policyVersion: '2025-01' }, 'given', context, t1);
    const card = recordConsent([], CARD_PURPOSE, 'given', context, t1);
    const changed = withdrawConsent(
      [v1, v2, card],
      'invoice_tax_id',
      { collectionMethod: 'privacy_menu' },
      t2,
    );
    expect(changed.map((r) => [r.receiptId, r.state])).toEqual([
      [v1.receiptId, 'withdrawn'],
      [v2.receiptId, 'withdrawn'],
    ]);
    expect(withdrawConsent(changed, 'invoice_tax_id', { collectionMethod: 'privacy_menu' })).toEqual([]);
  });
});

describe('isConsentReceipt', () => {
  it('rejects damaged records', () => {
    const receipt = createConsentReceipt(TAX_ID_PURPOSE, 'given', context);
    expect(isConsentReceipt({ ...receipt, state: 'maybe' })).toBe(false);
    expect(isConsentReceipt({ ...receipt, dataCategories: 'user.government_id' })).toBe(false);
    expect(isConsentReceipt({ ...receipt, history: [] })).toBe(false);
    expect(isConsentReceipt('{"state":"given"}')).toBe(false);
    expect(isConsentReceipt(null)).toBe(false);
  });
});
