import { ConfigurationError } from '../core/errors';
import type { PrivacyCenterGrants } from '../core/privacy-center-link';
import type { DataSubject } from '../core/subject';
import type { MemoryKeyspace } from './memory-keyspace';

/** Kind of link items in the keyspace: one per link id. */
const KIND = 'pclink';
const LINK_ID = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * Privacy Center links remembered in process memory, with the same rules as RedisPrivacyCenterGrants:
 * one subject-owned item per link in the bot's {@link MemoryKeyspace}, expiring with the link, so
 * erasing the subject removes them and every link of an erased person answers 410.
 */
export class MemoryPrivacyCenterGrants implements PrivacyCenterGrants {
  private readonly keyspace: MemoryKeyspace;

  constructor(options: { keyspace: MemoryKeyspace }) {
    if (!options?.keyspace)
      throw new ConfigurationError('MemoryPrivacyCenterGrants needs the MemoryKeyspace in `keyspace`.');
    this.keyspace = options.keyspace;
  }

  async save(subject: DataSubject, linkId: string, expiresAt: number): Promise<void> {
    if (!LINK_ID.test(linkId)) throw new ConfigurationError('A Privacy Center link id is malformed.');
    const ttlMs = Math.ceil(expiresAt - this.keyspace.now());
    if (ttlMs <= 0) return;
    const digest = this.keyspace.digester.digest(subject);
    this.keyspace.writeOwned(digest, this.keyspace.ownedKey(KIND, linkId), '1', { ttlMs });
  }

  async has(subject: DataSubject, linkId: string): Promise<boolean> {
    if (typeof linkId !== 'string' || !LINK_ID.test(linkId)) return false;
    const digest = this.keyspace.digester.digest(subject);
    return this.keyspace.expiryOf(digest, this.keyspace.ownedKey(KIND, linkId)) !== undefined;
  }
}
