import { ConfigurationError } from '../core/errors';
import type { MemoryKeyspace } from '../storage/memory-keyspace';
import { isConfirmationCode, type DeletionStatus, type DeletionStatusStore } from './deletion-status';

const KIND = 'fbdel';

/**
 * Statuses in the bot's {@link MemoryKeyspace}, kept for `ttlSeconds` (default 400 days), as
 * RedisDeletionStatusStore keeps them in Redis. They name no subject: erasures leave them alone.
 */
export class MemoryDeletionStatusStore implements DeletionStatusStore {
  private readonly keyspace: MemoryKeyspace;
  private readonly ttlMs: number;

  constructor(options: { keyspace: MemoryKeyspace; ttlSeconds?: number }) {
    if (!options?.keyspace)
      throw new ConfigurationError('MemoryDeletionStatusStore needs the MemoryKeyspace in `keyspace`.');
    const ttl = options.ttlSeconds ?? 400 * 24 * 3600;
    if (!Number.isInteger(ttl) || ttl <= 0)
      throw new ConfigurationError('ttlSeconds must be a positive whole number.');
    this.keyspace = options.keyspace;
    this.ttlMs = ttl * 1000;
  }

  async save(status: DeletionStatus): Promise<void> {
    if (!isConfirmationCode(status.confirmationCode)) throw new TypeError('Invalid confirmation code.');
    this.keyspace.writeUnowned(`${KIND}:${status.confirmationCode}`, JSON.stringify(status), {
      ttlMs: this.ttlMs,
    });
  }

  async get(confirmationCode: string): Promise<DeletionStatus | undefined> {
    if (!isConfirmationCode(confirmationCode)) return undefined;
    const json = this.keyspace.readUnowned(`${KIND}:${confirmationCode}`);
    return json === undefined ? undefined : (JSON.parse(json) as DeletionStatus);
  }
}
