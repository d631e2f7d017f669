import { assertValidPurposeId } from '../core/consent/purpose';
import type { SubjectDataSection } from '../core/data-export';
import { ConfigurationError } from '../core/errors';
import { EnvelopeCipher } from '../core/sensitive/envelope-cipher';
import {
  checkSensitiveSave,
  sensitiveSection,
  sensitiveValueContext,
  type SensitiveValueOptions,
  type SensitiveValueStore,
} from '../core/sensitive/sensitive-value-store';
import type { DataSubject } from '../core/subject';
import type { MemoryKeyspace } from './memory-keyspace';

/**
 * Options of {@link MemorySensitiveValueStore}: the keyspace of the `MemoryPrivacyStorage` the values are erased with,
 * and the cipher that encrypts them.
 */
export interface MemorySensitiveValueStoreOptions {
  /** The keyspace of the bot's MemoryPrivacyStorage (`storage.keyspace`), so erasing the subject removes values. */
  keyspace: MemoryKeyspace;
  /** Seals values; e.g. `EnvelopeCipher.fromEnv()`. */
  cipher: EnvelopeCipher;
}

/** Kind of value items in the keyspace: one per purpose. */
const KIND = 'sensitive';

/**
 * A {@link SensitiveValueStore} in process memory with the same rules as RedisSensitiveValueStore:
 * one subject-owned item per purpose in the bot's {@link MemoryKeyspace}, holding an AES-256-GCM
 * envelope (encrypted in memory too, so both behave alike) that expires with its TTL.
 */
export class MemorySensitiveValueStore implements SensitiveValueStore {
  private readonly keyspace: MemoryKeyspace;
  private readonly cipher: EnvelopeCipher;

  constructor(options: MemorySensitiveValueStoreOptions) {
    if (!options?.keyspace || !options.cipher) {
      throw new ConfigurationError(
        'MemorySensitiveValueStore needs `keyspace` (a MemoryKeyspace) and `cipher` (an EnvelopeCipher).',
      );
    }
    this.keyspace = options.keyspace;
    this.cipher = options.cipher;
  }

  async save(
    subject: DataSubject,
    purposeId: string,
    value: string,
    options: SensitiveValueOptions,
  ): Promise<void> {
    const ttlMs = checkSensitiveSave(purposeId, value, options);
    const digest = this.keyspace.digester.digest(subject);
    const envelope = this.cipher.encrypt(value, sensitiveValueContext(digest, purposeId));
    this.keyspace.writeOwned(digest, this.keyspace.ownedKey(KIND, purposeId), envelope, { ttlMs });
  }

  async get(subject: DataSubject, purposeId: string): Promise<string | undefined> {
    assertValidPurposeId(purposeId);
    const digest = this.keyspace.digester.digest(subject);
    const key = this.keyspace.ownedKey(KIND, purposeId);
    const envelope = this.keyspace.readOwned(digest, key);
    if (envelope === undefined) return undefined;
    const context = sensitiveValueContext(digest, purposeId);
    const value = this.cipher.decrypt(envelope, context);
    const expiresAt = this.keyspace.expiryOf(digest, key);
    if (EnvelopeCipher.kidOf(envelope) !== this.cipher.currentKid && expiresAt !== undefined) {
      // Sealed with an older encryption key: sealed again with the newest, keeping its expiry (as in Redis).
      const ttlMs = Number.isFinite(expiresAt) ? Math.max(1, expiresAt - this.keyspace.now()) : 0;
      this.keyspace.writeOwned(digest, key, this.cipher.encrypt(value, context), { ttlMs });
    }
    return value;
  }

  async deleteForPurpose(subject: DataSubject, purposeId: string): Promise<void> {
    assertValidPurposeId(purposeId);
    const digest = this.keyspace.digester.digest(subject);
    this.keyspace.deleteOwned(digest, this.keyspace.ownedKey(KIND, purposeId));
  }

  /** Masked: one `sensitive` section per purpose holding a value, with its expiry; never the value. */
  async exportSubject(subject: DataSubject): Promise<SubjectDataSection[]> {
    const digest = this.keyspace.digester.digest(subject);
    const prefix = this.keyspace.ownedKey(KIND, '');
    return this.keyspace.ownedKeys(digest, prefix).flatMap((key) => {
      const expiresAt = this.keyspace.expiryOf(digest, key);
      return expiresAt === undefined ? [] : [sensitiveSection(key.slice(prefix.length), expiresAt)];
    });
  }
}
