import type { Middleware, TurnContext } from './turn-context';

/** Marks a turn the bot must not answer: a human agent holds the thread, or it is a thread event. */
const SILENT_TURN = Symbol('privacySilentTurn');

/**
 * Keeps the turn silent: nothing it sends leaves (a safety net for a bot that did not register
 * {@link HandoverGate}), and the gate ends it before the bot's logic.
 */
export function silenceTurn(context: TurnContext): void {
  if (context.turnState.get(SILENT_TURN)) return;
  context.turnState.set(SILENT_TURN, true);
  context.onSendActivities(async () => []);
}

/** True when the privacy layer silenced this turn. */
export function isSilentTurn(context: TurnContext): boolean {
  return context.turnState.get(SILENT_TURN) === true;
}

/**
 * `privacy.handoverGate`: ends the turns the bot must not answer (while a human agent holds the thread:
 * the person's standby messages, the agent's echoes, thread-control events) before the bot's own
 * logic. Register it after your transcript logger, so those messages are still logged in the person's
 * history: `adapter.use(privacy.middleware)`, `adapter.use(new TranscriptLoggerMiddleware(store))`,
 * `adapter.use(privacy.handoverGate)`.
 */
export class HandoverGate implements Middleware {
  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    if (isSilentTurn(context)) return;
    await next();
  }
}
