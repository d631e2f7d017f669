import { erasureReceipt, type ErasureReceipt, type SubjectErasure } from '../core/erasure';
import { assertValidSubject, SubjectDigester, type DataSubject } from '../core/subject';

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

/**
 * In-process links, for development without Redis. Lost when the process exits. The links belong to
 * their subject: give this store to the erasure too (e.g. `combineErasures([state, ..., links])`), so
 * erasing a person also forgets their links.
 */
export class MemoryAppScopedIdLinks implements AppScopedIdLinks, SubjectErasure {
  private readonly links = new Map<string, Map<string, DataSubject>>();
  private readonly digester: SubjectDigester;

  /** @param options.subjectSecret for the pseudonymous digest in erasure receipts. */
  constructor(options: { subjectSecret?: string } = {}) {
    this.digester = new SubjectDigester(options.subjectSecret ?? process.env.PRIVACY_SUBJECT_SECRET);
  }

  async link(asid: string, subject: DataSubject): Promise<void> {
    assertValidAsid(asid);
    assertValidSubject(subject);
    const subjects = this.links.get(asid) ?? new Map<string, DataSubject>();
    subjects.set(subjectKey(subject), { channelId: subject.channelId, userId: subject.userId });
    this.links.set(asid, subjects);
  }

  async subjectsFor(asid: string): Promise<DataSubject[]> {
    assertValidAsid(asid);
    return [...(this.links.get(asid)?.values() ?? [])];
  }

  async unlink(asid: string): Promise<void> {
    assertValidAsid(asid);
    this.links.delete(asid);
  }

  async unlinkSubject(subject: DataSubject): Promise<number> {
    assertValidSubject(subject);
    let removed = 0;
    for (const [asid, subjects] of this.links) {
      if (subjects.delete(subjectKey(subject))) removed++;
      if (subjects.size === 0) this.links.delete(asid);
    }
    return removed;
  }

  /** Forgets every link of `subject` (as {@link unlinkSubject}), with a receipt. */
  async eraseSubject(subject: DataSubject): Promise<ErasureReceipt> {
    const removed = await this.unlinkSubject(subject);
    const key = subjectKey(subject);
    const left = [...this.links.values()].some((subjects) => subjects.has(key));
    return erasureReceipt(this.digester.digest(subject), removed, !left);
  }
}

/** One string per subject, for de-duplication in memory (never stored, never logged). */
export function subjectKey(subject: DataSubject): string {
  return `${subject.channelId}\u0000${subject.userId}`;
}
