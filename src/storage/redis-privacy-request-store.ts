import { randomBytes } from 'node:crypto';
import { ConfigurationError } from '../core/errors';
import type { PrivacyRequest } from '../core/requests/privacy-request';
import type { PrivacyRequestStore } from '../core/requests/privacy-request-store';
import type { RedisKeyspace } from './redis-keyspace';
import { RedisScript } from './redis-script';

const CLAIM = new RedisScript(`
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`);

// KEYS: from, to. ARGV: ttl seconds. Renames a list when it exists (a result published or taken); a
// result kept as one string by an earlier version is not one: it is not handed out (gone).
const MOVE_LIST = new RedisScript(`
if redis.call('TYPE', KEYS[1]).ok ~= 'list' then return 0 end
redis.call('RENAME', KEYS[1], KEYS[2])
redis.call('EXPIRE', KEYS[2], ARGV[1])
return 1`);

/** Sealed chunks of a result read at once while it is downloaded (each about 90 KB). */
const RESULT_CHUNKS_PER_READ = 8;

const RELEASE = new RedisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1`);

/**
 * Privacy requests in Redis, every key in one slot (`<prefix>:{preq}:...`, so lists and claims work on a
 * Cluster too): the record (`r:<id>`, digests only, kept), the list (`all`, a sorted set by time received),
 * and while a request runs its sealed input (`in:<id>`) and outcomes (`out:<id>`, a hash by subject
 * index); its sealed result (`res:<id>`, a list of sealed chunks, written as `res-w:<id>:<random>` and renamed
 * when complete) expires on its own and is taken by renaming it to `res-t:<id>:<random>`, read and removed; `lease:<id>` says
 * which process runs it. Key names hold request ids only, never a person's id.
 */
export class RedisPrivacyRequestStore implements PrivacyRequestStore {
  private readonly keyspace: RedisKeyspace;

  constructor(options: { keyspace: RedisKeyspace }) {
    if (!options?.keyspace)
      throw new ConfigurationError('RedisPrivacyRequestStore needs the RedisKeyspace in `keyspace`.');
    this.keyspace = options.keyspace;
  }

  private key(part: string, id?: string): string {
    return `${this.keyspace.prefix}:{preq}:${part}${id === undefined ? '' : `:${id}`}`;
  }

  private bounded<T>(operation: Promise<T>): Promise<T> {
    return this.keyspace.bounded(operation, 'privacy request');
  }

  private get redis() {
    return this.keyspace.redis;
  }

  async create(request: PrivacyRequest, sealedInput: string): Promise<void> {
    await this.bounded(
      this.redis
        .multi()
        .set(this.key('in', request.id), sealedInput)
        .set(this.key('r', request.id), JSON.stringify(request))
        .zadd(this.key('all'), Date.parse(request.receivedAt), request.id)
        .exec(),
    );
  }

  async save(request: PrivacyRequest): Promise<void> {
    await this.bounded(this.redis.set(this.key('r', request.id), JSON.stringify(request)));
  }

  async get(id: string): Promise<PrivacyRequest | undefined> {
    const json = await this.bounded(this.redis.get(this.key('r', id)));
    return json ? (JSON.parse(json) as PrivacyRequest) : undefined;
  }

  async list(): Promise<PrivacyRequest[]> {
    const ids = await this.bounded(this.redis.zrange(this.key('all'), '0', '-1'));
    if (ids.length === 0) return [];
    const records = await this.bounded(this.redis.mget(ids.map((id) => this.key('r', id))));
    return records.flatMap((json) => (json ? [JSON.parse(json) as PrivacyRequest] : []));
  }

  async readInput(id: string): Promise<string | undefined> {
    return (await this.bounded(this.redis.get(this.key('in', id)))) ?? undefined;
  }

  async writeInput(id: string, sealedInput: string): Promise<void> {
    await this.bounded(this.redis.set(this.key('in', id), sealedInput));
  }

  async recordOutcome(id: string, index: number, sealedOutcome: string): Promise<void> {
    await this.bounded(this.redis.hset(this.key('out', id), String(index), sealedOutcome));
  }

  async outcomes(id: string): Promise<Map<number, string>> {
    const all = await this.bounded(this.redis.hgetall(this.key('out', id)));
    return new Map(Object.entries(all).map(([index, sealed]) => [Number(index), sealed]));
  }

  async saveResult(
    id: string,
    ttlSeconds: number,
    write: (append: (sealedChunk: string) => Promise<void>) => Promise<void>,
  ): Promise<void> {
    // Written under a name of its own, then renamed: a reader never sees half a result.
    const writing = this.key('res-w', `${id}:${randomBytes(6).toString('base64url')}`);
    try {
      await write(async (chunk) => {
        await this.bounded(this.redis.multi().rpush(writing, chunk).expire(writing, ttlSeconds).exec());
      });
      await this.bounded(MOVE_LIST.run(this.redis, [writing, this.key('res', id)], [ttlSeconds]));
    } catch (error) {
      // The part written is dropped (best effort: it expires anyway); the caller learns of the failure.
      await this.bounded(this.redis.unlink(writing)).catch(() => undefined);
      throw error;
    }
  }

  async takeResult(id: string): Promise<AsyncIterable<string> | undefined> {
    // Taken by renaming it away (once: a second call finds nothing), then read a few chunks at a time.
    const taken = this.key('res-t', `${id}:${randomBytes(6).toString('base64url')}`);
    const moved = await this.bounded(MOVE_LIST.run(this.redis, [this.key('res', id), taken], [3600]));
    if (Number(moved) !== 1) return undefined;
    const store = this;
    return (async function* () {
      try {
        for (let start = 0; ; start += RESULT_CHUNKS_PER_READ) {
          const chunks = await store.bounded(
            store.redis.lrange(taken, start, start + RESULT_CHUNKS_PER_READ - 1),
          );
          yield* chunks;
          if (chunks.length < RESULT_CHUNKS_PER_READ) return;
        }
      } finally {
        await store.bounded(store.redis.unlink(taken)).catch(() => undefined);
      }
    })();
  }

  async dropWorkingData(id: string): Promise<void> {
    await this.bounded(this.redis.unlink(this.key('in', id), this.key('out', id)));
  }

  async claim(id: string, holder: string, ttlMs: number): Promise<boolean> {
    const reply = await this.bounded(
      CLAIM.run(this.redis, [this.key('lease', id)], [holder, Math.ceil(ttlMs)]),
    );
    return reply === 1;
  }

  async release(id: string, holder: string): Promise<void> {
    await this.bounded(RELEASE.run(this.redis, [this.key('lease', id)], [holder]));
  }
}
