import { isConsentReceipt, type ConsentReceipt } from '../core/consent/consent-receipt';
import { checkReceiptForSave, consentSections, type ConsentStore } from '../core/consent/consent-store';
import type { SubjectDataSection } from '../core/data-export';
import { ConfigurationError } from '../core/errors';
import type { DataSubject } from '../core/subject';
import type { MemoryKeyspace } from './memory-keyspace';

/** Options of {@link MemoryConsentStore}: the keyspace of the `MemoryPrivacyStorage` the receipts are erased with. */
export interface MemoryConsentStoreOptions {
  /** The keyspace of the bot's MemoryPrivacyStorage (`storage.keyspace`), so erasing the subject removes receipts. */
  keyspace: MemoryKeyspace;
  /** Keep a receipt this many days after its last change. Default: until the subject is erased. */
  retentionDays?: number;
}

/** Kind of receipt items in the keyspace: one per receipt id. */
const KIND = 'consent';

/**
 * A {@link ConsentStore} in process memory with the same rules as RedisConsentStore: one subject-owned
 * item per receipt in the bot's {@link MemoryKeyspace}, so `keyspace.eraseSubject` removes them.
 */
export class MemoryConsentStore implements ConsentStore {
  private readonly keyspace: MemoryKeyspace;
  private readonly ttlMs: number;

  constructor(options: MemoryConsentStoreOptions) {
    if (!options?.keyspace)
      throw new ConfigurationError('MemoryConsentStore needs the MemoryKeyspace in `keyspace`.');
    const days = options.retentionDays;
    if (days !== undefined && (!Number.isInteger(days) || days < 1)) {
      throw new ConfigurationError(
        'MemoryConsentStore: retentionDays must be a whole number of days, at least 1.',
      );
    }
    this.keyspace = options.keyspace;
    this.ttlMs = days ? days * 24 * 3600 * 1000 : 0;
  }

  async list(subject: DataSubject): Promise<ConsentReceipt[]> {
    const digest = this.keyspace.digester.digest(subject);
    this.keyspace.rememberEpoch(digest);
    const receipts: ConsentReceipt[] = [];
    for (const key of this.keyspace.ownedKeys(digest, this.keyspace.ownedKey(KIND, ''))) {
      const json = this.keyspace.readOwned(digest, key);
      const receipt: unknown = json === undefined ? undefined : JSON.parse(json);
      if (isConsentReceipt(receipt) && receipt.subjectDigest === digest) receipts.push(receipt);
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
    this.keyspace.writeOwned(
      digest,
      this.keyspace.ownedKey(KIND, receipt.receiptId),
      JSON.stringify(receipt),
      {
        ttlMs: this.ttlMs,
      },
    );
  }
}
