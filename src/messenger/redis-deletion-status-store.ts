import { ConfigurationError } from '../core/errors';
import type { RedisKeyspace } from '../storage/redis-keyspace';
import { isConfirmationCode, type DeletionStatus, type DeletionStatusStore } from './deletion-status';
import { isRecord } from './json';

/** Statuses in Redis at `<prefix>:fbdel:<code>`, kept for `ttlSeconds` (default 400 days). */
export class RedisDeletionStatusStore implements DeletionStatusStore {
  private readonly keyspace: RedisKeyspace;
  private readonly ttlSeconds: number;

  constructor(options: { keyspace: RedisKeyspace; ttlSeconds?: number }) {
    if (!options?.keyspace)
      throw new ConfigurationError('RedisDeletionStatusStore needs the RedisKeyspace in `keyspace`.');
    const ttl = options.ttlSeconds ?? 400 * 24 * 3600;
    if (!Number.isInteger(ttl) || ttl <= 0)
      throw new ConfigurationError('ttlSeconds must be a positive whole number.');
    this.keyspace = options.keyspace;
    this.ttlSeconds = ttl;
  }

  async save(status: DeletionStatus): Promise<void> {
    if (!isConfirmationCode(status.confirmationCode)) throw new TypeError('Invalid confirmation code.');
    const key = this.keyspace.unownedKey('fbdel', status.confirmationCode);
    await this.keyspace.bounded(
      this.keyspace.redis.set(key, JSON.stringify(status), 'EX', this.ttlSeconds),
      'deletion status',
    );
  }

  async get(confirmationCode: string): Promise<DeletionStatus | undefined> {
    if (!isConfirmationCode(confirmationCode)) return undefined;
    const key = this.keyspace.unownedKey('fbdel', confirmationCode);
    const json = await this.keyspace.bounded(this.keyspace.redis.get(key), 'deletion status');
    if (!json) return undefined;
    try {
      const status: unknown = JSON.parse(json);
      if (!isRecord(status) || status.confirmationCode !== confirmationCode) return undefined;
      // Statuses written before 'not-linked' existed said 'no-data' for the same case.
      return (status.outcome === 'no-data'
        ? { ...status, outcome: 'not-linked' }
        : status) as unknown as DeletionStatus;
    } catch {
      // A stored status that cannot be read is treated as no status (404), never as a crash.
      return undefined;
    }
  }
}
