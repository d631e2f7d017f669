import type { DialogsLibrary } from './dialogs-library';
import type { BotState } from './turn-state';

/**
 * What a host SDK supplies to the privacy layer's turn logic: the seam between the logic written once
 * (`src/turn`) and its bindings (`src/botbuilder` for botbuilder 4.x, `src/agents` for the Microsoft 365
 * Agents SDK). Turn contexts, states and middleware need nothing more: both SDKs' objects fit the
 * structural types of `turn-context.ts` and `turn-state.ts`.
 */
export interface TurnHost {
  /** The dialogs library (its base classes differ per SDK), on which the privacy dialogs are defined. */
  readonly dialogs: DialogsLibrary;
  /**
   * State of the turn's person in the turn's conversation, beside `conversationState` on its storage,
   * under botbuilder's private-conversation key (`<channel>/conversations/<conversation>/users/<user>/<namespace>`),
   * so it is owned by the person and erased with them. In a group, each member has their own.
   */
  personalState(conversationState: BotState, namespace: string): BotState;
}
