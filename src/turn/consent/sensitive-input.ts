import type { TurnContext } from '../turn-context';

/** Where the raw text of a redacted message is kept for the rest of its turn (never in state or logs). */
const RAW_INPUT = Symbol('botbuilder-privacy.sensitiveInput');

/**
 * The text the person really typed, when the privacy middleware redacted it from `activity.text` (a tax
 * id or card number, or any answer to a sensitive question); undefined when nothing was redacted.
 * It lives only in this turn's memory: read it in the prompt that asked for it, hand it on, drop it.
 */
export function sensitiveInput(context: TurnContext): string | undefined {
  const raw: unknown = context.turnState.get(RAW_INPUT);
  return typeof raw === 'string' ? raw : undefined;
}

/** The text a prompt should read: the raw input when it was redacted, else the activity's text. */
export function promptInput(context: TurnContext): string {
  const text = sensitiveInput(context) ?? context.activity.text;
  return typeof text === 'string' ? text : '';
}

/** Keeps the raw text of this turn's message in turn memory (called by the privacy middleware). */
export function keepSensitiveInput(context: TurnContext, raw: string): void {
  context.turnState.set(RAW_INPUT, raw);
}
