import type { Dialog, DialogsLibrary, DialogTurnResult, WaterfallStepContext } from '../dialogs-library';
import type { Purpose } from '../../core/consent/purpose';
import { validateCardEntry, type CardEntryValidation } from '../../core/sensitive/payment-card';
import { format } from '../../i18n/localizer';
import type { SensitiveValueStore } from '../../core/sensitive/sensitive-value-store';
import type { PrivacyRuntime } from '../privacy-runtime';
import { subjectOfActivity } from '../subject-scope-middleware';
import type { TurnContext } from '../turn-context';
import type { ConsentGateDialogClass } from './consent-gate-dialog';
import type { ConsentLedger } from './consent-ledger';
import { assertStoreFor, retentionSeconds } from './consent-notice';
import type {
  CardDetails,
  CardSummary,
  ConsentDialogOptions,
  ConsentGateResult,
  PaymentDialogResult,
} from './consent-results';
import { assertPaymentUrl, paymentLinkActivity } from './payment-link';
import type {
  SensitiveAnswer,
  SensitiveInputPromptClass,
  SensitiveInputPromptOptions,
} from './sensitive-input-prompt';

/** Id of the payment dialog. */
export const PAYMENT_DIALOG_ID = 'consentPayment';

const GATE = `${PAYMENT_DIALOG_ID}.gate`;
const CARD = `${PAYMENT_DIALOG_ID}.card`;
const MAIN = `${PAYMENT_DIALOG_ID}.main`;

type CardEntry = Extract<CardEntryValidation, { valid: true }>;

/** What the dialog keeps between turns: the purpose only, never a card detail. */
interface PaymentValues {
  purposeId: string;
}

/** What the payment dialog needs besides the privacy runtime and the ledger. */
export interface PaymentDialogSettings {
  /** Purpose used when the dialog is begun without options. */
  defaultPurposeId?: string;
  /** URL of the brand's secure payment page for this person and purpose. A throw ends it `unavailable`. */
  link: (context: TurnContext, purposeId: string) => Promise<string> | string;
  /** Channels where the card is typed in the chat (never `facebook`). */
  inChatChannels: readonly string[];
  /** Hands an in-chat card to the payment provider. A throw ends the dialog `unavailable`. */
  onCard?: (context: TurnContext, card: CardDetails) => Promise<void> | void;
  /** Where brand and last four digits are kept when the purpose declares a retention. */
  store?: SensitiveValueStore;
  maxAttempts: number;
}

/**
 * Takes payment details after consent. On channels not listed in `inChatChannels` (always on Messenger,
 * whose policy forbids card numbers in messages) it sends a secure payment link button. Where in-chat
 * entry is enabled it asks the card number and its expiry in one message (so no card detail waits in
 * conversation state between two questions, whether the person answers, cancels, is interrupted or
 * leaves), checks them (brand, Luhn, length, expiry), hands them to `onCard` and keeps only the brand
 * and last four digits. Ends with a {@link PaymentDialogResult}.
 */
export type PaymentDialogClass = new (
  runtime: PrivacyRuntime,
  ledger: ConsentLedger,
  settings: PaymentDialogSettings,
  dialogId?: string,
) => Dialog;

/** The {@link PaymentDialogClass} on a dialogs library, with the gate and prompt it asks with. */
export function definePaymentDialog(
  lib: DialogsLibrary,
  ConsentGateDialog: ConsentGateDialogClass,
  SensitiveInputPrompt: SensitiveInputPromptClass,
): PaymentDialogClass {
  return class PaymentDialog extends lib.ComponentDialog {
    constructor(
      private readonly runtime: PrivacyRuntime,
      private readonly ledger: ConsentLedger,
      private readonly settings: PaymentDialogSettings,
      dialogId = PAYMENT_DIALOG_ID,
    ) {
      super(dialogId);
      const attempts = settings.maxAttempts;
      this.addDialog(new ConsentGateDialog(runtime, ledger, attempts, GATE));
      this.addDialog(
        new SensitiveInputPrompt<CardEntry>(
          CARD,
          runtime,
          'card',
          (raw) => {
            const entry = validateCardEntry(raw);
            return entry.valid ? { ok: true, value: entry } : { ok: false, reason: entry.reason };
          },
          attempts,
        ),
      );
      this.addDialog(
        new lib.WaterfallDialog(MAIN, [
          (step) => this.askConsent(step),
          (step) => this.offer(step),
          (step) => this.useCard(step),
        ]),
      );
      this.initialDialogId = MAIN;
    }

    private async askConsent(step: WaterfallStepContext): Promise<DialogTurnResult> {
      const options = step.options as ConsentDialogOptions | undefined;
      const purpose = this.ledger.purpose(options?.purposeId ?? this.settings.defaultPurposeId);
      if (this.inChat(step.context)) assertStoreFor(purpose, this.settings.store);
      return step.beginDialog(GATE, { purposeId: purpose.id } satisfies ConsentDialogOptions);
    }

    private async offer(step: WaterfallStepContext): Promise<DialogTurnResult> {
      const { context } = step;
      const gate = step.result as ConsentGateResult;
      (step.values as PaymentValues).purposeId = gate.purposeId;
      if (gate.status !== 'granted') {
        return step.endDialog({
          status: gate.status,
          purposeId: gate.purposeId,
        } satisfies PaymentDialogResult);
      }
      const texts = this.runtime.texts(context).payment;
      if (this.inChat(context)) {
        const options: SensitiveInputPromptOptions = {
          text: texts.askCard,
          retryTexts: { expired: texts.expired, expiry: texts.invalidExpiry, default: texts.invalidNumber },
        };
        return step.prompt(CARD, options);
      }
      let url: string;
      try {
        url = await this.settings.link(context, gate.purposeId);
      } catch (error) {
        this.runtime.reportError(context, error, 'payment');
        await context.sendActivity(texts.failed);
        return step.endDialog({
          status: 'unavailable',
          purposeId: gate.purposeId,
        } satisfies PaymentDialogResult);
      }
      assertPaymentUrl(url);
      await context.sendActivity(paymentLinkActivity(url, texts));
      return step.endDialog({
        status: 'granted',
        purposeId: gate.purposeId,
        method: 'link',
      } satisfies PaymentDialogResult);
    }

    private async useCard(step: WaterfallStepContext): Promise<DialogTurnResult> {
      const { context } = step;
      const values = step.values as PaymentValues;
      const answer = step.result as SensitiveAnswer<CardEntry>;
      if (answer.status !== 'ok') return this.stop(step, values.purposeId, answer.status);
      const purpose = this.ledger.purpose(values.purposeId);
      const { card, expiry } = answer.value;
      const summary: CardSummary = { brand: card.brand, brandName: card.brandName, last4: card.last4 };
      const texts = this.runtime.texts(context).payment;
      try {
        // Consent may have been withdrawn (privacy menu) while the question was waiting.
        if (!(await this.ledger.isGranted(context, purpose))) {
          await context.sendActivity(texts.cancelled);
          return step.endDialog({ status: 'declined', purposeId: purpose.id } satisfies PaymentDialogResult);
        }
        await this.settings.onCard?.(context, {
          purposeId: purpose.id,
          number: card.reveal(),
          ...summary,
          expiry: { month: expiry.month, year: expiry.year },
        });
        await this.keepSummary(context, purpose, summary);
      } catch (error) {
        this.runtime.reportError(context, error, 'payment');
        await context.sendActivity(texts.failed);
        return step.endDialog({ status: 'unavailable', purposeId: purpose.id } satisfies PaymentDialogResult);
      }
      await context.sendActivity(format(texts.accepted, { brand: card.brandName, last4: card.last4 }));
      const result: PaymentDialogResult = {
        status: 'granted',
        purposeId: purpose.id,
        method: 'in_chat',
        card: summary,
      };
      return step.endDialog(result);
    }

    /** Keeps brand and last four digits (encrypted) when the purpose declares a retention. */
    private async keepSummary(context: TurnContext, purpose: Purpose, summary: CardSummary): Promise<void> {
      const ttlSeconds = retentionSeconds(purpose.retention);
      const subject = subjectOfActivity(context.activity);
      if (ttlSeconds === undefined || !this.settings.store || !subject) return;
      await this.settings.store.save(subject, purpose.id, JSON.stringify(summary), { ttlSeconds });
    }

    private async stop(
      step: WaterfallStepContext,
      purposeId: string,
      status: 'cancelled' | 'invalid',
    ): Promise<DialogTurnResult> {
      const texts = this.runtime.texts(step.context).payment;
      await step.context.sendActivity(status === 'cancelled' ? texts.cancelled : texts.tooManyAttempts);
      const result: PaymentDialogResult = {
        status: status === 'cancelled' ? 'declined' : 'invalid',
        purposeId,
      };
      return step.endDialog(result);
    }

    private inChat(context: TurnContext): boolean {
      const channel = context.activity.channelId;
      return !!channel && channel !== 'facebook' && this.settings.inChatChannels.includes(channel);
    }
  };
}
