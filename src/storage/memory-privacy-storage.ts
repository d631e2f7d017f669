import type { Storage, StoreItem, StoreItems } from 'botbuilder-core';
import { subjectLabel, type SubjectDataSection, type SubjectDataSource } from '../core/data-export';
import { erasureReceipt, type ErasureReceipt, type SubjectErasure } from '../core/erasure';
import { EtagConflictError } from '../core/errors';
import { assertValidSubject, SubjectDigester, type DataSubject } from '../core/subject';
import {
  currentSubjectScope,
  markErasedInCurrentTurn,
  mayWriteAtEpoch,
  rememberEpoch,
} from '../core/subject-scope';
import { resolveKeyOwner } from './key-ownership';

/**
 * An in-process {@link Storage} with the same per-subject index, erasure and no-resurrection rules as
 * RedisStorage. For development and examples without Redis: everything is lost when the process exits.
 */
export class MemoryPrivacyStorage implements Storage, SubjectErasure, SubjectDataSource {
  private readonly items = new Map<string, { eTag: string; json: string }>();
  private readonly index = new Map<string, Set<string>>();
  private readonly epochs = new Map<string, number>();
  private readonly digester: SubjectDigester;
  private etag = 1;

  constructor(options: { subjectSecret?: string } = {}) {
    this.digester = new SubjectDigester(options.subjectSecret ?? process.env.PRIVACY_SUBJECT_SECRET);
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const result: StoreItems = {};
    for (const key of keys) {
      const digest = this.ownerDigest(key);
      if (digest) rememberEpoch(digest, String(this.epochs.get(digest) ?? 0));
      const stored = this.items.get(key);
      if (stored) result[key] = { ...(JSON.parse(stored.json) as object), eTag: stored.eTag };
    }
    return result;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    for (const [key, item] of Object.entries(changes) as Array<[string, StoreItem]>) {
      const digest = this.ownerDigest(key);
      if (digest) {
        if (!mayWriteAtEpoch(digest, String(this.epochs.get(digest) ?? 0))) continue;
      }
      const stored = this.items.get(key);
      const { eTag, ...data } = item;
      if (stored && typeof eTag === 'string' && eTag !== '*' && eTag !== stored.eTag) {
        throw new EtagConflictError(
          `Storage: eTag conflict writing item ${this.digester.digestText(key)}: it was changed by another writer.`,
        );
      }
      this.items.set(key, { eTag: String(this.etag++), json: JSON.stringify(data) });
      if (digest) this.indexFor(digest).add(key);
    }
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) {
      this.items.delete(key);
      const digest = this.ownerDigest(key);
      if (digest) this.index.get(digest)?.delete(key);
    }
  }

  async eraseSubject(subject: DataSubject): Promise<ErasureReceipt> {
    assertValidSubject(subject);
    const digest = this.digester.digest(subject);
    markErasedInCurrentTurn(digest);
    const keys = [...(this.index.get(digest) ?? [])];
    let removed = 0;
    for (const key of keys) if (this.items.delete(key)) removed++;
    this.index.delete(digest);
    this.epochs.set(digest, (this.epochs.get(digest) ?? 0) + 1);
    return erasureReceipt(
      digest,
      removed,
      keys.every((key) => !this.items.has(key)),
    );
  }

  /** The subject's state items (without eTags), one section per key; see RedisStorage.exportSubject. */
  async exportSubject(subject: DataSubject): Promise<SubjectDataSection[]> {
    const digest = this.digester.digest(subject);
    const sections: SubjectDataSection[] = [];
    for (const key of [...(this.index.get(digest) ?? [])].sort()) {
      const stored = this.items.get(key);
      if (stored) {
        sections.push({ kind: 'state', label: subjectLabel(key, subject), data: JSON.parse(stored.json) });
      }
    }
    return sections;
  }

  private ownerDigest(key: string): string | undefined {
    const owner = resolveKeyOwner(key, currentSubjectScope());
    return owner ? this.digester.digest(owner) : undefined;
  }

  private indexFor(digest: string): Set<string> {
    let keys = this.index.get(digest);
    if (!keys) this.index.set(digest, (keys = new Set()));
    return keys;
  }
}
