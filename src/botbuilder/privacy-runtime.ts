import type { BotState, StatePropertyAccessor, TurnContext } from 'botbuilder-core';
import type { Dialog } from 'botbuilder-dialogs';
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
import { MeteredErasure } from '../metrics/metered-erasure';
import type { ConsentWithdrawal } from './consent/consent-withdrawal';
import type { SensitiveInputGuard } from './consent/sensitive-input-guard';
import type { NameCapture } from './name-capture';
import type { PrivacyProfile } from './privacy-profile';

/** The validated configuration the privacy middleware and dialogs share. */
export class PrivacyRuntime {
  private consents?: Dialog;

  constructor(
    readonly brand: { name: string; policyUrl: string },
    readonly localizer: Localizer,
    readonly profile: StatePropertyAccessor<PrivacyProfile>,
    readonly nameCapture: NameCapture,
    /** Every store that holds the subject's data, as one erasure. */
    private readonly erasure: SubjectErasure,
    readonly dataSources: SubjectDataSource[],
    readonly inventory: DataInventoryItem[],
    /**
     * The person's own state in the conversation (a PrivateConversationState), for per-person flags of
     * the privacy dialogs: in a group, each member has their own. Erased with the person.
     */
    readonly personalState: BotState,
    /** Redaction of tax ids and card numbers. */
    readonly sensitive: SensitiveInputGuard,
    private readonly metrics: MetricsRecorder = NO_METRICS,
    consentsDialog?: Dialog,
    /** Links to the Privacy Center page, when the bot serves it. */
    readonly center?: PrivacyCenterLinks,
    /** Told about failures handled for a person (see PrivacyOptions.onError). */
    private readonly onError?: PrivacyErrorHandler,
  ) {
    this.consents = consentsDialog;
  }

  /** Lists and withdraws consents by subject, when consent features are attached. */
  consentWithdrawal?: ConsentWithdrawal;

  /** The dialog behind *My consents*, if one is attached. */
  get consentsDialog(): Dialog | undefined {
    return this.consents;
  }

  /** Sets the dialog behind *My consents* (see Privacy.attachConsents, which also adds it to the menu). */
  setConsentsDialog(dialog: Dialog): void {
    this.consents = dialog;
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
   * The erasure as a request from `source` (e.g. `privacy_center`) records it:
   * `erasure.requested/completed/failed` with `dimension: source`.
   */
  meteredErasure(source: string): SubjectErasure {
    return new MeteredErasure(this.erasure, this.metrics, source);
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

  /** Erases the subject from every configured store; one receipt for all of them. */
  eraseSubject(subject: DataSubject): Promise<ErasureReceipt> {
    return this.erasure.eraseSubject(subject);
  }

  /**
   * A person's erasure request from `source` (e.g. `menu`, `delete_user_data`), in their turn: counted as
   * `erasure.requested` then `completed` or `failed`. An erasure that fails, or whose re-check finds
   * something left (`verified: false`), is a failure: reported to `onError`, and the person is told plainly
   * to try again (erasure is idempotent). Returns the receipt of a verified erasure, else undefined.
   */
  async eraseFor(
    context: TurnContext,
    subject: DataSubject,
    source: string,
  ): Promise<ErasureReceipt | undefined> {
    this.record(context, { name: 'erasure.requested', dimension: source });
    try {
      const receipt = await this.eraseSubject(subject);
      if (!receipt.verified)
        throw new Error('Erasure could not be verified: something of the person was left.');
      this.record(context, { name: 'erasure.completed', dimension: source });
      return receipt;
    } catch (error) {
      this.record(context, { name: 'erasure.failed', dimension: source });
      this.reportError(context, error, 'erasure', source);
      await context.sendActivity(this.texts(context).delete.failed);
      return undefined;
    }
  }
}
