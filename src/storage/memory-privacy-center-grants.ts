import { erasureReceipt, type ErasureReceipt, type SubjectErasure } from '../core/erasure';
import type { PrivacyCenterGrants } from '../core/privacy-center-link';
import { assertValidSubject, SubjectDigester, type DataSubject } from '../core/subject';
import { markErasedInCurrentTurn, mayWriteAtEpoch } from '../core/subject-scope';

/**
 * Privacy Center links remembered in process (development, examples without Redis). Add it to the
 * erasure (`combineErasures([..., grants])`) so erasing a person kills their links.
 */
export class MemoryPrivacyCenterGrants implements PrivacyCenterGrants, SubjectErasure {
  private readonly links = new Map<string, Map<string, number>>();
  private readonly epochs = new Map<string, number>();
  private readonly digester: SubjectDigester;

  constructor(options: { subjectSecret?: string } = {}) {
    this.digester = new SubjectDigester(options.subjectSecret ?? process.env.PRIVACY_SUBJECT_SECRET);
  }

  async save(subject: DataSubject, linkId: string, expiresAt: number): Promise<void> {
    const digest = this.digester.digest(subject);
    if (!mayWriteAtEpoch(digest, String(this.epochs.get(digest) ?? 0))) return;
    let links = this.links.get(digest);
    if (!links) this.links.set(digest, (links = new Map()));
    const now = Date.now();
    for (const [id, expiry] of links) if (expiry <= now) links.delete(id); // keeps memory bounded
    links.set(linkId, expiresAt);
  }

  async has(subject: DataSubject, linkId: string): Promise<boolean> {
    const expiry = this.links.get(this.digester.digest(subject))?.get(linkId);
    return expiry !== undefined && expiry > Date.now();
  }

  async eraseSubject(subject: DataSubject): Promise<ErasureReceipt> {
    assertValidSubject(subject);
    const digest = this.digester.digest(subject);
    markErasedInCurrentTurn(digest);
    const removed = this.links.get(digest)?.size ?? 0;
    this.links.delete(digest);
    this.epochs.set(digest, (this.epochs.get(digest) ?? 0) + 1);
    return erasureReceipt(digest, removed, !this.links.has(digest));
  }
}
