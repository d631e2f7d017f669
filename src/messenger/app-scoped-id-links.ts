import type { DataSubject } from '../core/subject';

/**
 * Links a Facebook app-scoped user id (ASID, what Meta's data deletion callback names) to the data
 * subjects the bot knows that person as (page-scoped ids on the `facebook` channel). A link is personal
 * data: implementations must let it be erased with the subject.
 */
export interface AppScopedIdLinks {
  /** Records that `asid` is `subject` (idempotent). */
  link(asid: string, subject: DataSubject): Promise<void>;
  /** The subjects linked to `asid`; empty when it is unknown. */
  subjectsFor(asid: string): Promise<DataSubject[]>;
  /** Forgets every link of `asid`. */
  unlink(asid: string): Promise<void>;
  /** Forgets every link of `subject`; returns how many there were. Call it before erasing the subject elsewhere. */
  unlinkSubject(subject: DataSubject): Promise<number>;
  /**
   * Id of the subject key links are digested under now. When it changes (a subject-secret rotation),
   * {@link AppScopedIdLinkRecorder} records each person's links again under the new key, so they still
   * resolve once the old key leaves the ring.
   */
  readonly linkKeyId?: string;
}

/** True for what Messenger uses as a page-scoped id (PSID): a short token of letters, digits, `_`, `-`. */
export function isPageScopedId(psid: unknown): psid is string {
  return typeof psid === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(psid);
}

/** Throws a TypeError (without the value) unless `asid` is a short printable id. */
export function assertValidAsid(asid: unknown): asserts asid is string {
  if (typeof asid !== 'string' || asid.length === 0 || asid.length > 128 || !/^[\x21-\x7e]+$/.test(asid)) {
    throw new TypeError('An app-scoped id must be a non-empty printable string of at most 128 characters.');
  }
}

/** One string per subject, for de-duplication in memory (never stored, never logged). */
export function subjectKey(subject: DataSubject): string {
  return `${subject.channelId}\u0000${subject.userId}`;
}
