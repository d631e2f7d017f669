import { newConfirmationCode, type ErasureReceipt, type SubjectErasure } from '../core/erasure';
import { ConfigurationError, EtagConflictError } from '../core/errors';
import { assertValidSubject, SubjectDigester, type DataSubject } from '../core/subject';
import {
  carriedEpoch,
  ERASED_IN_THIS_TURN,
  markErasedInCurrentTurn,
  rememberEpoch,
} from '../core/subject-scope';
import {
  clientTimesOutWithin,
  DEFAULT_OPERATION_TIMEOUT_MS,
  mapRedisErrors,
  withTimeout,
  type RedisClient,
} from './redis-client';
import { RedisScript } from './redis-script';

/** Options shared by every store that keeps a subject's data in Redis. */
export interface RedisKeyspaceOptions {
  /** ioredis client (single node or Cluster). Use {@link createRedisClient} for fail-fast defaults. */
  redis: RedisClient;
  /** Prefix of every key this library writes. Must not contain `{` or `}`. Default `bbp`. */
  prefix?: string;
  /** Secret for subject digests (default: env `PRIVACY_SUBJECT_SECRET`, else a built-in constant). */
  subjectSecret?: string;
  /** Bound on each operation; it rejects with StorageUnavailableError after this. Default 2000 ms. */
  operationTimeoutMs?: number;
  /** How long the pseudonymous erasure proof and tombstone are kept. Default 400 days. */
  erasureProofTtlSeconds?: number;
}

/** How a write checks and expires the item. */
export interface WriteOptions {
  /** Write only if the stored item still has this eTag (empty or absent: overwrite). */
  expectedEtag?: string;
  /** Expire the item after this many milliseconds (0 or absent: keep). */
  ttlMs?: number;
  /** Names the item in a conflict error (computed only then); never a raw id. */
  conflictLabel?: () => string;
}

/** Outcome of one subject-owned write. */
export type OwnedWriteResult = 'written' | 'erased';

const DEFAULT_PROOF_TTL_SECONDS = 400 * 24 * 3600;

// KEYS: data, index, epoch. ARGV: payload, expected eTag ('' = none), ttl ms (0 = none), carried epoch ('' = none)
const WRITE_OWNED = new RedisScript(`
local epoch = redis.call('GET', KEYS[3]) or '0'
if ARGV[4] ~= '' and ARGV[4] ~= epoch then return {'ERASED', epoch} end
if ARGV[2] ~= '' then
  local current = redis.call('GET', KEYS[1])
  if current then
    local newline = string.find(current, '\\n', 1, true)
    if string.sub(current, 1, newline - 1) ~= ARGV[2] then return {'CONFLICT', epoch} end
  end
end
local ttl = tonumber(ARGV[3])
local indexExisted = redis.call('EXISTS', KEYS[2])
if ttl > 0 then redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl) else redis.call('SET', KEYS[1], ARGV[1]) end
redis.call('SADD', KEYS[2], KEYS[1])
if ttl == 0 then
  redis.call('PERSIST', KEYS[2])
else
  local indexTtl = redis.call('PTTL', KEYS[2])
  if indexExisted == 0 or (indexTtl >= 0 and indexTtl < ttl) then redis.call('PEXPIRE', KEYS[2], ttl) end
end
return {'OK', epoch}
`);

// KEYS: data. ARGV: payload, expected eTag ('' = none), ttl ms (0 = none)
const WRITE_UNOWNED = new RedisScript(`
if ARGV[2] ~= '' then
  local current = redis.call('GET', KEYS[1])
  if current then
    local newline = string.find(current, '\\n', 1, true)
    if string.sub(current, 1, newline - 1) ~= ARGV[2] then return 'CONFLICT' end
  end
end
local ttl = tonumber(ARGV[3])
if ttl > 0 then redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl) else redis.call('SET', KEYS[1], ARGV[1]) end
return 'OK'
`);

// KEYS: data, index. Removes one item and its index entry.
const DELETE_OWNED = new RedisScript(`
redis.call('SREM', KEYS[2], KEYS[1])
return redis.call('UNLINK', KEYS[1])
`);

// KEYS: index, epoch, then every key listed in the index. ARGV: number of listed keys, tombstone ttl s.
// Every key it touches is passed in KEYS (all share the subject's hash slot); if the index changed since
// it was listed, nothing is removed and the caller lists it again.
const ERASE_SUBJECT = new RedisScript(`
local count = tonumber(ARGV[1])
if redis.call('SCARD', KEYS[1]) ~= count then return -1 end
for i = 3, count + 2 do
  if redis.call('SISMEMBER', KEYS[1], KEYS[i]) == 0 then return -1 end
end
local removed = 0
for i = 3, count + 2 do removed = removed + redis.call('UNLINK', KEYS[i]) end
redis.call('UNLINK', KEYS[1])
redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], ARGV[2])
return removed
`);

/**
 * The layout of one library's data in Redis, and the operations that keep a per-subject index.
 *
 * Keys of a subject are `<prefix>:{<digest>}:<kind>:<name>`: the hash tag is a keyed digest of the
 * subject, so all of them share one Redis Cluster slot and no user id can break the tag. Beside them:
 * `<prefix>:{<digest>}:index` (a set of every such key) and `<prefix>:{<digest>}:epoch` (how many times
 * the subject was erased: the tombstone that stops in-flight turns from writing erased data back).
 * Erasure reads the index and never scans the keyspace.
 */
export class RedisKeyspace implements SubjectErasure {
  readonly redis: RedisClient;
  readonly prefix: string;
  readonly digester: SubjectDigester;
  readonly operationTimeoutMs: number;
  private readonly proofTtlSeconds: number;
  /** The client bounds each command itself, so {@link bounded} needs no timer per call. */
  private readonly clientBoundsCommands: boolean;

  constructor(options: RedisKeyspaceOptions) {
    if (!options || !options.redis)
      throw new ConfigurationError('RedisKeyspace needs an ioredis client in `redis`.');
    const prefix = options.prefix ?? 'bbp';
    if (!prefix || /[{}]/.test(prefix)) {
      throw new ConfigurationError('The Redis key prefix must be non-empty and must not contain "{" or "}".');
    }
    this.redis = options.redis;
    this.prefix = prefix;
    this.digester = new SubjectDigester(options.subjectSecret ?? process.env.PRIVACY_SUBJECT_SECRET);
    this.operationTimeoutMs = options.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS;
    this.proofTtlSeconds = options.erasureProofTtlSeconds ?? DEFAULT_PROOF_TTL_SECONDS;
    this.clientBoundsCommands = clientTimesOutWithin(this.redis, this.operationTimeoutMs);
  }

  /** Key of an item owned by a subject. `kind` names the store (e.g. `s` state, `t` transcript). */
  ownedKey(digest: string, kind: string, name: string): string {
    return `${this.prefix}:{${digest}}:${kind}:${name}`;
  }

  /** Key of an item that belongs to no subject (group conversations, counters). */
  unownedKey(kind: string, name: string): string {
    return `${this.prefix}:${kind}:${name}`;
  }

  indexKey(digest: string): string {
    return `${this.prefix}:{${digest}}:index`;
  }

  epochKey(digest: string): string {
    return `${this.prefix}:{${digest}}:epoch`;
  }

  proofKey(confirmationCode: string): string {
    return `${this.prefix}:erasure:${confirmationCode}`;
  }

  /** Runs a Redis operation within the configured bound. */
  bounded<T>(operation: Promise<T>, what: string): Promise<T> {
    return this.clientBoundsCommands
      ? mapRedisErrors(operation, this.operationTimeoutMs, what)
      : withTimeout(operation, this.operationTimeoutMs, what);
  }

  /** {@link bounded}, then `onValue`, in one promise hop when the client bounds its commands. */
  private boundedThen<T, R>(operation: Promise<T>, what: string, onValue: (value: T) => R): Promise<R> {
    return this.clientBoundsCommands
      ? mapRedisErrors(operation, this.operationTimeoutMs, what, onValue)
      : withTimeout(operation, this.operationTimeoutMs, what).then(onValue);
  }

  /** Reads a subject-owned key together with the subject's erasure epoch, and remembers the epoch. */
  readOwned(digest: string, key: string): Promise<string | null> {
    return this.boundedThen(this.redis.mget(key, this.epochKey(digest)), 'read', ([value, epoch]) => {
      rememberEpoch(digest, epoch ?? '0');
      return value;
    });
  }

  /**
   * Writes a subject-owned key and indexes it. A write from a turn that read the subject's data before
   * the subject was erased is dropped (`'erased'`), so erased data never comes back.
   * @throws EtagConflictError when `expectedEtag` is set and does not match the stored item.
   */
  writeOwned(
    digest: string,
    key: string,
    payload: string,
    options: WriteOptions = {},
  ): Promise<OwnedWriteResult> {
    const carried = carriedEpoch(digest);
    if (carried === ERASED_IN_THIS_TURN) return Promise.resolve('erased');
    const write = WRITE_OWNED.run(
      this.redis,
      [key, this.indexKey(digest), this.epochKey(digest)],
      [payload, options.expectedEtag ?? '', options.ttlMs ?? 0, carried ?? ''],
    );
    return this.boundedThen(write, 'write', (reply): OwnedWriteResult => {
      const [status, epoch] = reply as [string, string];
      if (status === 'CONFLICT') throw conflict(options.conflictLabel?.() ?? this.digester.digestText(key));
      if (status === 'ERASED') return 'erased';
      rememberEpoch(digest, epoch);
      return 'written';
    });
  }

  /** Writes an unindexed key, with the same eTag rule. */
  async writeUnowned(key: string, payload: string, options: WriteOptions = {}): Promise<void> {
    const status = await this.bounded(
      WRITE_UNOWNED.run(this.redis, [key], [payload, options.expectedEtag ?? '', options.ttlMs ?? 0]),
      'write',
    );
    if (status === 'CONFLICT') throw conflict(options.conflictLabel?.() ?? this.digester.digestText(key));
  }

  async deleteOwned(digest: string, key: string): Promise<void> {
    await this.bounded(DELETE_OWNED.run(this.redis, [key, this.indexKey(digest)], []), 'delete');
  }

  /** Every key currently indexed for a subject. */
  async subjectKeys(subject: DataSubject): Promise<string[]> {
    const digest = this.digester.digest(subject);
    return this.bounded(this.redis.smembers(this.indexKey(digest)), 'index read');
  }

  /**
   * Removes every indexed key of the subject and the index, bumps the subject's erasure epoch (so
   * in-flight turns cannot write back), re-checks that nothing is left, and stores a pseudonymous proof.
   * Idempotent; an unknown subject erases 0 keys. Its cost grows with the subject's own keys only.
   */
  async eraseSubject(subject: DataSubject): Promise<ErasureReceipt> {
    assertValidSubject(subject);
    const digest = this.digester.digest(subject);
    const indexKey = this.indexKey(digest);
    const epochKey = this.epochKey(digest);
    markErasedInCurrentTurn(digest);

    let removed = -1;
    let keys: string[] = [];
    for (let attempt = 0; attempt < 20 && removed < 0; attempt++) {
      keys = await this.bounded(this.redis.smembers(indexKey), 'erase');
      removed = Number(
        await this.bounded(
          ERASE_SUBJECT.run(this.redis, [indexKey, epochKey, ...keys], [keys.length, this.proofTtlSeconds]),
          'erase',
        ),
      );
    }
    if (removed < 0) {
      throw new EtagConflictError(
        `Erasure of subject ${digest} kept racing with writes; nothing was removed.`,
      );
    }
    const left = await this.bounded(this.redis.exists(indexKey, ...keys), 'erase check');
    const receipt: ErasureReceipt = {
      confirmationCode: newConfirmationCode(),
      subjectDigest: digest,
      erasedAt: new Date().toISOString(),
      keysRemoved: removed,
      verified: left === 0,
    };
    await this.bounded(
      this.redis.set(
        this.proofKey(receipt.confirmationCode),
        JSON.stringify(receipt),
        'EX',
        this.proofTtlSeconds,
      ),
      'erasure proof',
    );
    return receipt;
  }

  /** The stored proof of an erasure, by confirmation code. */
  async erasureProof(confirmationCode: string): Promise<ErasureReceipt | undefined> {
    if (!/^[A-Z0-9]{1,64}$/.test(confirmationCode)) return undefined;
    const json = await this.bounded(this.redis.get(this.proofKey(confirmationCode)), 'erasure proof');
    return json ? (JSON.parse(json) as ErasureReceipt) : undefined;
  }
}

function conflict(label: string): EtagConflictError {
  return new EtagConflictError(
    `Storage: eTag conflict writing item ${label}: it was changed by another writer.`,
  );
}
