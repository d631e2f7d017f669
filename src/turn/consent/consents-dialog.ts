import type { Dialog, DialogsLibrary, DialogTurnResult, WaterfallStepContext } from '../dialogs-library';
import type { ConsentReceipt } from '../../core/consent/consent-receipt';
import { purposeDescription, type Purpose } from '../../core/consent/purpose';
import { format, wordList } from '../../i18n/localizer';
import type {
  PayloadChoice,
  PayloadChoicePromptClass,
  PayloadChoicePromptOptions,
} from '../payload-choice-prompt';
import type { PrivacyRuntime } from '../privacy-runtime';
import { subjectOfActivity } from '../subject-scope-middleware';
import type { TurnContext } from '../turn-context';
import type { ConsentLedger } from './consent-ledger';
import type { ConsentWithdrawal } from './consent-withdrawal';

/** Id of the *My consents* dialog. */
export const CONSENTS_DIALOG_ID = 'privacyConsents';

/** Payload of the button that withdraws the consent on list line `n` (1-based). */
export const withdrawPayload = (n: number): string => `PRIVACY_WITHDRAW_${n}`;
/** The payload of *My consents*' "keep them" button (declared to the metrics as a known payload). */
export const CONSENTS_KEEP_PAYLOAD = 'PRIVACY_CONSENTS_KEEP';

const CHOICE = `${CONSENTS_DIALOG_ID}.choice`;
const MAIN = `${CONSENTS_DIALOG_ID}.main`;

/** What *My consents* ends with: the purpose withdrawn, if any. */
export interface ConsentsDialogResult {
  withdrawn?: string;
}

/** What the dialog needs besides the runtime and the ledger. */
export interface ConsentsDialogSettings {
  /** Lists and withdraws (deleting what was kept only for the purpose); shared with the Privacy Center. */
  withdrawal: ConsentWithdrawal;
  maxAttempts: number;
}

interface Line {
  number: number;
  purpose: Purpose;
  receipt: ConsentReceipt;
}

/**
 * *My consents* in the privacy menu: lists each purpose the person answered about with its state and
 * date, and withdraws any given consent with one choice. Withdrawal takes effect at once: the data kept
 * only for the purpose is deleted first (sensitive value store, then `onWithdraw`), then the receipt is
 * marked withdrawn; if any part fails nothing is marked and the person is told to try again.
 */
export type ConsentsDialogClass = new (
  runtime: PrivacyRuntime,
  ledger: ConsentLedger,
  settings: ConsentsDialogSettings,
  dialogId?: string,
) => Dialog;

/** The {@link ConsentsDialogClass} on a dialogs library. */
export function defineConsentsDialog(
  lib: DialogsLibrary,
  PayloadChoicePrompt: PayloadChoicePromptClass,
): ConsentsDialogClass {
  return class ConsentsDialog extends lib.ComponentDialog {
    constructor(
      private readonly runtime: PrivacyRuntime,
      private readonly ledger: ConsentLedger,
      private readonly settings: ConsentsDialogSettings,
      dialogId = CONSENTS_DIALOG_ID,
    ) {
      super(dialogId);
      this.addDialog(new PayloadChoicePrompt(CHOICE, settings.maxAttempts));
      this.addDialog(
        new lib.WaterfallDialog(MAIN, [(step) => this.list(step), (step) => this.withdraw(step)]),
      );
      this.initialDialogId = MAIN;
    }

    private async list(step: WaterfallStepContext): Promise<DialogTurnResult> {
      const { context } = step;
      const texts = this.runtime.texts(context);
      let lines: Line[];
      try {
        lines = await this.lines(context);
      } catch (error) {
        this.runtime.reportError(context, error, 'consent');
        await context.sendActivity(texts.common.storageUnavailable);
        return step.endDialog({} satisfies ConsentsDialogResult);
      }
      if (lines.length === 0) {
        await context.sendActivity(texts.consents.none);
        return step.endDialog({} satisfies ConsentsDialogResult);
      }
      const list = [texts.consents.intro, ...lines.map((line) => this.describe(context, line))].join('\n');
      const given = lines.filter((line) => line.receipt.state === 'given');
      if (given.length === 0) {
        await context.sendActivity(`${list}\n\n${texts.consents.nothingToWithdraw}`);
        return step.endDialog({} satisfies ConsentsDialogResult);
      }
      (step.values as { withdrawable?: Record<string, string> }).withdrawable = Object.fromEntries(
        given.map((line) => [withdrawPayload(line.number), line.purpose.id]),
      );
      const choices: PayloadChoice[] = given.map((line) => ({
        payload: withdrawPayload(line.number),
        title: format(texts.consents.withdrawTitle, { number: line.number }),
      }));
      choices.push({
        payload: CONSENTS_KEEP_PAYLOAD,
        title: texts.consents.keepTitle,
        synonyms: wordList(`${texts.common.cancelWords}|${texts.common.noWords}`),
      });
      const options: PayloadChoicePromptOptions = {
        text: `${list}\n\n${texts.consents.withdrawPrompt}`,
        retryText: texts.menu.notUnderstood,
        payloadChoices: choices,
      };
      return step.prompt(CHOICE, options);
    }

    private async withdraw(step: WaterfallStepContext): Promise<DialogTurnResult> {
      const { context } = step;
      const texts = this.runtime.texts(context);
      const withdrawable = (step.values as { withdrawable?: Record<string, string> }).withdrawable ?? {};
      const purposeId = withdrawable[String(step.result)];
      if (!purposeId) {
        await context.sendActivity(texts.consents.kept);
        return step.endDialog({} satisfies ConsentsDialogResult);
      }
      const purpose = this.ledger.purpose(purposeId);
      const subject = subjectOfActivity(context.activity);
      try {
        if (subject) {
          await this.settings.withdrawal.withdraw(subject, purpose.id, {
            context,
            collectionMethod: 'privacy_menu',
          });
        }
      } catch (error) {
        this.runtime.reportError(context, error, 'withdrawal');
        await context.sendActivity(texts.common.storageUnavailable);
        return step.endDialog({} satisfies ConsentsDialogResult);
      }
      this.runtime.record(context, { name: 'consent.withdrawn', dimension: purpose.id });
      const description = purposeDescription(
        purpose,
        this.runtime.language(context),
        this.runtime.localizer.fallbackLanguage,
      );
      await context.sendActivity(format(texts.consents.done, { purpose: description }));
      return step.endDialog({ withdrawn: purpose.id } satisfies ConsentsDialogResult);
    }

    /** One numbered line per configured purpose with an answer on record: its latest receipt. */
    private async lines(context: TurnContext): Promise<Line[]> {
      const subject = subjectOfActivity(context.activity);
      if (!subject) return [];
      const lines = await this.settings.withdrawal.lines(subject);
      return lines.map((line, i) => ({ ...line, number: i + 1 }));
    }

    private describe(context: TurnContext, line: Line): string {
      const texts = this.runtime.texts(context);
      const language = this.runtime.language(context);
      return format(texts.consents.item, {
        number: line.number,
        purpose: purposeDescription(line.purpose, language, this.runtime.localizer.fallbackLanguage),
        state: texts.consents[line.receipt.state],
        date: formatDate(line.receipt.updatedAt, context.activity.locale ?? language),
      });
    }
  };
}

function formatDate(iso: string, locale: string): string {
  const date = new Date(iso);
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
  } catch {
    return iso.slice(0, 10); // an odd locale tag: the ISO date is still readable
  }
}
