import type { TurnContext } from './turn-context';
import type { BotState, StatePropertyAccessor } from './turn-state';
import type { DataSubject } from '../core/subject';
import type { ErasureReceipt, SubjectErasure } from '../core/erasure';
import type { DataInventoryItem } from '../core/inventory';
import { NO_METRICS, type MetricEvent, type MetricsRecorder } from '../core/metrics/metric-event';
import { safeMetricToken } from '../core/metrics/metric-rule';
import type { SubjectDataSource } from '../core/data-export';
import {
  errorWithoutPersonalData,
  type PrivacyErrorHandler,
  type PrivacyOperation,
} from '../core/operation-error';
import type { Localizer } from '../i18n/localizer';
import type { PrivacyTexts } from '../i18n/texts';
import type { PrivacyCenterLinks } from '../core/privacy-center-link';
import { ERASURE_SOURCES, MeteredErasure, type ErasureSource } from '../core/metrics/metered-erasure';
import type { ConsentWithdrawal } from './consent/consent-withdrawal';
import type { SensitiveInputGuard } from './consent/sensitive-input-guard';
import type { NameCapture } from './name-capture';
import type { PrivacyProfile } from './privacy-profile';
import type { AutomatedAssistantTerms } from '../core/terms';

/** What {@link PrivacyRuntime} is built from (createPrivacy gathers it from the validated options). */
export interface PrivacyRuntimeParts {
  readonly brand: { readonly name: string; readonly policyUrl: string };
  readonly localizer: Localizer;
  readonly profile: StatePropertyAccessor<PrivacyProfile>;
  readonly nameCapture: NameCapture;
  /** Every store that holds the subject's data, as one erasure. */
  readonly erasure: SubjectErasure;
  /** What *My data* and the Privacy Center export (the consent stores included, when consents are on). */
  readonly dataSources: readonly SubjectDataSource[];
  readonly inventory: readonly DataInventoryItem[];
  /**
   * The person's own state in the conversation (TurnHost.personalState), for per-person flags of
   * the privacy dialogs: in a group, each member has their own. Erased with the person.
   */
  readonly personalState: BotState;
  /** Redaction of tax ids and card numbers. */
  readonly sensitive: SensitiveInputGuard;
  readonly metrics?: MetricsRecorder;
  /** Links to the Privacy Center page, when the bot serves it. */
  readonly center?: PrivacyCenterLinks;
  /** Lists and withdraws consents by subject, when the consent features are on. */
  readonly consentWithdrawal?: ConsentWithdrawal;
  /** Told about failures handled for a person (see PrivacyOptions.onError). */
  readonly onError?: PrivacyErrorHandler;
  /** What the Terms of use say about the assistant being automated; undefined when the disclosure is off. */
  readonly automated?: AutomatedAssistantTerms;
}

/**
 * The validated configuration the privacy middleware, menu and dialogs share: built once by
 * createPrivacy, never changed afterwards. Internal to the package.
 */
export class PrivacyRuntime {
  readonly brand: { readonly name: string; readonly policyUrl: string };
  readonly localizer: Localizer;
  readonly profile: StatePropertyAccessor<PrivacyProfile>;
  readonly nameCapture: NameCapture;
  readonly dataSources: readonly SubjectDataSource[];
  readonly inventory: readonly DataInventoryItem[];
  readonly personalState: BotState;
  readonly sensitive: SensitiveInputGuard;
  readonly center?: PrivacyCenterLinks;
  readonly consentWithdrawal?: ConsentWithdrawal;
  readonly automated?: AutomatedAssistantTerms;
  /** The erasure as requested from each source: counted there, and only there. */
  private readonly erasures: Readonly<Record<ErasureSource, MeteredErasure>>;
  private readonly metrics: MetricsRecorder;
  private readonly onError?: PrivacyErrorHandler;

  constructor(parts: PrivacyRuntimeParts) {
    this.brand = Object.freeze({ ...parts.brand });
    this.localizer = parts.localizer;
    this.profile = parts.profile;
    this.nameCapture = parts.nameCapture;
    this.dataSources = Object.freeze([...parts.dataSources]);
    this.inventory = Object.freeze([...parts.inventory]);
    this.personalState = parts.personalState;
    this.sensitive = parts.sensitive;
    this.center = parts.center;
    this.consentWithdrawal = parts.consentWithdrawal;
    this.automated = parts.automated;
    this.metrics = parts.metrics ?? NO_METRICS;
    const erasures = {} as Record<ErasureSource, MeteredErasure>;
    for (const source of ERASURE_SOURCES) {
      erasures[source] = new MeteredErasure(parts.erasure, this.metrics, source);
    }
    this.erasures = Object.freeze(erasures);
    this.onError = parts.onError;
  }

  texts(context: TurnContext): PrivacyTexts {
    return this.localizer.texts(context.activity.locale);
  }

  language(context: TurnContext): string {
    return this.localizer.languageOf(context.activity.locale);
  }

  /** Records an anonymous event for this turn's channel and locale. */
  record(context: TurnContext, event: Omit<MetricEvent, 'channel' | 'locale'>): void {
    this.recordFor(context.activity.channelId, this.language(context), event);
  }

  /**
   * The erasure as requested from `source` (e.g. `privacy_center`): each request is counted as
   * `erasure.requested`, then `completed` or `failed`, with `dimension: source` (see MeteredErasure).
   */
  erasureFrom(source: ErasureSource): MeteredErasure {
    return this.erasures[source];
  }

  /** Records an anonymous event outside a turn (channel and language given). */
  recordFor(
    channelId: string | undefined,
    language: string,
    event: Omit<MetricEvent, 'channel' | 'locale'>,
  ): void {
    try {
      this.metrics.record({ ...event, channel: safeMetricToken(channelId), locale: language });
    } catch {
      // Metrics never break a turn or a request.
    }
  }

  /**
   * Reports a failure that was handled for the person (they were told): to the `onError` hook, as an
   * error without personal data, with the operation, its source and the channel; never who.
   */
  reportError(context: TurnContext, error: unknown, operation: PrivacyOperation, source?: string): void {
    if (!this.onError) return;
    try {
      this.onError(errorWithoutPersonalData(error, operation), {
        operation,
        ...(source ? { source } : {}),
        channel: safeMetricToken(context.activity.channelId),
      });
    } catch {
      // The hook is the bot's own logging: its failure must not turn a handled failure into a crash.
    }
  }

  /**
   * A person's erasure request from `source` (`menu` or `delete_user_data`), in their turn: counted by
   * {@link erasureFrom}. An erasure that fails, or whose re-check finds something left
   * (`verified: false`), is a failure: reported to `onError`, and the person is told plainly to try
   * again (erasure is idempotent). Returns the receipt of a verified erasure, else undefined.
   */
  async eraseFor(
    context: TurnContext,
    subject: DataSubject,
    source: ErasureSource,
  ): Promise<ErasureReceipt | undefined> {
    try {
      const receipt = await this.erasures[source].eraseSubject(subject, this.language(context));
      if (!receipt.verified)
        throw new Error('Erasure could not be verified: something of the person was left.');
      return receipt;
    } catch (error) {
      this.reportError(context, error, 'erasure', source);
      await context.sendActivity(this.texts(context).delete.failed);
      return undefined;
    }
  }
}
