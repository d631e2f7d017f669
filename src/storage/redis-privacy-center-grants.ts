import { ConfigurationError } from '../core/errors';
import type { PrivacyCenterGrants } from '../core/privacy-center-link';
import type { DataSubject } from '../core/subject';
import type { RedisKeyspace } from './redis-keyspace';
import { MOVE_AS_IS } from './redis-subject-move';

/** Kind segment of link records: `<prefix>:{<digest>}:pclink:<link id>`. */
const KIND = 'pclink';
const LINK_ID = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * Privacy Center links remembered in Redis, one subject-owned key per link that expires with the link
 * and is indexed under the subject: erasing the subject (from the page, the chat or Meta's callback)
 * removes them, so every link of an erased person answers 410.
 */
export class RedisPrivacyCenterGrants implements PrivacyCenterGrants {
  private readonly keyspace: RedisKeyspace;

  constructor(options: { keyspace: RedisKeyspace }) {
    if (!options?.keyspace)
      throw new ConfigurationError('RedisPrivacyCenterGrants needs the RedisKeyspace in `keyspace`.');
    this.keyspace = options.keyspace;
    this.keyspace.registerMover(KIND, MOVE_AS_IS);
  }

  async save(subject: DataSubject, linkId: string, expiresAt: number): Promise<void> {
    const ttlMs = Math.ceil(expiresAt - Date.now());
    if (ttlMs <= 0) return;
    const digest = this.keyspace.digester.digest(subject);
    await this.keyspace.writeOwned(digest, this.key(digest, linkId), '1', { ttlMs });
  }

  async has(subject: DataSubject, linkId: string): Promise<boolean> {
    if (typeof linkId !== 'string' || !LINK_ID.test(linkId)) return false;
    const digest = this.keyspace.digester.digest(subject);
    // A link handed out before a subject key rotation: its record moves with the person's data.
    await this.keyspace.pendingMove(subject, digest);
    const found = await this.keyspace.bounded(
      this.keyspace.redis.exists(this.key(digest, linkId)),
      'link read',
    );
    return found === 1;
  }

  private key(digest: string, linkId: string): string {
    if (!LINK_ID.test(linkId)) throw new ConfigurationError('A Privacy Center link id is malformed.');
    return this.keyspace.ownedKey(digest, KIND, linkId);
  }
}
