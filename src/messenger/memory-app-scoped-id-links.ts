import { ConfigurationError } from '../core/errors';
import { assertValidSubject, type DataSubject } from '../core/subject';
import type { MemoryKeyspace } from '../storage/memory-keyspace';
import {
  asidDigests,
  bySubject,
  decodeLinkRecord,
  encodeLinkRecord,
  linkTtlMs,
  LINK_KIND,
} from './app-scoped-id-link-record';
import { assertValidAsid, type AppScopedIdLinks } from './app-scoped-id-links';

/** Options of {@link MemoryAppScopedIdLinks}: the keyspace the links are erased with, and how long they last. */
export interface MemoryAppScopedIdLinksOptions {
  /** The keyspace of the bot's MemoryPrivacyStorage (`storage.keyspace`), so erasure finds the links. */
  keyspace: MemoryKeyspace;
  /** Forget links not refreshed for this long. Unset: kept until erased or unlinked. */
  ttlSeconds?: number;
}

/**
 * ASID links in process memory, with the same layout and rules as RedisAppScopedIdLinks: the link
 * record is a subject-owned item of the bot's {@link MemoryKeyspace} (so erasing the subject removes
 * it), and the lookup by ASID is a shared collection of subject digests (so the erasure takes the
 * digest out of it too). Lost when the process exits.
 */
export class MemoryAppScopedIdLinks implements AppScopedIdLinks {
  private readonly keyspace: MemoryKeyspace;
  private readonly ttlMs: number;

  constructor(options: MemoryAppScopedIdLinksOptions) {
    if (!options?.keyspace)
      throw new ConfigurationError('MemoryAppScopedIdLinks needs the MemoryKeyspace in `keyspace`.');
    this.ttlMs = linkTtlMs(options.ttlSeconds);
    this.keyspace = options.keyspace;
  }

  /** The subject key links are digested under (the recorder links again when it changes). */
  get linkKeyId(): string {
    return this.keyspace.digester.keyId;
  }

  async link(asid: string, subject: DataSubject): Promise<void> {
    assertValidAsid(asid);
    assertValidSubject(subject);
    const { digest: asidDigest, check } = asidDigests(this.keyspace.digester, asid);
    const digest = this.keyspace.digester.digest(subject);
    const record = encodeLinkRecord(subject, check);
    const written = this.keyspace.writeOwned(digest, this.recordKey(asidDigest), record, {
      ttlMs: this.ttlMs,
    });
    if (written === 'erased') return; // the subject was erased while this turn ran: keep nothing
    this.keyspace.shareDigest(digest, this.lookup(asidDigest));
  }

  async subjectsFor(asid: string): Promise<DataSubject[]> {
    assertValidAsid(asid);
    const { digest: asidDigest, check } = asidDigests(this.keyspace.digester, asid);
    const subjects: DataSubject[] = [];
    for (const digest of this.keyspace.sharedDigests(this.lookup(asidDigest))) {
      const json = this.keyspace.readOwned(digest, this.recordKey(asidDigest));
      if (json === undefined) {
        this.keyspace.unshareDigest(digest, this.lookup(asidDigest)); // expired
        continue;
      }
      const subject = decodeLinkRecord(json, check);
      if (subject) subjects.push(subject);
    }
    return subjects.sort(bySubject);
  }

  async unlink(asid: string): Promise<void> {
    assertValidAsid(asid);
    const asidDigest = asidDigests(this.keyspace.digester, asid).digest;
    for (const digest of this.keyspace.sharedDigests(this.lookup(asidDigest))) {
      this.keyspace.deleteOwned(digest, this.recordKey(asidDigest));
      this.keyspace.unshareDigest(digest, this.lookup(asidDigest));
    }
  }

  async unlinkSubject(subject: DataSubject): Promise<number> {
    assertValidSubject(subject);
    const digest = this.keyspace.digester.digest(subject);
    const prefix = this.recordKey('');
    const records = this.keyspace.ownedKeys(digest, prefix);
    for (const key of records) {
      this.keyspace.unshareDigest(digest, this.lookup(key.slice(prefix.length)));
      this.keyspace.deleteOwned(digest, key);
    }
    return records.length;
  }

  private lookup(asidDigest: string): string {
    return `${LINK_KIND}:${asidDigest}`;
  }

  private recordKey(asidDigest: string): string {
    return this.keyspace.ownedKey(LINK_KIND, asidDigest);
  }
}
