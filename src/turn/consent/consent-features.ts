import { validatePurposes, type Purpose } from '../../core/consent/purpose';
import type { SubjectDataSource } from '../../core/data-export';
import { ConfigurationError } from '../../core/errors';
import { assertTinCountries, tinCountriesOf, type TinCountry } from '../../core/sensitive/tax-id';
import { format, MAX_BUTTON_TITLE, type Localizer } from '../../i18n/localizer';
import type { ConsentFeaturesOptions } from './consent-features-options';
import { ConsentLedger, type ConversationRefusals } from './consent-ledger';
import { assertStoreFor, MAX_SENSITIVE_RETENTION_DAYS } from './consent-notice';
import { ConsentWithdrawal } from './consent-withdrawal';
import type { PaymentDialogSettings } from './payment-dialog';
import type { TinDialogSettings } from './tin-dialog';
import type { Dialog } from '../dialogs-library';
import { LIBRARY_STATE_PROPERTIES } from '../library-state';
import type { PrivacyDialogClasses } from '../privacy-dialogs';
import type { PrivacyRuntime } from '../privacy-runtime';
import type { BotState } from '../turn-state';
import { auditedConsentStore, type AuditTrailOptions } from '../../core/audit/audited-seams';

/**
 * The consent dialogs createPrivacy builds when its `consents` option is set. Add the ones you use to your
 * DialogSet. `D`: the host dialogs library's dialog type (each binding names its own).
 */
export interface ConsentFeatures<D extends Dialog = Dialog> {
  /** Asks consent for `{ purposeId }` when needed; ends with a ConsentGateResult. */
  readonly gateDialog: D;
  /** Consent, then the tax id (`{ purposeId? }`); ends with a TinDialogResult. */
  readonly tinDialog: D;
  /** Consent, then a payment link or in-chat card (`{ purposeId? }`); ends with a PaymentDialogResult. */
  readonly paymentDialog: D;
  /** *My consents*, already part of the privacy menu. */
  readonly consentsDialog: D;
  /** Lists and withdraws consents by subject (what *My consents* and the Privacy Center use). */
  readonly withdrawal: ConsentWithdrawal;
}

/** What the consent features need from the privacy layer before its runtime exists. */
export interface ConsentFoundation {
  readonly localizer: Localizer;
  /** The brand name written on receipts as the controller. */
  readonly controller: string;
  /** Where each person's refusals in a conversation are kept. */
  readonly personalState: BotState;
  /** Tax-id countries the privacy middleware's `sensitiveInput` named itself, if it did. */
  readonly sensitiveCountries?: readonly TinCountry[];
  /** The audit trail: every consent the ledger saves (given, refused, withdrawn) is recorded. */
  readonly audit?: AuditTrailOptions;
}

/**
 * The consent options checked, with the ledger and the withdrawal built: everything of the consent
 * features that does not need the privacy runtime. The runtime is then built with `withdrawal` and
 * `dataSources`, and {@link buildConsentDialogs} finishes the dialogs with it.
 */
export interface PreparedConsents {
  /** Tax ids the dialogs accept (and the middleware redacts unless told otherwise). */
  readonly countries: readonly TinCountry[];
  /** The consent store, and the sensitive store when there is one: added to *My data*. */
  readonly dataSources: readonly SubjectDataSource[];
  readonly ledger: ConsentLedger;
  readonly withdrawal: ConsentWithdrawal;
  readonly settings: {
    readonly maxAttempts: number;
    readonly tin: TinDialogSettings;
    readonly payment: PaymentDialogSettings;
  };
}

/**
 * Checks the `consents` option of createPrivacy and builds its ledger and withdrawal.
 * @throws ConfigurationError for anything that would otherwise fail at the first message.
 */
export function prepareConsents(
  options: ConsentFeaturesOptions,
  foundation: ConsentFoundation,
): PreparedConsents {
  if (!options || typeof options !== 'object') throw new ConfigurationError('Consent options are required.');
  const { consentStore, sensitiveStore } = options;
  const { localizer } = foundation;
  const purposes = validatePurposes(options.purposes, { locales: localizer.languages });
  checkStore(consentStore, ['list', 'save', 'subjectDigest', 'exportSubject'], 'consentStore');
  if (sensitiveStore) {
    checkStore(sensitiveStore, ['save', 'get', 'deleteForPurpose', 'exportSubject'], 'sensitiveStore');
  }
  if (
    typeof options.jurisdiction !== 'string' ||
    !/^[A-Za-z]{2}(?:-[A-Za-z0-9]{1,8})?$/.test(options.jurisdiction)
  ) {
    throw new ConfigurationError('jurisdiction must be a code such as "ES", "EU" or "US-CA".');
  }
  const countries =
    options.tinCountries ??
    (foundation.sensitiveCountries
      ? [...foundation.sensitiveCountries]
      : tinCountriesOf(options.jurisdiction));
  assertTinCountries(countries);
  if (countries.length === 0) throw new ConfigurationError('tinCountries must list at least one country.');
  const maxAttempts = whole(options.maxAttempts ?? 3, 1, 10, 'maxAttempts');
  const reaskHours = options.reaskAfterHours ?? 24;
  if (typeof reaskHours !== 'number' || !(reaskHours > 0) || reaskHours > 24 * 365) {
    throw new ConfigurationError('reaskAfterHours must be a number of hours between 0 and 8760.');
  }
  for (const purpose of purposes.values()) checkRetention(purpose);
  checkCallback(options.tin?.onTin, 'tin.onTin');
  checkCallback(options.onWithdraw, 'onWithdraw');
  const tinPurpose = options.tin?.purposeId;
  if (tinPurpose !== undefined)
    assertStoreFor(purposeOf(purposes, tinPurpose, 'tin.purposeId'), sensitiveStore);
  const payment = checkPayment(options.payment);
  if (payment.defaultPurposeId !== undefined) {
    const purpose = purposeOf(purposes, payment.defaultPurposeId, 'payment.purposeId');
    if (payment.inChatChannels.length > 0) assertStoreFor(purpose, sensitiveStore);
  }
  checkButtonTitles(localizer);

  const ledger = new ConsentLedger({
    store: foundation.audit ? auditedConsentStore(consentStore, foundation.audit) : consentStore,
    purposes,
    refusals: foundation.personalState.createProperty<ConversationRefusals>(
      LIBRARY_STATE_PROPERTIES.consentRefusals,
    ),
    controller: foundation.controller,
    jurisdiction: options.jurisdiction,
    quietPeriodMs: reaskHours * 3600_000,
  });
  const withdrawal = new ConsentWithdrawal(
    ledger,
    { store: sensitiveStore, onWithdraw: options.onWithdraw },
    localizer.fallbackLanguage,
  );
  return {
    countries: Object.freeze([...countries]),
    dataSources: sensitiveStore ? [consentStore, sensitiveStore] : [consentStore],
    ledger,
    withdrawal,
    settings: {
      maxAttempts,
      tin: {
        countries,
        defaultPurposeId: tinPurpose,
        onTin: options.tin?.onTin ?? (() => undefined),
        store: sensitiveStore,
        maxAttempts,
      },
      payment: { ...payment, store: sensitiveStore, maxAttempts },
    },
  };
}

/**
 * The consent gate, the tax id and payment dialogs, and *My consents*, on the privacy runtime, as
 * `dialogs` of the host's library.
 */
export function buildConsentDialogs(
  dialogs: PrivacyDialogClasses,
  runtime: PrivacyRuntime,
  prepared: PreparedConsents,
): ConsentFeatures {
  const { ledger, withdrawal, settings } = prepared;
  return {
    gateDialog: new dialogs.ConsentGateDialog(runtime, ledger, settings.maxAttempts),
    tinDialog: new dialogs.TinDialog(runtime, ledger, settings.tin),
    paymentDialog: new dialogs.PaymentDialog(runtime, ledger, settings.payment),
    consentsDialog: new dialogs.ConsentsDialog(runtime, ledger, {
      withdrawal,
      maxAttempts: settings.maxAttempts,
    }),
    withdrawal,
  };
}

function checkPayment(
  payment: ConsentFeaturesOptions['payment'],
): Omit<PaymentDialogSettings, 'store' | 'maxAttempts'> {
  if (payment === undefined) {
    return {
      inChatChannels: [],
      link: (): string => {
        throw new ConfigurationError(
          'The payment dialog needs the `consents.payment` option of createPrivacy.',
        );
      },
    };
  }
  if (typeof payment.link !== 'function') {
    throw new ConfigurationError(
      'payment.link must be a function returning the https URL of the payment page.',
    );
  }
  const channels = payment.inChatChannels ?? [];
  if (!Array.isArray(channels) || channels.some((c) => typeof c !== 'string' || !c)) {
    throw new ConfigurationError('payment.inChatChannels must be a list of channel ids, e.g. ["webchat"].');
  }
  if (channels.includes('facebook')) {
    throw new ConfigurationError(
      "payment.inChatChannels cannot include facebook: Meta's policy forbids asking for card numbers in Messenger; the payment link is used there.",
    );
  }
  if (channels.length > 0) checkCallback(payment.onCard, 'payment.onCard', true);
  return {
    defaultPurposeId: payment.purposeId,
    link: payment.link,
    inChatChannels: [...channels],
    onCard: payment.onCard,
  };
}

function checkRetention(purpose: Purpose): void {
  const { retention } = purpose;
  if (purpose.sensitive && typeof retention === 'object' && retention.days > MAX_SENSITIVE_RETENTION_DAYS) {
    throw new ConfigurationError(
      `Purpose "${purpose.id}": sensitive values are kept at most ${MAX_SENSITIVE_RETENTION_DAYS} days, not ${retention.days}.`,
    );
  }
}

function purposeOf(purposes: ReadonlyMap<string, Purpose>, id: string, option: string): Purpose {
  const purpose = purposes.get(id);
  if (!purpose) throw new ConfigurationError(`${option} "${id}" is not one of the configured purposes.`);
  return purpose;
}

function checkStore(store: unknown, methods: string[], name: string): void {
  const missing = methods.filter(
    (m) => !store || typeof (store as Record<string, unknown>)[m] !== 'function',
  );
  if (missing.length > 0) {
    throw new ConfigurationError(
      `${name} must be a store with ${methods.join(', ')} (missing ${missing.join(', ')}).`,
    );
  }
}

function checkCallback(callback: unknown, name: string, required = false): void {
  if ((required || callback !== undefined) && typeof callback !== 'function') {
    throw new ConfigurationError(`${name} must be a function.`);
  }
}

function whole(value: number, min: number, max: number, name: string): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigurationError(`${name} must be a whole number from ${min} to ${max}.`);
  }
  return value;
}

/** Every button title of the consent texts fits Messenger's 20 characters, in every language. */
function checkButtonTitles(localizer: Localizer): void {
  for (const language of localizer.languages) {
    const texts = localizer.texts(language);
    const titles: Array<[string, string]> = [
      ['consent.yesTitle', texts.consent.yesTitle],
      ['consent.noTitle', texts.consent.noTitle],
      ['payment.linkTitle', texts.payment.linkTitle],
      ['consents.keepTitle', texts.consents.keepTitle],
      ['consents.withdrawTitle', format(texts.consents.withdrawTitle, { number: 99 })],
    ];
    for (const [key, title] of titles) {
      if ([...title].length > MAX_BUTTON_TITLE) {
        throw new ConfigurationError(
          `Button title "${key}" in the "${language}" texts is longer than ${MAX_BUTTON_TITLE} characters.`,
        );
      }
    }
  }
}
