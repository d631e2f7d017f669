import type { Dialog, DialogsLibrary, DialogTurnResult, WaterfallStepContext } from '../dialogs-library';
import type { Purpose } from '../../core/consent/purpose';
import { wordList } from '../../i18n/localizer';
import type { PayloadChoicePromptClass, PayloadChoicePromptOptions } from '../payload-choice-prompt';
import type { PrivacyRuntime } from '../privacy-runtime';
import type { ConsentLedger } from './consent-ledger';
import { consentNotice } from './consent-notice';
import type { ConsentDialogOptions, ConsentGateResult } from './consent-results';

/** Id of the consent gate dialog. */
export const CONSENT_GATE_DIALOG_ID = 'consentGate';

/** Payloads of the consent question's buttons. */
export const CONSENT_PAYLOADS = Object.freeze({ yes: 'PRIVACY_CONSENT_YES', no: 'PRIVACY_CONSENT_NO' });

const CHOICE = `${CONSENT_GATE_DIALOG_ID}.choice`;
const MAIN = `${CONSENT_GATE_DIALOG_ID}.main`;

interface GateValues {
  purposeId: string;
  notice: string;
}

/**
 * The consent gate: begin it (options `{ purposeId }`) before asking for a sensitive item. It ends at
 * once with `granted` when a consent for this purpose and policy version is on record, and with
 * `declined` when the person said no to it in this conversation (no nagging). Otherwise it shows the
 * notice (what, why, how long, who receives it) with Yes/No buttons: yes records a receipt and ends
 * `granted`; no records the refusal, tells the person they can carry on without it, and ends `declined`.
 * When consent cannot be read or recorded it says so and ends `unavailable`: fail closed.
 * `maxAttempts`: answers not understood before it ends `declined`.
 */
export type ConsentGateDialogClass = new (
  runtime: PrivacyRuntime,
  ledger: ConsentLedger,
  maxAttempts?: number,
  dialogId?: string,
) => Dialog;

/** The {@link ConsentGateDialogClass} on a dialogs library. */
export function defineConsentGateDialog(
  lib: DialogsLibrary,
  PayloadChoicePrompt: PayloadChoicePromptClass,
): ConsentGateDialogClass {
  return class ConsentGateDialog extends lib.ComponentDialog {
    constructor(
      private readonly runtime: PrivacyRuntime,
      private readonly ledger: ConsentLedger,
      maxAttempts = 3,
      dialogId = CONSENT_GATE_DIALOG_ID,
    ) {
      super(dialogId);
      this.addDialog(new PayloadChoicePrompt(CHOICE, maxAttempts));
      this.addDialog(
        new lib.WaterfallDialog(MAIN, [(step) => this.check(step), (step) => this.answer(step)]),
      );
      this.initialDialogId = MAIN;
    }

    private async check(step: WaterfallStepContext): Promise<DialogTurnResult> {
      const { context } = step;
      const purpose = this.ledger.purpose((step.options as ConsentDialogOptions | undefined)?.purposeId);
      let decision;
      try {
        decision = await this.ledger.decide(context, purpose);
      } catch (error) {
        return this.unavailable(step, purpose, error);
      }
      if (decision !== 'ask') return step.endDialog(result(decision, purpose));

      this.runtime.record(context, { name: 'consent.asked', dimension: purpose.id });
      const texts = this.runtime.texts(context);
      const notice = consentNotice(
        purpose,
        texts,
        this.runtime.language(context),
        this.runtime.brand,
        this.runtime.localizer.fallbackLanguage,
      );
      Object.assign(step.values, { purposeId: purpose.id, notice } satisfies GateValues);
      const options: PayloadChoicePromptOptions = {
        text: notice,
        retryText: texts.consent.notUnderstood,
        payloadChoices: [
          {
            payload: CONSENT_PAYLOADS.yes,
            title: texts.consent.yesTitle,
            synonyms: wordList(texts.common.yesWords),
          },
          {
            payload: CONSENT_PAYLOADS.no,
            title: texts.consent.noTitle,
            synonyms: wordList(texts.common.noWords),
          },
        ],
      };
      return step.prompt(CHOICE, options);
    }

    private async answer(step: WaterfallStepContext): Promise<DialogTurnResult> {
      const { context } = step;
      const values = step.values as GateValues;
      const purpose = this.ledger.purpose(values.purposeId);
      const language = this.runtime.language(context);
      if (step.result === CONSENT_PAYLOADS.yes) {
        try {
          await this.ledger.answer(context, purpose, 'given', values.notice, language);
        } catch (error) {
          return this.unavailable(step, purpose, error);
        }
        this.runtime.record(context, { name: 'consent.given', dimension: purpose.id });
        return step.endDialog(result('granted', purpose));
      }
      try {
        if (step.result === CONSENT_PAYLOADS.no) {
          await this.ledger.answer(context, purpose, 'refused', values.notice, language);
        } else {
          await this.ledger.noAnswer(context, purpose);
        }
      } catch (error) {
        // A no that could not be recorded is still a no: nothing is asked.
        this.runtime.reportError(context, error, 'consent');
      }
      if (step.result === CONSENT_PAYLOADS.no) {
        this.runtime.record(context, { name: 'consent.refused', dimension: purpose.id });
      }
      await context.sendActivity(this.runtime.texts(context).consent.refused);
      return step.endDialog(result('declined', purpose));
    }

    private async unavailable(
      step: WaterfallStepContext,
      purpose: Purpose,
      error: unknown,
    ): Promise<DialogTurnResult> {
      this.runtime.reportError(step.context, error, 'consent');
      await step.context.sendActivity(this.runtime.texts(step.context).consent.unavailable);
      return step.endDialog(result('unavailable', purpose));
    }
  };
}

function result(status: ConsentGateResult['status'], purpose: Purpose): ConsentGateResult {
  return { status, purposeId: purpose.id };
}
