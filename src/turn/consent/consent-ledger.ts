import type { Activity, TurnContext } from '../turn-context';
import type { StatePropertyAccessor } from '../turn-state';
import { decideConsent } from '../../core/consent/consent-decision';
import type { CollectionMethod, ConsentReceipt } from '../../core/consent/consent-receipt';
import type { Purpose } from '../../core/consent/purpose';
import { recordConsent } from '../../core/consent/record-consent';
import { ConfigurationError, InvalidSubjectError } from '../../core/errors';
import type { DataSubject } from '../../core/subject';
import type { ConsentStore } from '../../core/consent/consent-store';
import { activityPayload } from '../activity-payload';
import { subjectOfActivity } from '../subject-scope-middleware';

/** Purposes this person refused (or left unanswered) in this conversation: not asked again for a while. */
export type ConversationRefusals = Record<string, { version: string; at: string }>;

/** What a gate should do now: go ahead, ask, or carry on without the feature (no nagging). */
export type GateDecision = 'granted' | 'ask' | 'declined';

export interface ConsentLedgerOptions {
  store: ConsentStore;
  purposes: ReadonlyMap<string, Purpose>;
  /** Property of the person's own conversation state holding {@link ConversationRefusals}. */
  refusals: StatePropertyAccessor<ConversationRefusals>;
  /** The brand (receipt controller). */
  controller: string;
  jurisdiction: string;
  /** After a refusal, the same purpose is not asked again in the conversation for this long. */
  quietPeriodMs: number;
}

/**
 * Reads and records the consent of the turn's person: the one place that turns answers into receipts.
 * Every method rejects when the store cannot answer (StorageUnavailableError), so callers fail closed.
 */
export class ConsentLedger {
  constructor(private readonly options: ConsentLedgerOptions) {}

  /** The configured purposes, in configuration order. */
  get purposes(): Purpose[] {
    return [...this.options.purposes.values()];
  }

  /** @throws ConfigurationError when `id` is not a configured purpose (a bug in the bot, not the user). */
  purpose(id: unknown): Purpose {
    const purpose = typeof id === 'string' ? this.options.purposes.get(id) : undefined;
    if (!purpose) {
      throw new ConfigurationError(
        `Unknown consent purpose ${JSON.stringify(id)}: pass one of ${[...this.options.purposes.keys()].join(', ')}.`,
      );
    }
    return purpose;
  }

  /**
   * Granted only for a receipt of this purpose at its current policy version; declined when the person
   * said no (or did not answer) to this version in this conversation recently; otherwise ask.
   */
  async decide(context: TurnContext, purpose: Purpose): Promise<GateDecision> {
    const receipts = await this.options.store.list(subjectOf(context));
    const refused = (await this.options.refusals.get(context, {}))[purpose.id];
    const recent =
      refused?.version === purpose.policyVersion &&
      Date.now() - Date.parse(refused.at) < this.options.quietPeriodMs;
    const decision = decideConsent(receipts, purpose, { askedThisConversation: recent });
    if (decision === 'granted') return 'granted';
    return recent ? 'declined' : 'ask';
  }

  /** True while consent for the purpose is on record (checked again right before a value is used). */
  async isGranted(context: TurnContext, purpose: Purpose): Promise<boolean> {
    return (await this.decide(context, purpose)) === 'granted';
  }

  /** Records a yes or a no to the notice shown, in `language`. */
  async answer(
    context: TurnContext,
    purpose: Purpose,
    answer: 'given' | 'refused',
    notice: string,
    language: string,
  ): Promise<void> {
    // The conversation flag first: a no that cannot be stored is still not asked again.
    await this.setRefused(context, purpose, answer === 'refused');
    const subject = subjectOf(context);
    const receipt = recordConsent(await this.options.store.list(subject), purpose, answer, {
      subjectDigest: this.options.store.subjectDigest(subject),
      controller: this.options.controller,
      jurisdiction: this.options.jurisdiction,
      collectionMethod: collectionMethodOf(context.activity),
      language,
      notice,
    });
    await this.options.store.save(subject, receipt);
  }

  /** The person did not answer: nothing is recorded, and they are not asked again for a while. */
  async noAnswer(context: TurnContext, purpose: Purpose): Promise<void> {
    await this.setRefused(context, purpose, true);
  }

  /** Every receipt of a subject (in a turn or outside, e.g. the Privacy Center). */
  async receiptsOf(subject: DataSubject): Promise<ConsentReceipt[]> {
    return this.options.store.list(subject);
  }

  /** Stores receipts that changed state (e.g. the ones `withdrawConsent` returns). */
  async save(subject: DataSubject, receipts: readonly ConsentReceipt[]): Promise<void> {
    for (const receipt of receipts) await this.options.store.save(subject, receipt);
  }

  private async setRefused(context: TurnContext, purpose: Purpose, refused: boolean): Promise<void> {
    const refusals = { ...(await this.options.refusals.get(context, {})) };
    if (refused) refusals[purpose.id] = { version: purpose.policyVersion, at: new Date().toISOString() };
    else delete refusals[purpose.id];
    await this.options.refusals.set(context, refusals);
  }
}

function subjectOf(context: TurnContext): DataSubject {
  const subject = subjectOfActivity(context.activity);
  if (!subject) throw new InvalidSubjectError('Consent needs a turn from a user (activity.from.id).');
  return subject;
}

/** How the answer arrived (Kantara collection method). */
export function collectionMethodOf(activity: Partial<Activity>): CollectionMethod {
  const channelData = (activity.channelData ?? {}) as {
    postback?: unknown;
    message?: { quick_reply?: unknown };
  };
  if (channelData.message?.quick_reply) return 'messenger_quick_reply';
  if (channelData.postback) return 'messenger_postback';
  if (activityPayload(activity)) {
    return activity.channelId === 'webchat' ? 'webchat_suggested_action' : 'suggested_action';
  }
  return 'text';
}
