import { ActionTypes, ActivityTypes } from '@microsoft/agents-activity';
import {
  ComponentDialog,
  TextPrompt,
  WaterfallDialog,
  type Dialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from '@microsoft/agents-hosting-dialogs';
import { format } from '../../src';
import { textsFor } from '../home-services-bot/texts';

export const MAIN_DIALOG = 'main';
export const BOOK_DIALOG = 'book';
const ROUTE = 'route';
const TEXT = 'text';

/** Options of the main dialog: which feature to run. */
export interface MainDialogOptions {
  start: string;
}

/**
 * The agent's root dialog (`@microsoft/agents-hosting-dialogs`): runs one feature (book, invoice, pay) as
 * a child. Being the single root lets the privacy layer re-prompt the interrupted question when its menu
 * closes. The same conversation as the Home Services example's botbuilder dialog.
 */
export class MainDialog extends ComponentDialog {
  constructor(features: Dialog[]) {
    super(MAIN_DIALOG);
    this.addDialog(new TextPrompt(TEXT));
    this.addDialog(
      new WaterfallDialog(BOOK_DIALOG, [
        (step) => this.askService(step),
        (step) => this.askDay(step),
        (step) => this.confirmBooking(step),
      ]),
    );
    for (const feature of features) this.addDialog(feature);
    this.addDialog(
      new WaterfallDialog(ROUTE, [
        (step) => step.beginDialog((step.options as MainDialogOptions).start),
        (step) => step.endDialog(step.result),
      ]),
    );
    this.initialDialogId = ROUTE;
  }

  private async askService(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const texts = textsFor(step.context.activity.locale);
    const actions = texts.services.map((service) => ({
      type: ActionTypes.ImBack,
      title: service,
      value: service,
    }));
    // A prompt, not a plain message, so the question is asked again after the privacy menu interrupts it.
    return step.prompt(TEXT, {
      prompt: { type: ActivityTypes.Message, text: texts.askService, suggestedActions: { to: [], actions } },
    });
  }

  private async askDay(step: WaterfallStepContext): Promise<DialogTurnResult> {
    (step.values as { service?: string }).service = String(step.result ?? '').slice(0, 40);
    return step.prompt(TEXT, textsFor(step.context.activity.locale).askDay);
  }

  private async confirmBooking(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const texts = textsFor(step.context.activity.locale);
    const day = String(step.result ?? '').slice(0, 40);
    await step.context.sendActivity(
      format(texts.booked, { service: (step.values as { service?: string }).service, day }),
    );
    return step.endDialog();
  }
}
