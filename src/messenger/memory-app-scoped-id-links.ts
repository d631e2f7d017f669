import { ConfigurationError } from '../core/errors';
import { assertValidSubject, type DataSubject } from '../core/subject';
import type { MemoryKeyspace } from '../storage/memory-keyspace';
import { assertValidAsid, type AppScopedIdLinks } from './app-scoped-id-links';

/** Options of {@link MemoryAppScopedIdLinks}: the keyspace the links are erased with, and how long they last. */
export interface MemoryAppScopedIdLinksOptions {
  /** The keyspace of the bot's MemoryPrivacyStorage (`storage.keyspace`), so erasure finds the links. */
  keyspace: MemoryKeyspace;
  /** Forget links not refreshed for this long. Unset: kept until erased or unlinked. */
  ttlSeconds?: number;
}

const KIND = 'asid';

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
    const ttl = options.ttlSeconds;
    if (ttl !== undefined && (!Number.isInteger(ttl) || ttl <= 0)) {
      throw new ConfigurationError('ttlSeconds must be a positive whole number of seconds.');
    }
    this.keyspace = options.keyspace;
    this.ttlMs = (ttl ?? 0) * 1000;
  }

  async link(asid: string, subject: DataSubject): Promise<void> {
    assertValidAsid(asid);
    assertValidSubject(subject);
    const asidDigest = this.asidDigest(asid);
    const digest = this.keyspace.digester.digest(subject);
    const record = JSON.stringify({
      channelId: subject.channelId,
      userId: subject.userId,
      check: this.asidCheck(asid),
    });
    const written = this.keyspace.writeOwned(digest, this.recordKey(asidDigest), record, {
      ttlMs: this.ttlMs,
    });
    if (written === 'erased') return; // the subject was erased while this turn ran: keep nothing
    this.keyspace.shareDigest(digest, this.lookup(asidDigest));
  }

  async subjectsFor(asid: string): Promise<DataSubject[]> {
    assertValidAsid(asid);
    const asidDigest = this.asidDigest(asid);
    const check = this.asidCheck(asid);
    const subjects: DataSubject[] = [];
    for (const digest of this.keyspace.sharedDigests(this.lookup(asidDigest))) {
      const json = this.keyspace.readOwned(digest, this.recordKey(asidDigest));
      if (json === undefined) {
        this.keyspace.unshareDigest(digest, this.lookup(asidDigest)); // expired
        continue;
      }
      const record = JSON.parse(json) as DataSubject & { check: string };
      if (record.check === check) subjects.push({ channelId: record.channelId, userId: record.userId });
    }
    return subjects.sort((a, b) => (a.channelId + a.userId < b.channelId + b.userId ? -1 : 1));
  }

  async unlink(asid: string): Promise<void> {
    assertValidAsid(asid);
    const asidDigest = this.asidDigest(asid);
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

  private asidDigest(asid: string): string {
    return this.keyspace.digester.digestText(`asid\u0000${asid}`);
  }

  /** A second, independent digest: a collision of the first cannot link one person to another's data. */
  private asidCheck(asid: string): string {
    return this.keyspace.digester.digestText(`asid-check\u0000${asid}`);
  }

  private lookup(asidDigest: string): string {
    return `${KIND}:${asidDigest}`;
  }

  private recordKey(asidDigest: string): string {
    return this.keyspace.ownedKey(KIND, asidDigest);
  }
}
