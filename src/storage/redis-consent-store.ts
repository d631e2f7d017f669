import { isConsentReceipt, type ConsentReceipt } from '../core/consent/consent-receipt';
import { ConfigurationError } from '../core/errors';
import type { SubjectDataSection } from '../core/data-export';
import type { DataSubject } from '../core/subject';
import { rememberEpoch } from '../core/subject-scope';
import { checkReceiptForSave, consentSections, type ConsentStore } from '../core/consent/consent-store';
import type { RedisKeyspace } from './redis-keyspace';

/** Options of {@link RedisConsentStore}: the keyspace of the `RedisStorage` the receipts are erased with. */
export interface RedisConsentStoreOptions {
  /** The keyspace of the bot's RedisStorage (`storage.keyspace`), so erasing the subject removes receipts. */
  keyspace: RedisKeyspace;
  /** Keep a receipt this many days after its last change. Default: until the subject is erased. */
  retentionDays?: number;
}

/** Kind segment of receipt keys: `<prefix>:{<digest>}:consent:<receiptId>`. */
const KIND = 'consent';

/**
 * A {@link ConsentStore} on Redis: one subject-owned key per receipt, indexed under the subject so
 * `keyspace.eraseSubject` removes them. Listing reads the subject's index (never scans the keyspace).
 */
export class RedisConsentStore implements ConsentStore {
  private readonly keyspace: RedisKeyspace;
  private readonly ttlMs: number;

  constructor(options: RedisConsentStoreOptions) {
    if (!options?.keyspace)
      throw new ConfigurationError('RedisConsentStore needs the RedisKeyspace in `keyspace`.');
    const days = options.retentionDays;
    if (days !== undefined && (!Number.isInteger(days) || days < 1)) {
      throw new ConfigurationError(
        'RedisConsentStore: retentionDays must be a whole number of days, at least 1.',
      );
    }
    this.keyspace = options.keyspace;
    // A receipt names its subject by digest: it is re-issued under the newest key's digest.
    this.keyspace.registerMover(KIND, (item, { fromDigest, toDigest }) => {
      const receipt = parse(item.value as string);
      if (!receipt || receipt.subjectDigest !== fromDigest) return item;
      return { name: item.name, value: JSON.stringify({ ...receipt, subjectDigest: toDigest }) };
    });
    this.ttlMs = days ? days * 24 * 3600 * 1000 : 0;
  }

  async list(subject: DataSubject): Promise<ConsentReceipt[]> {
    const digest = this.keyspace.digester.digest(subject);
    await this.keyspace.pendingMove(subject, digest);
    const prefix = this.keyspace.ownedKey(digest, KIND, '');
    const indexed = await this.keyspace.bounded(
      this.keyspace.redis.smembers(this.keyspace.indexKey(digest)),
      'consent read',
    );
    const keys = indexed.filter((key) => key.startsWith(prefix));
    const values = await this.keyspace.bounded(
      this.keyspace.redis.mget(...keys, this.keyspace.epochKey(digest)),
      'consent read',
    );
    rememberEpoch(digest, values.pop() ?? '0');
    const receipts: ConsentReceipt[] = [];
    for (const value of values) {
      const receipt = value === null ? undefined : parse(value);
      if (receipt && receipt.subjectDigest === digest) receipts.push(receipt);
    }
    return receipts;
  }

  /** The subject's receipts for *My data*: one `consent` section each. */
  async exportSubject(subject: DataSubject): Promise<SubjectDataSection[]> {
    return consentSections(await this.list(subject));
  }

  subjectDigest(subject: DataSubject): string {
    return this.keyspace.digester.digest(subject);
  }

  async save(subject: DataSubject, receipt: ConsentReceipt): Promise<void> {
    const digest = this.keyspace.digester.digest(subject);
    checkReceiptForSave(receipt, digest);
    await this.keyspace.writeOwned(
      digest,
      this.keyspace.ownedKey(digest, KIND, receipt.receiptId),
      JSON.stringify(receipt),
      {
        ttlMs: this.ttlMs,
      },
    );
  }
}

function parse(json: string): ConsentReceipt | undefined {
  try {
    const value: unknown = JSON.parse(json);
    return isConsentReceipt(value) ? value : undefined;
  } catch {
    // A stored value that is not JSON is not a receipt: treated as none.
    return undefined;
  }
}
