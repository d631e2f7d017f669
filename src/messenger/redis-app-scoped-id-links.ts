import { ConfigurationError } from '../core/errors';
import { assertValidSubject, type DataSubject, type SubjectDigester } from '../core/subject';
import { MOVE_AS_IS } from '../storage/redis-subject-move';
import { carriedEpoch } from '../core/subject-scope';
import type { RedisKeyspace } from '../storage/redis-keyspace';
import {
  asidDigests,
  bySubject,
  decodeLinkRecord,
  encodeLinkRecord,
  linkTtlMs,
  LINK_KIND,
} from './app-scoped-id-link-record';
import { assertValidAsid, type AppScopedIdLinks } from './app-scoped-id-links';

/** Options of {@link RedisAppScopedIdLinks}: the keyspace of the `RedisStorage` the links are erased with. */
export interface RedisAppScopedIdLinksOptions {
  /** The keyspace the bot's other data lives in (e.g. `redisStorage.keyspace`), so erasure finds the links. */
  keyspace: RedisKeyspace;
  /** Forget links not refreshed for this long. Unset: kept until erased or unlinked. */
  ttlSeconds?: number;
}

const SUBJECT_DIGEST = /^[A-Za-z0-9_-]{22}$/;

/**
 * ASID links in Redis, stored so that erasing the subject erases them:
 *
 * - the link record `<prefix>:{<subject digest>}:asid:<asid digest>` is a subject-owned key (written
 *   through {@link RedisKeyspace.writeOwned}, so `eraseSubject` removes it); it holds the subject and a
 *   check digest of the ASID, never the ASID itself;
 * - the lookup `<prefix>:asid:<asid digest>` is a set of subject digests, keyed by a keyed digest of the
 *   ASID. It holds no id; it is recorded in the subject's refs, so erasing the subject removes its digest
 *   (entries whose record expired are dropped when next read).
 */
export class RedisAppScopedIdLinks implements AppScopedIdLinks {
  private readonly keyspace: RedisKeyspace;
  private readonly ttlMs: number;

  constructor(options: RedisAppScopedIdLinksOptions) {
    if (!options?.keyspace)
      throw new ConfigurationError('RedisAppScopedIdLinks needs the RedisKeyspace in `keyspace`.');
    this.ttlMs = linkTtlMs(options.ttlSeconds);
    this.keyspace = options.keyspace;
    // A record's name is a digest of the ASID, which is not stored: it keeps its name when its subject
    // moves to the newest subject key, and is looked up under every key of the ring (see subjectsFor).
    this.keyspace.registerMover(LINK_KIND, MOVE_AS_IS);
  }

  /** The subject key links are digested under now (the recorder links again when it changes). */
  get linkKeyId(): string {
    return this.keyspace.digester.keyId;
  }

  async link(asid: string, subject: DataSubject): Promise<void> {
    assertValidAsid(asid);
    assertValidSubject(subject);
    const { digest: asidDigest, check } = asidDigests(this.keyspace.digester, asid);
    const subjectDigest = this.keyspace.digester.digest(subject);
    const record = encodeLinkRecord(subject, check);
    const written = await this.keyspace.writeOwned(
      subjectDigest,
      this.recordKey(subjectDigest, asidDigest),
      record,
      {
        ttlMs: this.ttlMs,
      },
    );
    if (written === 'erased') return; // the subject was erased while this turn ran: keep nothing
    const lookup = this.lookupKey(asidDigest);
    // The lookup names the subject's digest: recorded in the subject's refs, so erasure removes it.
    await this.keyspace.shareDigest(
      subjectDigest,
      [{ key: lookup, type: 'set' }],
      { ttlMs: this.ttlMs, epoch: carriedEpoch(subjectDigest) },
      () => {
        const transaction = this.keyspace.redis.multi().sadd(lookup, subjectDigest);
        if (this.ttlMs > 0) transaction.pexpire(lookup, this.ttlMs);
        else transaction.persist(lookup);
        return this.keyspace.bounded(transaction.exec(), 'link');
      },
    );
  }

  /** Subjects linked to the ASID, looked up under every key of the subject key ring. */
  async subjectsFor(asid: string): Promise<DataSubject[]> {
    assertValidAsid(asid);
    const digesters = [this.keyspace.digester, ...this.keyspace.digester.olderDigesters()];
    const found = await Promise.all(digesters.map((digester) => this.subjectsUnder(digester, asid)));
    const unique = new Map(
      found.flat().map((subject) => [`${subject.channelId}\u0000${subject.userId}`, subject]),
    );
    return [...unique.values()].sort(bySubject);
  }

  private async subjectsUnder(digester: SubjectDigester, asid: string): Promise<DataSubject[]> {
    const { digest: asidDigest, check } = asidDigests(digester, asid);
    const lookup = this.lookupKey(asidDigest);
    const digests = await this.keyspace.bounded(this.keyspace.redis.smembers(lookup), 'link lookup');
    const subjects: DataSubject[] = [];
    const stale: string[] = [];
    await Promise.all(
      digests.map(async (digest) => {
        const json = SUBJECT_DIGEST.test(digest)
          ? await this.keyspace.bounded(
              this.keyspace.redis.get(this.recordKey(digest, asidDigest)),
              'link lookup',
            )
          : null;
        const subject = json ? decodeLinkRecord(json, check) : undefined;
        if (subject) subjects.push(subject);
        else if (!json) stale.push(digest);
      }),
    );
    if (stale.length > 0)
      await this.keyspace.bounded(this.keyspace.redis.srem(lookup, ...stale), 'link cleanup');
    return subjects.sort(bySubject);
  }

  async unlink(asid: string): Promise<void> {
    assertValidAsid(asid);
    const digesters = [this.keyspace.digester, ...this.keyspace.digester.olderDigesters()];
    await Promise.all(digesters.map((digester) => this.unlinkUnder(digester, asid)));
  }

  private async unlinkUnder(digester: SubjectDigester, asid: string): Promise<void> {
    const asidDigest = asidDigests(digester, asid).digest;
    const lookup = this.lookupKey(asidDigest);
    const digests = await this.keyspace.bounded(this.keyspace.redis.smembers(lookup), 'unlink');
    await Promise.all(
      digests
        .filter((digest) => SUBJECT_DIGEST.test(digest))
        .map((digest) => this.keyspace.deleteOwned(digest, this.recordKey(digest, asidDigest))),
    );
    await this.keyspace.bounded(this.keyspace.redis.unlink(lookup), 'unlink');
  }

  async unlinkSubject(subject: DataSubject): Promise<number> {
    assertValidSubject(subject);
    const subjectDigest = this.keyspace.digester.digest(subject);
    const recordPrefix = this.recordKey(subjectDigest, '');
    const records = (await this.keyspace.subjectKeys(subject)).filter((key) => key.startsWith(recordPrefix));
    await Promise.all(
      records.map(async (key) => {
        const lookup = this.lookupKey(key.slice(recordPrefix.length));
        await this.keyspace.bounded(this.keyspace.redis.srem(lookup, subjectDigest), 'unlink');
        await this.keyspace.deleteOwned(subjectDigest, key);
      }),
    );
    return records.length;
  }

  private lookupKey(asidDigest: string): string {
    return this.keyspace.unownedKey(LINK_KIND, asidDigest);
  }

  private recordKey(subjectDigest: string, asidDigest: string): string {
    return this.keyspace.ownedKey(subjectDigest, LINK_KIND, asidDigest);
  }
}
