import { ActivityTypes } from '../activity-types';
import type {
  Dialog,
  DialogContext,
  DialogInstance,
  DialogReason,
  DialogsLibrary,
  DialogTurnResult,
  PromptOptions,
  PromptRecognizerResult,
} from '../dialogs-library';
import type { TurnContext } from '../turn-context';
import { normalizeAnswer, wordList } from '../../i18n/localizer';
import type { PrivacyRuntime } from '../privacy-runtime';
import type { SensitiveInputKind } from './sensitive-input-guard';
import { promptInput } from './sensitive-input';

/** What a sensitive prompt ends with. The value exists only in memory, for the step that follows. */
export type SensitiveAnswer<T> = { status: 'ok'; value: T } | { status: 'cancelled' } | { status: 'invalid' };

/** How a sensitive prompt reads an answer: the value, or why it is not valid (a key of `retryTexts`). */
export type SensitiveParser<T> = (raw: string) => { ok: true; value: T } | { ok: false; reason: string };

/** Options of a sensitive prompt turn (kept in dialog state: texts only, never an answer). */
export interface SensitiveInputPromptOptions extends PromptOptions {
  text: string;
  /** Text said before the question again, by the reason the last answer was refused; `default` otherwise. */
  retryTexts: Record<string, string>;
}

interface PromptState {
  reason?: string;
}

/**
 * Asks for a sensitive value (tax id, card number, card expiry). While it waits, the privacy middleware
 * hides the answer from everything that logs the turn; the prompt reads the raw text from turn memory
 * ({@link sensitiveInput}). Invalid answers get the reason's retry text and the question again, up to
 * `maxAttempts` answers; then it ends `invalid`. A cancel word ends it `cancelled`. Nothing the person
 * typed is kept in dialog state. In a group conversation only the person who was asked can answer:
 * the others' messages are not taken as the answer (and are screened as their own).
 */
export type SensitiveInputPromptClass = new <T>(
  dialogId: string,
  runtime: PrivacyRuntime,
  kind: SensitiveInputKind,
  parse: SensitiveParser<T>,
  maxAttempts?: number,
) => Dialog;

/** The {@link SensitiveInputPromptClass} on a dialogs library's Prompt. */
export function defineSensitiveInputPrompt(lib: DialogsLibrary): SensitiveInputPromptClass {
  return class SensitiveInputPrompt<T> extends lib.Prompt<SensitiveAnswer<T>> {
    constructor(
      dialogId: string,
      private readonly runtime: PrivacyRuntime,
      private readonly kind: SensitiveInputKind,
      private readonly parse: SensitiveParser<T>,
      maxAttempts = 3,
    ) {
      super(dialogId, async (prompt) => {
        if (prompt.recognized.succeeded) return true;
        if (prompt.attemptCount < maxAttempts) return false;
        prompt.recognized.value = { status: 'invalid' };
        return true;
      });
    }

    protected async onPrompt(
      context: TurnContext,
      state: object,
      options: PromptOptions,
      isRetry: boolean,
    ): Promise<void> {
      const { text, retryTexts } = options as SensitiveInputPromptOptions;
      await this.runtime.sensitive.expect(context, this.kind);
      const reason = (state as PromptState).reason;
      const retry = isRetry ? ((reason && retryTexts[reason]) ?? retryTexts.default) : undefined;
      await context.sendActivity({ type: ActivityTypes.Message, text: retry ? `${retry}\n\n${text}` : text });
    }

    override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
      const { context } = dc;
      const group = context.activity.conversation?.isGroup === true;
      if (group && context.activity.type === ActivityTypes.Message) {
        if (!(await this.runtime.sensitive.isAwaited(context))) return lib.endOfTurn;
      }
      return super.continueDialog(dc);
    }

    protected async onRecognize(
      context: TurnContext,
      state: object,
    ): Promise<PromptRecognizerResult<SensitiveAnswer<T>>> {
      this.runtime.sensitive.answerRead(context);
      const raw = promptInput(context).trim();
      const cancelWords = wordList(this.runtime.texts(context).common.cancelWords);
      if (cancelWords.includes(normalizeAnswer(raw.slice(0, 100)))) {
        return { succeeded: true, value: { status: 'cancelled' } };
      }
      const parsed = this.parse(raw);
      if (parsed.ok) return { succeeded: true, value: { status: 'ok', value: parsed.value } };
      (state as PromptState).reason = parsed.reason;
      return { succeeded: false };
    }

    override async endDialog(
      context: TurnContext,
      instance: DialogInstance,
      reason: DialogReason,
    ): Promise<void> {
      await this.runtime.sensitive.release(context);
      await super.endDialog(context, instance, reason);
    }
  };
}
