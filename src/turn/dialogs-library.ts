/**
 * The dialogs library as the privacy layer's dialogs are written against it: botbuilder-dialogs 4.x and
 * `@microsoft/agents-hosting-dialogs` share these classes and shapes. The dialog base classes are
 * different runtime classes in the two libraries, so a host binding hands its library's classes in
 * ({@link DialogsLibrary}) and the privacy dialogs are defined on them (see `privacy-dialogs.ts`).
 */
import type { Activity, TurnContext } from './turn-context';
import type { StatePropertyAccessor } from './turn-state';

/** A dialog: what a DialogSet or a ComponentDialog holds. */
export interface Dialog {
  readonly id: string;
}

/** The statuses of a dialog turn (the same strings in both libraries' `DialogTurnStatus`). */
export const DialogTurnStatus = Object.freeze({
  empty: 'empty',
  waiting: 'waiting',
  complete: 'complete',
  cancelled: 'cancelled',
} as const);

/** How a dialog turn ended (a {@link DialogTurnStatus}), with a result when complete. */
export interface DialogTurnResult {
  status: string;
  result?: unknown;
}

/** Why a dialog ended (the libraries' `DialogReason` values). */
export type DialogReason = string;

/** A dialog on the stack: its id and state. */
export interface DialogInstance {
  id: string;
  state: unknown;
}

/** The persisted dialog stack (opaque to the privacy layer). */
export type DialogState = object;

/** The dialog stack of a turn. */
export interface DialogContext {
  readonly context: TurnContext;
  readonly activeDialog: DialogInstance | undefined;
  beginDialog(dialogId: string, options?: object): Promise<DialogTurnResult>;
  continueDialog(): Promise<DialogTurnResult>;
  cancelAllDialogs(): Promise<DialogTurnResult>;
  repromptDialog(): Promise<void>;
}

/** A set of dialogs run on one dialog state property. */
export interface DialogSet {
  add(dialog: Dialog): this;
  createContext(context: TurnContext): Promise<DialogContext>;
}

/** Options of a prompt turn: the question, and what to say when the answer was not understood. */
export interface PromptOptions {
  prompt?: string | Partial<Activity>;
  retryPrompt?: string | Partial<Activity>;
}

/** What a prompt recognized in the person's answer. */
export interface PromptRecognizerResult<T> {
  succeeded: boolean;
  value?: T;
}

/** What a prompt's validator sees. */
export interface PromptValidatorContext<T> {
  readonly context: TurnContext;
  readonly recognized: PromptRecognizerResult<T>;
  readonly attemptCount: number;
}

/** Decides whether a recognized answer is accepted. */
export type PromptValidator<T> = (prompt: PromptValidatorContext<T>) => Promise<boolean>;

/** A waterfall step's context: the turn, the dialog's options and values, and the last step's result. */
export interface WaterfallStepContext {
  readonly context: TurnContext;
  readonly options: unknown;
  readonly values: object;
  readonly result: unknown;
  prompt(dialogId: string, options: PromptOptions | string): Promise<DialogTurnResult>;
  beginDialog(dialogId: string, options?: object): Promise<DialogTurnResult>;
  next(result?: unknown): Promise<DialogTurnResult>;
  endDialog(result?: unknown): Promise<DialogTurnResult>;
}

/** One step of a waterfall. */
export type WaterfallStep = (step: WaterfallStepContext) => Promise<DialogTurnResult>;

/** A ComponentDialog's instance: children are added and the first to run is named. */
export interface ComponentDialogBase extends Dialog {
  addDialog(dialog: Dialog): this;
  initialDialogId: string | undefined;
}

/**
 * A Prompt's instance. Subclasses also define `onPrompt(context, state, options, isRetry)` and
 * `onRecognize(context, state, options)`, which the library's Prompt calls (protected there, so not
 * part of this type).
 */
export interface PromptBase<T> extends Dialog {
  continueDialog(dc: DialogContext): Promise<DialogTurnResult>;
  endDialog(context: TurnContext, instance: DialogInstance, reason: DialogReason): Promise<void>;
}

/** The classes and values of a dialogs library that the privacy dialogs are built on. */
export interface DialogsLibrary {
  ComponentDialog: new (dialogId: string) => ComponentDialogBase;
  WaterfallDialog: new (dialogId: string, steps: WaterfallStep[]) => Dialog;
  TextPrompt: new (dialogId: string, validator?: PromptValidator<string>) => Dialog;
  Prompt: abstract new <T>(dialogId: string, validator?: PromptValidator<T>) => PromptBase<T>;
  DialogSet: new (dialogState: StatePropertyAccessor<DialogState>) => DialogSet;
  /** `Dialog.EndOfTurn`: what a dialog returns to wait for the next message. */
  endOfTurn: DialogTurnResult;
}
