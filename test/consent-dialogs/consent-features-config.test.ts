import { ConversationState, MemoryStorage, UserState } from 'botbuilder-core';
import type { ConsentFeaturesOptions } from '../../src/turn/consent/consent-features-options';
import { assertPaymentUrl } from '../../src/turn/consent/payment-link';
import { createPrivacy } from '../../src/botbuilder';
import type { PrivacyOptions } from '../../src/turn/privacy-options';
import { ConfigurationError } from '../../src/core/errors';
import { MemoryConsentStore } from '../../src/storage/memory-consent-store';
import { MemoryKeyspace } from '../../src/storage/memory-keyspace';
import { INVENTORY } from '../botbuilder/privacy-test-bot';
import { CARD, INVOICE, QUOTE } from './consent-test-bot';

// Mistakes in the consent configuration are reported at start-up, naming what to fix.

function options(overrides: Partial<ConsentFeaturesOptions> = {}, privacy: Partial<PrivacyOptions> = {}) {
  const storage = new MemoryStorage();
  return {
    privacy: {
      brand: { name: 'Home Services', policyUrl: 'https://example.com/privacy' },
      userState: new UserState(storage),
      conversationState: new ConversationState(storage),
      erasure: { eraseSubject: async () => ({}) as never },
      inventory: INVENTORY,
      ...privacy,
    } satisfies PrivacyOptions,
    consents: {
      purposes: [QUOTE, CARD],
      consentStore: new MemoryConsentStore({ keyspace: new MemoryKeyspace() }),
      jurisdiction: 'ES',
      ...overrides,
    } satisfies ConsentFeaturesOptions,
  };
}

/** The consent features as a bot gets them: createPrivacy with its `consents` option. */
function createConsentFeatures(config: ReturnType<typeof options>) {
  return createPrivacy({ ...config.privacy, consents: config.consents }).consents;
}

const expectError = (make: () => unknown, message: RegExp) => {
  expect(make).toThrow(ConfigurationError);
  expect(make).toThrow(message);
};

describe('createConsentFeatures', () => {
  it('builds the dialogs and plugs My consents into the privacy menu', () => {
    const config = options({ purposes: [QUOTE] });
    const privacy = createPrivacy({ ...config.privacy, consents: config.consents });
    const features = privacy.consents;
    expect(privacy.menuDialog.findDialog(features.consentsDialog.id)).toBe(features.consentsDialog);
    expect(privacy.runtime.dataSources).toContain(config.consents.consentStore);
    expect([features.gateDialog.id, features.tinDialog.id, features.paymentDialog.id]).toEqual([
      'consentGate',
      'consentTin',
      'consentPayment',
    ]);
    expect(createPrivacy(config.privacy).consents).toBeUndefined();
  });

  it('names the mistake', () => {
    expectError(() => createConsentFeatures(options({ jurisdiction: 'Spain' })), /jurisdiction/);
    expectError(
      () => createConsentFeatures(options({ tin: { purposeId: 'nope' } })),
      /tin.purposeId "nope" is not one of the configured purposes/,
    );
    expectError(
      () =>
        createConsentFeatures(options({ purposes: [{ ...QUOTE, description: { en: 'Only English.' } }] })),
      /missing the locale "es"/,
    );
    expectError(
      () => createConsentFeatures(options({ purposes: [INVOICE], tin: { purposeId: INVOICE.id } })),
      /Purpose "invoice_tax_id" keeps its data .*configure sensitiveStore/,
    );
    expectError(
      () => createConsentFeatures(options({ purposes: [{ ...QUOTE, retention: { days: 1000 } }] })),
      /kept at most 400 days/,
    );
    expectError(() => createConsentFeatures(options({ tinCountries: ['DE' as never] })), /not supported/);
    expectError(() => createConsentFeatures(options({ maxAttempts: 0 })), /maxAttempts/);
    expectError(
      () => createConsentFeatures(options({ consentStore: {} as never })),
      /consentStore must be a store/,
    );
    expectError(
      () => createConsentFeatures(options({ payment: { link: 'https://pay.example.com' as never } })),
      /payment.link must be a function/,
    );
  });

  it('keeps brand button titles within Messenger’s 20 characters', () => {
    expectError(
      () =>
        createConsentFeatures(
          options(
            {},
            { localization: { texts: { sv: { consent: { yesTitle: 'Ja, jag godkänner gärna detta' } } } } },
          ),
        ),
      /"consent.yesTitle" in the "sv" texts is longer than 20/,
    );
  });

  it('refuses a payment page that is not https', () => {
    expect(() => assertPaymentUrl('http://pay.example.com/checkout')).toThrow(/https URL/);
    expect(() => assertPaymentUrl('javascript:alert(1)')).toThrow(/https URL/);
    expect(() => assertPaymentUrl('http://localhost:3000/pay')).not.toThrow();
  });
});
