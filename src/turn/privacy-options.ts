import { isHttpUrl } from '../core/http-url';
import type { SubjectErasure } from '../core/erasure';
import { ConfigurationError } from '../core/errors';
import { validateInventory, type DataInventoryItem, type LocalizedText } from '../core/inventory';
import type { MetricsRecorder } from '../core/metrics/metric-event';
import { PrivacyCenterLinks } from '../core/privacy-center-link';
import type { SubjectDataSource } from '../core/data-export';
import type { AuditTrailOptions } from '../core/audit/audited-seams';
import type { PrivacyErrorHandler } from '../core/operation-error';
import { Localizer, type LocalizationOptions } from '../i18n/localizer';
import type { ConsentFeaturesOptions } from './consent/consent-features-options';
import type { SensitiveInputOptions } from './consent/sensitive-input-guard';
import type { DialogSet } from './dialogs-library';
import { validateDisclosureOptions, type DisclosureOptions } from './disclosure';
import type { ThreadHandover } from './thread-control';
import type { NameCaptureOptions } from './name-capture';
import type { BotState } from './turn-state';

/** Everything a bot configures to add the privacy layer. Checked by {@link createPrivacy} at start-up. */
export interface PrivacyOptions {
  /** The brand as people see it: its name appears in the menu and texts, the policy URL in the terms. */
  brand: { name: string; policyUrl: string };
  /** Where the person's name is kept (`privacyProfile` property). */
  userState: BotState;
  /** Where the privacy menu keeps its own dialog state (`privacyDialogState` property). */
  conversationState: BotState;
  /** What *Delete my data* erases: the state store, plus any store that does not share its keyspace. */
  erasure: SubjectErasure | SubjectErasure[];
  /** What *My data* exports: stores implementing SubjectDataSource (state, transcripts, consents...). */
  dataSources?: SubjectDataSource[];
  /** The brand's data inventory, shown as *Terms of use*. */
  inventory: DataInventoryItem[];
  /** Languages, fallback and brand texts. */
  localization?: LocalizationOptions;
  /** Name capture on first interaction (Messenger by default). */
  nameCapture?: NameCaptureOptions;
  /** Anonymous metrics (clicks, feature use, erasures). Off by default. */
  metrics?: MetricsRecorder;
  /** Longer messages get a polite refusal instead of reaching the bot. Default 10 000 characters. */
  maxMessageLength?: number;
  /**
   * The bot's own dialogs, to re-prompt the interrupted one when the privacy menu closes (so its
   * question is asked again). Without them the bot simply continues with the person's next message.
   */
  resumeDialogs?: DialogSet;
  /**
   * Words that start the bot's own features, `|`-separated, once for all languages or per language
   * (`{ en: 'book|invoice', es: 'reservar|factura' }`). While the privacy menu is open, a message that is
   * one of them (in any configured language, ignoring case and accents) closes the menu and goes on to
   * the bot, as if the menu had not been open, instead of being answered "not understood".
   */
  featureKeywords?: LocalizedText;
  /**
   * Consent before sensitive items: builds the consent gate, tax id and payment dialogs
   * (`privacy.consents`) and puts *My consents* in the menu, with the consent and sensitive stores in
   * *My data*. Without it, *My consents* tells the person nothing was asked.
   */
  consents?: ConsentFeaturesOptions;
  /** Redaction of tax ids and card numbers in messages (always on; this tunes it). */
  sensitiveInput?: SensitiveInputOptions;
  /**
   * Links to the Privacy Center page (serve it with `privacyCenterRouter`): adds *Privacy Center* to the
   * menu, and on Messenger *My data* links to the download instead of attaching a `data:` URL.
   */
  privacyCenter?: PrivacyCenterLinks;
  /**
   * Told about every failure handled for a person (an erasure or export that failed, a consent that
   * could not be recorded...): they were told plainly, so nothing else shows it. It receives an error
   * without personal data and `{ operation, source?, channel }`, never an id.
   * @example onError: (error, { operation }) => logger.warn(`privacy ${operation} failed: ${error.message}`)
   */
  onError?: PrivacyErrorHandler;
  /**
   * The audit trail of privacy operations: every erasure, export, consent given/refused/withdrawn and
   * Privacy Center visit, from every path, is appended to `log` with the subject's digest (never an id),
   * by construction (the erasure, the data sources and the consent store are wrapped once here). Give the
   * digest the stores use, so entries and receipts name the same pseudonym.
   * @example audit: { log: new RedisAuditLog({ redis, prefix, keys: AuditKeyring.fromEnv() }),
   *   subjectDigest: (subject) => storage.keyspace.digester.digest(subject) }
   */
  audit?: AuditTrailOptions;
  /**
   * Telling people they talk with an automated assistant (EU AI Act Art. 50): with the first reply of a
   * conversation, after a long silence and when a human agent hands the chat back. On by default on
   * Messenger and web chat; `false` turns it off (and the Terms of use no longer say it).
   */
  disclosure?: DisclosureOptions | false;
  /**
   * Handing conversations to human agents (`new MessengerHandover(...)` from
   * `botbuilder-privacy/messenger`): the layer records who holds each thread, keeps the bot silent while
   * a human agent does (register `privacy.handoverGate` after your transcript logger), still opens the
   * privacy menu, and tells the agents' inbox about an erasure without personal data.
   */
  handover?: ThreadHandover;
}

/** Throws ConfigurationError for anything that would otherwise fail at the first message. */
export function validatePrivacyOptions(options: PrivacyOptions): Localizer {
  if (!options || typeof options !== 'object') throw new ConfigurationError('Privacy options are required.');
  const { brand } = options;
  if (!brand || typeof brand.name !== 'string' || !brand.name.trim()) {
    throw new ConfigurationError('brand.name is required: it is shown to people in the privacy menu.');
  }
  if (typeof brand.policyUrl !== 'string' || !isHttpUrl(brand.policyUrl)) {
    throw new ConfigurationError('brand.policyUrl must be the http(s) URL of the privacy policy.');
  }
  if (!options.userState || !options.conversationState) {
    throw new ConfigurationError('userState and conversationState are required.');
  }
  const erasers = Array.isArray(options.erasure) ? options.erasure : [options.erasure];
  if (erasers.length === 0 || erasers.some((e) => !e || typeof e.eraseSubject !== 'function')) {
    throw new ConfigurationError('erasure must be a store (or stores) with eraseSubject(subject).');
  }
  const localizer = new Localizer(options.localization);
  // Every field of the inventory, in every language the bot speaks: the terms and the record need them.
  validateInventory(options.inventory, { languages: localizer.languages });
  if (options.onError !== undefined && typeof options.onError !== 'function') {
    throw new ConfigurationError('onError must be a function (error, { operation }) => void.');
  }
  const audit = options.audit;
  if (
    audit !== undefined &&
    (!audit || typeof audit.log?.append !== 'function' || typeof audit.subjectDigest !== 'function')
  ) {
    throw new ConfigurationError(
      'audit must be { log: an AuditLog (e.g. RedisAuditLog), subjectDigest: (subject) => digest }.',
    );
  }
  const features = options.featureKeywords;
  const featureLists =
    typeof features === 'object' && features !== null ? Object.values(features) : [features];
  if (features !== undefined && featureLists.some((words) => typeof words !== 'string')) {
    throw new ConfigurationError(
      'featureKeywords must be words separated by "|", or such words per language: { en: "book|invoice" }.',
    );
  }
  const limit = options.maxMessageLength;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    throw new ConfigurationError('maxMessageLength must be a positive whole number.');
  }
  const channels = options.nameCapture?.channels;
  if (
    channels !== undefined &&
    (!Array.isArray(channels) || channels.some((c) => typeof c !== 'string' || !c))
  ) {
    throw new ConfigurationError('nameCapture.channels must be a list of channel ids, e.g. ["facebook"].');
  }
  validateDisclosureOptions(options.disclosure);
  const handover = options.handover;
  if (
    handover !== undefined &&
    (!handover ||
      typeof handover.channelId !== 'string' ||
      typeof handover.signalOf !== 'function' ||
      typeof handover.passToHuman !== 'function' ||
      typeof handover.takeBack !== 'function')
  ) {
    throw new ConfigurationError('handover must be a thread handover such as new MessengerHandover(...).');
  }
  if (options.privacyCenter !== undefined && !(options.privacyCenter instanceof PrivacyCenterLinks)) {
    throw new ConfigurationError('privacyCenter must be a PrivacyCenterLinks.');
  }
  return localizer;
}
