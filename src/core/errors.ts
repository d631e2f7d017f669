/**
 * Errors raised by botbuilder-privacy. Messages never carry a user id, name or any value a user gave:
 * where a developer needs to tell items apart, they get a pseudonymous digest instead.
 */
export class PrivacyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A data subject without a channel id or user id: nothing can be stored or erased for it. */
export class InvalidSubjectError extends PrivacyError {}

/** The backing store did not answer in time, or is unreachable. Nothing was written. */
export class StorageUnavailableError extends PrivacyError {}

/** A write carried an eTag that no longer matches the stored item (someone else wrote it first). */
export class EtagConflictError extends PrivacyError {}

/** Invalid configuration, reported at start-up rather than at the first message. */
export class ConfigurationError extends PrivacyError {}
