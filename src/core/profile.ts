import type { DataSubject } from './subject';

/** A person's name as a channel knows it. Either part can be missing. */
export interface PersonName {
  /** Given name, e.g. `Ana`. */
  readonly firstName?: string;
  /** Family name, e.g. `López`. */
  readonly lastName?: string;
}

/**
 * Looks up the name of a data subject on their channel (e.g. Messenger's User Profile API), so a bot
 * can greet people without asking. Implementations resolve `undefined` when the name is unknown or the
 * lookup fails, and never throw: a missing name must never block a turn.
 */
export interface ProfileProvider {
  /** The subject's name, or `undefined` when it is unknown or the lookup failed (never throws). */
  getName(subject: DataSubject): Promise<PersonName | undefined>;
}
