import type { DataSubject } from './subject';

/** A person's name as a channel knows it. Either part can be missing. */
export interface PersonName {
  readonly firstName?: string;
  readonly lastName?: string;
}

/**
 * Looks up the name of a data subject on their channel (e.g. Messenger's User Profile API), so a bot
 * can greet people without asking. Implementations resolve `undefined` when the name is unknown or the
 * lookup fails, and never throw: a missing name must never block a turn.
 */
export interface ProfileProvider {
  getName(subject: DataSubject): Promise<PersonName | undefined>;
}
