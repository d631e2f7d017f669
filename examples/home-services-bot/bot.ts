import { ActivityHandler, type TurnContext } from 'botbuilder';
import { DialogTurnStatus, type Dialog, type DialogSet } from 'botbuilder-dialogs';
import { format, normalizeAnswer, wordList, type Privacy } from '../../src';
import { BOOK_DIALOG, MAIN_DIALOG, MainDialog, type MainDialogOptions } from './main-dialog';
import type { ModelAssistant } from './model-assistant';
import { requestedDialog } from './requested-dialog';
import { textsFor } from './texts';

/** Dialogs the bot starts for `invoice` and `pay` (built on the consent module). */
export interface HomeServicesFeatures {
  invoice?: Dialog;
  payment?: Dialog;
  /** Dialogs those two begin (the consent module's tax id and payment dialogs). */
  others?: Dialog[];
  /** Answers free text with a language model, through the PII shield (only when MODEL_URL is set). */
  assistant?: ModelAssistant;
}

/**
 * The Home Services conversation: a welcome, a greeting by first name (Messenger), `book` a visit,
 * `invoice` (tax id after consent), `pay` (payment details after consent). The privacy layer, registered
 * as middleware, handles the privacy menu around it.
 */
export class HomeServicesBot extends ActivityHandler {
  constructor(
    private readonly dialogs: DialogSet,
    private readonly privacy: Privacy,
    private readonly features: HomeServicesFeatures = {},
  ) {
    super();
    const featureDialogs = [features.invoice, features.payment, ...(features.others ?? [])].filter(
      (d): d is Dialog => Boolean(d),
    );
    dialogs.add(new MainDialog(featureDialogs));

    this.onMembersAdded(async (context, next) => {
      const joined = (context.activity.membersAdded ?? []).some(
        (m) => m.id !== context.activity.recipient?.id,
      );
      if (joined) await context.sendActivity(textsFor(context.activity.locale).welcome);
      await next();
    });
    this.onMessage(async (context, next) => {
      await this.converse(context);
      await next();
    });
  }

  /**
   * "agent": the chat goes to the Page inbox, where someone from the team answers; the bot stays silent
   * until they hand it back (then it says again that it is automated).
   */
  private async handOver(context: TurnContext): Promise<void> {
    const texts = textsFor(context.activity.locale);
    try {
      await this.privacy.passToHuman(context, { say: texts.handingOver });
    } catch {
      // No handover here (no PAGE_ACCESS_TOKEN, or not Messenger) or the call failed: the bot carries on.
      await context.sendActivity(texts.noAgent);
    }
  }

  private async converse(context: TurnContext): Promise<void> {
    const dc = await this.dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status !== DialogTurnStatus.empty) return;

    const { text, locale } = context.activity;
    if (wordList(textsFor(locale).agentWords).includes(normalizeAnswer(text ?? ''))) {
      return this.handOver(context);
    }
    const dialogId = requestedDialog(text, locale, {
      book: BOOK_DIALOG,
      invoice: this.features.invoice?.id,
      payment: this.features.payment?.id,
    });
    if (dialogId) {
      await dc.beginDialog(MAIN_DIALOG, { start: dialogId } satisfies MainDialogOptions);
    } else if (this.features.assistant) {
      await context.sendActivity(await this.features.assistant.answer(context));
    } else {
      const texts = textsFor(locale);
      const name = await this.privacy.firstName(context);
      await context.sendActivity(name ? format(texts.helloByName, { name }) : texts.hello);
    }
  }
}
