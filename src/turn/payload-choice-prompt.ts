import { normalizeAnswer } from '../i18n/localizer';
import { activityPayload } from './activity-payload';
import { ActionTypes, ActivityTypes } from './activity-types';
import type { Dialog, DialogsLibrary, PromptOptions, PromptRecognizerResult } from './dialogs-library';
import type { Activity, TurnContext } from './turn-context';

/** One answer of a {@link PayloadChoicePrompt}. */
export interface PayloadChoice {
  /** Stable id sent back by the button, e.g. `PRIVACY_DELETE`. */
  payload: string;
  /** Button title in the user's language (at most 20 characters for Messenger). */
  title: string;
  /** Other words that pick this answer when typed. */
  synonyms?: string[];
}

/** Options of a {@link PayloadChoicePrompt} turn. */
export interface PayloadChoicePromptOptions extends PromptOptions {
  /** Text of the question. */
  text: string;
  /** Text when the answer was not understood (the question follows). */
  retryText?: string;
  payloadChoices: PayloadChoice[];
}

/**
 * A prompt that asks a question with buttons (suggested actions: Messenger quick replies) and returns the
 * chosen payload. Accepts the payload itself (button, postback, quick reply) or the title or a synonym
 * typed in the user's language, ignoring case and accents. `maxAttempts`: answers not understood before
 * the prompt gives up and ends with an empty payload, so the caller can close politely instead of
 * trapping the person in a loop (default 3).
 */
export type PayloadChoicePromptClass = new (dialogId: string, maxAttempts?: number) => Dialog;

/** The {@link PayloadChoicePromptClass} on a dialogs library's Prompt. */
export function definePayloadChoicePrompt(lib: DialogsLibrary): PayloadChoicePromptClass {
  return class PayloadChoicePrompt extends lib.Prompt<string> {
    constructor(dialogId: string, maxAttempts = 3) {
      super(dialogId, async (prompt) => {
        if (prompt.recognized.succeeded) return true;
        if (prompt.attemptCount < maxAttempts) return false;
        prompt.recognized.value = '';
        return true;
      });
    }

    protected async onPrompt(
      context: TurnContext,
      _state: object,
      options: PromptOptions,
      isRetry: boolean,
    ): Promise<void> {
      const { text, retryText, payloadChoices } = options as PayloadChoicePromptOptions;
      const message: Partial<Activity> = {
        type: ActivityTypes.Message,
        text: isRetry && retryText ? `${retryText}\n\n${text}` : text,
        suggestedActions: {
          to: [],
          actions: payloadChoices.map((choice) => ({
            type: ActionTypes.PostBack,
            title: choice.title,
            value: choice.payload,
            displayText: choice.title,
          })),
        },
      };
      await context.sendActivity(message);
    }

    protected async onRecognize(
      context: TurnContext,
      _state: object,
      options: PromptOptions,
    ): Promise<PromptRecognizerResult<string>> {
      const value = recognizeChoice(context.activity, (options as PayloadChoicePromptOptions).payloadChoices);
      return value ? { succeeded: true, value } : { succeeded: false };
    }
  };
}

/** The payload of the choice an activity picks, if it picks one. */
export function recognizeChoice(activity: Partial<Activity>, choices: PayloadChoice[]): string | undefined {
  const payload = activityPayload(activity);
  if (payload && choices.some((c) => c.payload === payload)) return payload;
  const typed = normalizeAnswer(typeof activity.text === 'string' ? activity.text.slice(0, 200) : '');
  if (!typed) return undefined;
  const match = choices.find(
    (choice) =>
      normalizeAnswer(choice.title) === typed ||
      (choice.synonyms ?? []).some((s) => normalizeAnswer(s) === typed),
  );
  return match?.payload;
}
