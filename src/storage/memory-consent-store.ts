import { isConsentReceipt, type ConsentReceipt } from '../core/consent/consent-receipt';
import type { SubjectDataSection } from '../core/data-export';
import { erasureReceipt, type ErasureReceipt, type SubjectErasure } from '../core/erasure';
import { assertValidSubject, SubjectDigester, type DataSubject } from '../core/subject';
import { markErasedInCurrentTurn, mayWriteAtEpoch, rememberEpoch } from '../core/subject-scope';
import { checkReceiptForSave, consentSections, type ConsentStore } from '../core/consent/consent-store';

/**
 * An in-process {@link ConsentStore} with the same rules as RedisConsentStore, for development and
 * examples without Redis. Erase a subject's receipts with {@link MemoryConsentStore.eraseSubject}.
 */
export class MemoryConsentStore implements ConsentStore, SubjectErasure {
  private readonly receipts = new Map<string, Map<string, string>>();
  private readonly epochs = new Map<string, number>();
  private readonly digester: SubjectDigester;

  /** @param options.subjectSecret must match the secret used for the receipts' subject digests. */
  constructor(options: { subjectSecret?: string } = {}) {
    this.digester = new SubjectDigester(options.subjectSecret ?? process.env.PRIVACY_SUBJECT_SECRET);
  }

  async list(subject: DataSubject): Promise<ConsentReceipt[]> {
    const digest = this.digester.digest(subject);
    rememberEpoch(digest, String(this.epochs.get(digest) ?? 0));
    const stored = this.receipts.get(digest);
    if (!stored) return [];
    return [...stored.values()].map((json) => JSON.parse(json) as unknown).filter(isConsentReceipt);
  }

  /** The subject's receipts for *My data*: one `consent` section each. */
  async exportSubject(subject: DataSubject): Promise<SubjectDataSection[]> {
    return consentSections(await this.list(subject));
  }

  subjectDigest(subject: DataSubject): string {
    return this.digester.digest(subject);
  }

  async save(subject: DataSubject, receipt: ConsentReceipt): Promise<void> {
    const digest = this.digester.digest(subject);
    checkReceiptForSave(receipt, digest);
    if (!mayWriteAtEpoch(digest, String(this.epochs.get(digest) ?? 0))) return;
    let stored = this.receipts.get(digest);
    if (!stored) this.receipts.set(digest, (stored = new Map()));
    stored.set(receipt.receiptId, JSON.stringify(receipt));
  }

  async eraseSubject(subject: DataSubject): Promise<ErasureReceipt> {
    assertValidSubject(subject);
    const digest = this.digester.digest(subject);
    markErasedInCurrentTurn(digest);
    const removed = this.receipts.get(digest)?.size ?? 0;
    this.receipts.delete(digest);
    this.epochs.set(digest, (this.epochs.get(digest) ?? 0) + 1);
    return erasureReceipt(digest, removed, !this.receipts.has(digest));
  }
}
