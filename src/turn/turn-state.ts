import { ConfigurationError } from '../core/errors';
import type { TurnContext } from './turn-context';

/** A property of user or conversation state (botbuilder's `StatePropertyAccessor`, the Agents SDK's `AgentStatePropertyAccessor`). */
export interface StatePropertyAccessor<T> {
  get(context: TurnContext): Promise<T | undefined>;
  get(context: TurnContext, defaultValue: T): Promise<T>;
  set(context: TurnContext, value: T): Promise<void>;
  delete(context: TurnContext): Promise<void>;
}

/** User or conversation state (botbuilder's `BotState`, the Agents SDK's `AgentState`). */
export interface BotState {
  createProperty<T>(name: string): StatePropertyAccessor<T>;
  load(context: TurnContext, force?: boolean): Promise<unknown>;
  saveChanges(context: TurnContext, force?: boolean): Promise<void>;
}

/** The storage under a state (both SDKs' `Storage`), as far as a host binding needs it. */
export interface StateStorage {
  read(keys: string[]): Promise<Record<string, unknown>>;
  write(changes: Record<string, unknown>): Promise<void>;
  delete(keys: string[]): Promise<void>;
}

/**
 * The storage a state writes to (both SDKs keep the field protected): the privacy layer keeps each
 * person's own flags beside it.
 * @throws ConfigurationError when `state` has no storage (it is not the SDK's ConversationState).
 */
export function storageOf(state: BotState): StateStorage {
  const storage = (state as unknown as { storage?: Partial<StateStorage> }).storage;
  if (!storage || typeof storage.read !== 'function' || typeof storage.write !== 'function') {
    throw new ConfigurationError(
      "conversationState must be the SDK's ConversationState: the privacy layer keeps each person's own flags beside it.",
    );
  }
  return storage as StateStorage;
}
