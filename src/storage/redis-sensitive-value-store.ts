import { assertValidPurposeId } from '../core/consent/purpose';
import type { SubjectDataSection } from '../core/data-export';
import { ConfigurationError } from '../core/errors';
import { EnvelopeCipher } from '../core/sensitive/envelope-cipher';
import { resealEnvelope } from './redis-key-usage';
import type { DataSubject } from '../core/subject';
import type { RedisKeyspace } from './redis-keyspace';
import {
  checkSensitiveSave,
  sensitiveSection,
  sensitiveValueContext,
  type SensitiveValueOptions,
  type SensitiveValueStore,
} from '../core/sensitive/sensitive-value-store';

/**
 * Options of {@link RedisSensitiveValueStore}: the keyspace of the `RedisStorage` the values are erased with,
 * and the cipher that encrypts them.
 */
export interface RedisSensitiveValueStoreOptions {
  /** The keyspace of the bot's RedisStorage (`storage.keyspace`), so erasing the subject removes values. */
  keyspace: RedisKeyspace;
  /** Seals values; e.g. `EnvelopeCipher.fromEnv()`. */
  cipher: EnvelopeCipher;
}

/** Kind segment of value keys: `<prefix>:{<digest>}:sensitive:<purposeId>`. */
const KIND = 'sensitive';

/**
 * A {@link SensitiveValueStore} on Redis: one subject-owned key per purpose holding an AES-256-GCM
 * envelope with a TTL, indexed under the subject so `keyspace.eraseSubject` removes it.
 */
export class RedisSensitiveValueStore implements SensitiveValueStore {
  private readonly keyspace: RedisKeyspace;
  private readonly cipher: EnvelopeCipher;

  constructor(options: RedisSensitiveValueStoreOptions) {
    if (!options?.keyspace || !options.cipher) {
      throw new ConfigurationError(
        'RedisSensitiveValueStore needs `keyspace` (a RedisKeyspace) and `cipher` (an EnvelopeCipher).',
      );
    }
    this.keyspace = options.keyspace;
    this.cipher = options.cipher;
    // An envelope is sealed for its subject's digest: opened under the old one, sealed for the new one
    // (with the newest encryption key).
    this.keyspace.registerMover(KIND, (item, { fromDigest, toDigest }) => {
      const value = this.cipher.decrypt(item.value as string, sensitiveValueContext(fromDigest, item.name));
      return {
        name: item.name,
        value: this.cipher.encrypt(value, sensitiveValueContext(toDigest, item.name)),
      };
    });
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
    await this.keyspace.writeOwned(digest, this.keyspace.ownedKey(digest, KIND, purposeId), envelope, {
      ttlMs,
    });
  }

  async get(subject: DataSubject, purposeId: string): Promise<string | undefined> {
    assertValidPurposeId(purposeId);
    const digest = this.keyspace.digester.digest(subject);
    const key = this.keyspace.ownedKey(digest, KIND, purposeId);
    const envelope = await this.keyspace.readOwned(digest, key);
    if (envelope === null) return undefined;
    const context = sensitiveValueContext(digest, purposeId);
    const value = this.cipher.decrypt(envelope, context);
    if (EnvelopeCipher.kidOf(envelope) !== this.cipher.currentKid) {
      // Sealed with an older encryption key: sealed again with the newest, now that it is open anyway.
      await this.keyspace
        .bounded(resealEnvelope(this.keyspace.redis, key, envelope, value, this.cipher, context), 'reseal')
        // The value was read; sealing it again is for later (`privacy rotation reencrypt` catches up).
        .catch(() => undefined);
    }
    return value;
  }

  async deleteForPurpose(subject: DataSubject, purposeId: string): Promise<void> {
    assertValidPurposeId(purposeId);
    const digest = this.keyspace.digester.digest(subject);
    await this.keyspace.deleteOwned(digest, this.keyspace.ownedKey(digest, KIND, purposeId));
  }

  /** Masked: one `sensitive` section per purpose holding a value, with its expiry; never the value. */
  async exportSubject(subject: DataSubject): Promise<SubjectDataSection[]> {
    const digest = this.keyspace.digester.digest(subject);
    const prefix = this.keyspace.ownedKey(digest, KIND, '');
    const keys = (await this.keyspace.subjectKeys(subject)).filter((key) => key.startsWith(prefix)).sort();
    const now = Date.now();
    const ttls = await Promise.all(
      keys.map((key) => this.keyspace.bounded(this.keyspace.redis.pttl(key), 'export')),
    );
    return keys.flatMap((key, i) =>
      ttls[i] > 0 ? [sensitiveSection(key.slice(prefix.length), now + ttls[i])] : [],
    );
  }
}
