import {
  ErasureNotDurableError,
  newConfirmationCode,
  type ErasureReceipt,
  type SubjectErasure,
} from '../core/erasure';
import { ConfigurationError, EtagConflictError } from '../core/errors';
import type { AuditLog } from '../core/audit/audit-log';
import { assertValidSubject, SubjectDigester, type DataSubject } from '../core/subject';
import {
  BUILT_IN_SUBJECT_KEY_ID,
  resolveSubjectKeyRing,
  SINGLE_SUBJECT_KEY_ID,
  type SubjectSecretOption,
} from '../core/subject-key-ring';
import {
  currentSubjectScope,
  ERASED_IN_THIS_TURN,
  markErasedInCurrentTurn,
  rememberEpochIn,
} from '../core/subject-scope';
import {
  clientTimesOutWithin,
  DEFAULT_OPERATION_TIMEOUT_MS,
  mapRedisErrors,
  unavailable,
  withTimeout,
  type RedisClient,
} from './redis-client';
import {
  durabilityOf,
  waitForDurability,
  type ErasureDurability,
  type ErasureDurabilityOptions,
  type ResolvedDurability,
} from './erasure-durability';
import { erasureRecordTtls } from './erasure-record-ttls';
import { EXTEND_TTL_LUA } from './lua-ttl';
import { RedisScript } from './redis-script';
import { SocketWriteCoalescer } from './socket-write-coalescing';
import { MOVE_AS_IS, RedisSubjectMover, type MoveOutcome, type SubjectItemMover } from './redis-subject-move';

/** Options shared by every store that keeps a subject's data in Redis. */
export interface RedisKeyspaceOptions {
  /** ioredis client (single node or Cluster). Use {@link createRedisClient} for fail-fast defaults. */
  redis: RedisClient;
  /** Prefix of every key this library writes. Must not contain `{` or `}`. Default `bbp`. */
  prefix?: string;
  /**
   * Secret for subject digests, or a {@link SubjectKeyRing} of them (newest first). Default: env
   * `PRIVACY_SUBJECT_SECRETS` (`k2:<newest>,k1:<older>`), else `PRIVACY_SUBJECT_SECRET`. Production
   * (`NODE_ENV=production`) refuses a missing or short one; development warns and uses a built-in constant.
   * With several keys, data is written under the newest, and a person's data under an older key moves to
   * the newest on their next turn; erasure and export look under every key.
   */
  subjectSecret?: SubjectSecretOption;
  /** Where subject-key moves are recorded (`secret.rotated`, with the new digest and key ids only). */
  audit?: AuditLog;
  /** Bound on each operation; it rejects with StorageUnavailableError after this. Default 2000 ms. */
  operationTimeoutMs?: number;
  /** How long the pseudonymous erasure proof is kept (`<prefix>:erasure:<code>`). Default 400 days. */
  erasureProofTtlSeconds?: number;
  /**
   * How long an erased subject's tombstone (`<prefix>:{<digest>}:epoch`) is kept. It only has to outlive
   * the longest turn that could still write the subject's data back. Default 1 day.
   */
  tombstoneTtlSeconds?: number;
  /**
   * How sure an erasure must be before its receipt is returned: `'none'` (the master applied it, the
   * default), `'replicas'` (WAIT: at least one replica has it) or `'aof'` (WAITAOF, Redis 7.2+: the
   * master's append-only file has it). An erasure that does not reach it rejects with
   * {@link ErasureNotDurableError}, so nobody is told "deleted" too early.
   */
  erasureDurability?: ErasureDurability | ErasureDurabilityOptions;
}

/** A collection outside every subject's slot that lists subject digests (a listing or a lookup). */
export interface SharedCollection {
  /** Its key: an {@link RedisKeyspace.unownedKey}. */
  readonly key: string;
  readonly type: 'set' | 'zset';
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

/** A subject-owned item's key with its subject's index and epoch keys: what a write of it touches. */
export interface OwnedItemKeys {
  readonly digest: string;
  readonly key: string;
  readonly indexKey: string;
  readonly epochKey: string;
}

/** Outcome of one subject-owned write. */
export type OwnedWriteResult = 'written' | 'erased';

// KEYS: data, index, epoch. ARGV[1]: `<carried epoch>\n<expected eTag>\n<ttl ms>\n<payload>` (an empty
// epoch or eTag: none; ttl 0: none). One argument rather than four: the client's cost of a command grows
// with its arguments, and Redis, not the client, has time to spare for splitting them.
// Replies the epoch (a string) when written; a table {'ERASED' or 'CONFLICT', epoch} otherwise: the common
// reply stays one bulk string, cheaper to send and parse than a table.
const WRITE_OWNED = new RedisScript(`${EXTEND_TTL_LUA}
local packed = ARGV[1]
local a = string.find(packed, '\\n', 1, true)
local b = string.find(packed, '\\n', a + 1, true)
local c = string.find(packed, '\\n', b + 1, true)
local carried = string.sub(packed, 1, a - 1)
local expected = string.sub(packed, a + 1, b - 1)
local ttl = tonumber(string.sub(packed, b + 1, c - 1))
local payload = string.sub(packed, c + 1)
local epoch = redis.call('GET', KEYS[3]) or '0'
if carried ~= '' and carried ~= epoch then return {'ERASED', epoch} end
if expected ~= '' then
  local current = redis.call('GET', KEYS[1])
  if current then
    local newline = string.find(current, '\\n', 1, true)
    if string.sub(current, 1, newline - 1) ~= expected then return {'CONFLICT', epoch} end
  end
end
if ttl == 0 then
  redis.call('SET', KEYS[1], payload)
  redis.call('SADD', KEYS[2], KEYS[1])
  redis.call('PERSIST', KEYS[2])
else
  local indexTtl = redis.call('PTTL', KEYS[2])
  redis.call('SET', KEYS[1], payload, 'PX', ttl)
  redis.call('SADD', KEYS[2], KEYS[1])
  extendTtl(KEYS[2], indexTtl, ttl)
end
return epoch
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

// KEYS: refs, epoch. ARGV: ttl ms (0 = none), expected epoch ('' = none), then encoded collections.
// Records shared collections that list the subject (see RedisKeyspace.shareDigest); the refs set lives as
// long as the longest-lived listing it records, like the index.
const REGISTER_SHARED = new RedisScript(`${EXTEND_TTL_LUA}
local epoch = redis.call('GET', KEYS[2]) or '0'
if ARGV[2] ~= '' and ARGV[2] ~= epoch then return {'ERASED', epoch} end
local ttl = tonumber(ARGV[1])
local before = redis.call('PTTL', KEYS[1])
for i = 3, #ARGV do redis.call('SADD', KEYS[1], ARGV[i]) end
extendTtl(KEYS[1], before, ttl)
return {'OK', epoch}
`);

// KEYS: index, epoch, refs, then every key listed in the index. ARGV: number of listed keys, tombstone
// ttl s, force (1: leave a tombstone even for a subject with nothing here). Every key it touches is passed in KEYS (all share the subject's hash slot); if the index changed
// since it was listed, nothing is removed and the caller lists it again. A subject with no index, no
// shared listings and no tombstone never existed here: nothing is written for it. Replies
// {removed, existed (0/1), shared collections...}; the refs set stays until the caller has taken the
// digest out of each of them (so a failed erasure, retried, still finds them).
const ERASE_SUBJECT = new RedisScript(`
local count = tonumber(ARGV[1])
if redis.call('SCARD', KEYS[1]) ~= count then return {-1, 0} end
for i = 4, count + 3 do
  if redis.call('SISMEMBER', KEYS[1], KEYS[i]) == 0 then return {-1, 0} end
end
local shared = redis.call('SMEMBERS', KEYS[3])
if ARGV[3] ~= '1' and count == 0 and #shared == 0 and redis.call('EXISTS', KEYS[2]) == 0 then return {0, 0} end
local removed = 0
for i = 4, count + 3 do removed = removed + redis.call('UNLINK', KEYS[i]) end
redis.call('UNLINK', KEYS[1])
redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], ARGV[2])
local reply = {removed, 1}
for _, collection in ipairs(shared) do reply[#reply + 1] = collection end
return reply
`);

/**
 * The layout of one library's data in Redis, and the operations that keep a per-subject index.
 *
 * Keys of a subject are `<prefix>:{<digest>}:<kind>:<name>`: the hash tag is a keyed digest of the
 * subject, so all of them share one Redis Cluster slot and no user id can break the tag. Beside them:
 * `<prefix>:{<digest>}:index` (a set of every such key), `<prefix>:{<digest>}:refs` (the shared
 * collections outside the slot that list the subject's digest, see {@link shareDigest}) and
 * `<prefix>:{<digest>}:epoch` (how many times the subject was erased: the tombstone that stops in-flight
 * turns from writing erased data back). Erasure reads the index and never scans the keyspace.
 */
export class RedisKeyspace implements SubjectErasure {
  readonly redis: RedisClient;
  readonly prefix: string;
  readonly digester: SubjectDigester;
  readonly operationTimeoutMs: number;
  private readonly proofTtlSeconds: number;
  private readonly tombstoneTtlSeconds: number;
  private readonly durability: ResolvedDurability;
  /** The client bounds each command itself, so {@link bounded} needs no timer per call. */
  private readonly clientBoundsCommands: boolean;
  /** Sends the hot-path commands (state reads and writes, a turn's flush) in shared socket writes. */
  readonly writes: SocketWriteCoalescer;
  /** Moves subjects from older keys of the subject key ring to the newest. */
  private readonly mover: RedisSubjectMover;

  constructor(options: RedisKeyspaceOptions) {
    if (!options || !options.redis)
      throw new ConfigurationError('RedisKeyspace needs an ioredis client in `redis`.');
    const prefix = options.prefix ?? 'bbp';
    if (!prefix || /[{}]/.test(prefix)) {
      throw new ConfigurationError('The Redis key prefix must be non-empty and must not contain "{" or "}".');
    }
    this.redis = options.redis;
    this.prefix = prefix;
    this.digester = new SubjectDigester(resolveSubjectKeyRing(options.subjectSecret));
    this.operationTimeoutMs = options.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS;
    const ttls = erasureRecordTtls(options);
    this.proofTtlSeconds = ttls.proofSeconds;
    this.tombstoneTtlSeconds = ttls.tombstoneSeconds;
    this.durability = durabilityOf(options.erasureDurability, this.operationTimeoutMs);
    this.clientBoundsCommands = clientTimesOutWithin(this.redis, this.operationTimeoutMs);
    this.writes = SocketWriteCoalescer.of(this.redis);
    this.mover = new RedisSubjectMover(
      this.redis,
      this.digester,
      this,
      (operation, what) => this.bounded(operation, what),
      options.audit,
    );
    this.mover.register('moved', MOVE_AS_IS);
  }

  /**
   * Tells the keyspace how a store's items (`<kind>:<name>`) move to the newest subject key. Every store
   * on this keyspace registers its kind; see {@link SubjectItemMover}.
   */
  registerMover(kind: string, mover: SubjectItemMover): void {
    this.mover.register(kind, mover);
  }

  /**
   * Undefined (nothing to wait for) unless the subject key ring has older keys and the subject was not
   * found recently under the newest key only; else settles once the subject's data is under the newest
   * key. Stores call it before reading a subject's data in a turn: a turn never sees half a move.
   */
  pendingMove(subject: DataSubject, digest = this.digester.digest(subject)): Promise<void> | undefined {
    return this.mover.pending(subject, digest);
  }

  /** {@link pendingMove} for the running turn's own subject, found by its digest (the hot path). */
  pendingMoveInScope(digest: string): Promise<void> | undefined {
    if (!this.mover.rotating) return undefined;
    const scope = currentSubjectScope();
    if (!scope || this.digester.digest(scope.subject) !== digest) return undefined;
    return this.mover.pending(scope.subject, digest);
  }

  /** Moves the subject's data from every older key to the newest now; what moved, per older key. */
  moveSubject(subject: DataSubject): Promise<MoveOutcome[]> {
    assertValidSubject(subject);
    return this.mover.moveAll(subject);
  }

  /** Key of an item owned by a subject. `kind` names the store (e.g. `s` state, `t` transcript). */
  ownedKey(digest: string, kind: string, name: string): string {
    return `${this.prefix}:{${digest}}:${kind}:${name}`;
  }

  /** Key of an item that belongs to no subject (group conversations, counters). */
  unownedKey(kind: string, name: string): string {
    return `${this.prefix}:${kind}:${name}`;
  }

  /**
   * The subject's index. Under a named key of a ring (`PRIVACY_SUBJECT_SECRETS`) it carries the key id
   * (`...:index:<id>`), so `privacy rotation status` can count what remains under each key without any id;
   * under a single secret (key id `default`) it is `...:index`, as before rings existed.
   */
  indexKey(digest: string, keyId = this.digester.keyId): string {
    return indexKeyOf(this.prefix, digest, keyId);
  }

  epochKey(digest: string): string {
    return `${this.prefix}:{${digest}}:epoch`;
  }

  /** The set of shared collections that list the subject's digest. */
  refsKey(digest: string): string {
    return `${this.prefix}:{${digest}}:refs`;
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
    return this.readOwnedItem(this.ownedItemKeys(digest, key));
  }

  /**
   * {@link readOwned} with the keys located beforehand; `then` maps the value in the same promise hop
   * (a hot path: every turn reads its state this way).
   */
  readOwnedItem(item: OwnedItemKeys): Promise<string | null>;
  readOwnedItem<R>(item: OwnedItemKeys, then: (value: string | null) => R): Promise<R>;
  readOwnedItem<R>(item: OwnedItemKeys, then?: (value: string | null) => R): Promise<R | string | null> {
    const moving = this.pendingMoveInScope(item.digest);
    if (moving) return moving.then(() => this.readOwnedItem(item, then as (value: string | null) => R));
    const scope = currentSubjectScope();
    const reply = this.writes.send(() => this.redis.mget(item.key, item.epochKey));
    return this.boundedThen(reply, 'read', (values) => {
      if (scope) rememberEpochIn(scope, item.digest, values[1] ?? '0');
      return then ? then(values[0]) : values[0];
    });
  }

  /** The keys a write of the subject-owned item `key` touches, for {@link writeOwnedItem}. */
  ownedItemKeys(digest: string, key: string): OwnedItemKeys {
    return { digest, key, indexKey: this.indexKey(digest), epochKey: this.epochKey(digest) };
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
    return this.writeOwnedItem(this.ownedItemKeys(digest, key), payload, options);
  }

  /** {@link writeOwned} with the keys located beforehand (a store writing the same item again keeps them). */
  writeOwnedItem(
    item: OwnedItemKeys,
    payload: string,
    options: WriteOptions = {},
  ): Promise<OwnedWriteResult> {
    const moving = this.pendingMoveInScope(item.digest);
    if (moving) return moving.then(() => this.writeOwnedItem(item, payload, options));
    const scope = currentSubjectScope();
    const { digest } = item;
    const carried = scope?.epochs.get(digest);
    if (carried === ERASED_IN_THIS_TURN) return Promise.resolve('erased');
    const packed = `${carried ?? ''}\n${options.expectedEtag ?? ''}\n${options.ttlMs ?? 0}\n${payload}`;
    const onReply = (reply: unknown): OwnedWriteResult => {
      if (typeof reply === 'string') {
        if (scope) rememberEpochIn(scope, digest, reply);
        return 'written';
      }
      const [status] = reply as [string, string];
      if (status === 'CONFLICT')
        throw conflict(options.conflictLabel?.() ?? this.digester.digestText(item.key));
      if (status === 'ERASED') return 'erased';
      throw new Error(`Unexpected reply to a state write: ${String(status)}`);
    };
    const keys = [item.key, item.indexKey, item.epochKey];
    const args = [packed];
    if (this.clientBoundsCommands) {
      // One promise hop for the script, its errors and its reply: this runs on every state write.
      return this.writes.send(() =>
        WRITE_OWNED.runThen(this.redis, keys, args, onReply, (error) => {
          throw unavailable(error, this.operationTimeoutMs, 'write');
        }),
      );
    }
    return this.boundedThen(
      this.writes.send(() => WRITE_OWNED.run(this.redis, keys, args)),
      'write',
      onReply,
    );
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
    await this.pendingMove(subject, digest);
    return this.bounded(this.redis.smembers(this.indexKey(digest)), 'index read');
  }

  /**
   * Lists the subject's digest in shared collections (listings and lookups outside the subject's slot),
   * so that erasing the subject takes it out of them again: each collection is first recorded in the
   * subject's refs set (checked against the erasure epoch like a write), then `add` puts the digest in,
   * and if the subject was erased in between, the digest is taken out again.
   * @param epoch the erasure epoch the caller's own write saw (undefined: not checked).
   * @returns false, without calling `add`, when the subject was erased since `epoch`.
   */
  async shareDigest(
    digest: string,
    collections: readonly SharedCollection[],
    options: { ttlMs: number; epoch?: string },
    add: () => Promise<unknown>,
  ): Promise<boolean> {
    const [status, epoch] = (await this.bounded(
      REGISTER_SHARED.run(
        this.redis,
        [this.refsKey(digest), this.epochKey(digest)],
        [options.ttlMs, options.epoch ?? '', ...collections.map(encodeCollection)],
      ),
      'write',
    )) as [string, string];
    if (status !== 'OK') return false;
    await add();
    const now = await this.bounded(this.redis.get(this.epochKey(digest)), 'write');
    if ((now ?? '0') === epoch) return true;
    // Erased while the digest was being added: the erasure may have run before it was there.
    await Promise.all(collections.map((collection) => this.removeShared(digest, collection)));
    return false;
  }

  /**
   * Removes every indexed key of the subject, the index, and the subject's digest from every shared
   * collection listing it; bumps the subject's erasure epoch (so in-flight turns cannot write back);
   * waits for the configured durability; re-checks every structure that can name the subject (index,
   * refs, listed keys, shared collections); and stores a pseudonymous proof. Idempotent. For a subject
   * that never existed (nothing indexed, listed, or erased before) it writes nothing at all. Its cost
   * grows with the subject's own keys only.
   * @throws ErasureNotDurableError (with the receipt) when the erasure did not reach the configured
   *   durability; StorageUnavailableError when Redis fails or does not answer in time.
   */
  async eraseSubject(subject: DataSubject): Promise<ErasureReceipt> {
    assertValidSubject(subject);
    const digest = this.digester.digest(subject);
    // Nothing the running turn writes for the subject, under any key, is kept from now on.
    for (const candidate of this.digester.candidateDigests(subject)) markErasedInCurrentTurn(candidate);
    // Older keys of the subject key ring first, the newest last: a move running meanwhile either finds
    // nothing left to move, or is refused by the newest key's tombstone (forced when anything existed).
    let removed = 0;
    let existedBefore = false;
    const anchors: string[] = [];
    const checks: Array<Promise<number>> = [];
    const older = this.digester.olderDigesters();
    for (const digester of older) {
      const erased = await this.eraseDigest(digester.digest(subject), digester.keyId, false);
      removed += erased.removed;
      existedBefore ||= erased.existed;
      anchors.push(...erased.anchors);
      checks.push(erased.check());
    }
    const newest = await this.eraseDigest(digest, this.digester.keyId, existedBefore);
    removed += newest.removed;
    const existed = existedBefore || newest.existed;
    anchors.push(...newest.anchors);
    const durable = existed ? await this.waitForDurability(anchors) : true;
    const leftovers = await Promise.all([...checks, newest.check()]);
    const verified = leftovers.every((count) => count === 0);
    const receipt: ErasureReceipt = {
      confirmationCode: newConfirmationCode(),
      subjectDigest: digest,
      erasedAt: new Date().toISOString(),
      keysRemoved: removed,
      verified,
      durable,
    };
    if (existed) {
      await this.bounded(
        this.redis.set(
          this.proofKey(receipt.confirmationCode),
          JSON.stringify(receipt),
          'EX',
          this.proofTtlSeconds,
        ),
        'erasure proof',
      );
    }
    if (!durable) throw new ErasureNotDurableError(receipt, this.durability.level);
    return receipt;
  }

  /**
   * Erases what is indexed and listed under one digest of the subject (made under key `keyId`). `force`
   * leaves a tombstone even when nothing was there (the subject existed under another key).
   */
  private async eraseDigest(
    digest: string,
    keyId: string,
    force: boolean,
  ): Promise<{ removed: number; existed: boolean; anchors: string[]; check: () => Promise<number> }> {
    const indexKey = this.indexKey(digest, keyId);
    const refsKey = this.refsKey(digest);
    const epochKey = this.epochKey(digest);
    markErasedInCurrentTurn(digest);

    let reply: Array<number | string> = [-1];
    let keys: string[] = [];
    for (let attempt = 0; attempt < 20 && Number(reply[0]) < 0; attempt++) {
      keys = await this.bounded(this.redis.smembers(indexKey), 'erase');
      reply = (await this.bounded(
        ERASE_SUBJECT.run(
          this.redis,
          [indexKey, epochKey, refsKey, ...keys],
          [keys.length, this.tombstoneTtlSeconds, force ? 1 : 0],
        ),
        'erase',
      )) as Array<number | string>;
    }
    const removed = Number(reply[0]);
    if (removed < 0) {
      throw new EtagConflictError(
        `Erasure of subject ${digest} kept racing with writes; nothing was removed.`,
      );
    }
    const existed = Number(reply[1]) === 1;
    const encoded = reply.slice(2).map(String);
    const shared = encoded.map(decodeCollection);
    await Promise.all(shared.map((collection) => this.removeShared(digest, collection)));
    if (encoded.length > 0) await this.bounded(this.redis.srem(refsKey, ...encoded), 'erase');
    return {
      removed,
      existed: existed && !(force && removed === 0 && shared.length === 0 && keys.length === 0),
      anchors: existed ? [indexKey, ...shared.map((collection) => collection.key)] : [],
      check: () => this.leftovers(digest, indexKey, keys, shared),
    };
  }

  /** Takes the subject's digest out of one shared collection. */
  private async removeShared(digest: string, collection: SharedCollection): Promise<void> {
    const { key, type } = collection;
    await this.bounded(
      type === 'zset' ? this.redis.zrem(key, digest) : this.redis.srem(key, digest),
      'erase',
    );
  }

  /** How many structures still name the subject: its index, refs, listed keys and shared listings. */
  private async leftovers(
    digest: string,
    indexKey: string,
    keys: readonly string[],
    shared: readonly SharedCollection[],
  ): Promise<number> {
    const counts = await Promise.all([
      this.bounded(this.redis.exists(indexKey, this.refsKey(digest), ...keys), 'erase check'),
      ...shared.map(({ key, type }) =>
        this.bounded(
          type === 'zset'
            ? this.redis.zscore(key, digest).then((score) => (score === null ? 0 : 1))
            : this.redis.sismember(key, digest),
          'erase check',
        ),
      ),
    ]);
    return counts.reduce((sum: number, count) => sum + Number(count), 0);
  }

  /** True when the writes to the slots of `anchors` reached the configured durability. */
  private async waitForDurability(anchors: readonly string[]): Promise<boolean> {
    if (this.durability.level === 'none') return true;
    const results = await Promise.all(
      [...new Set(anchors)].map((anchor) =>
        withTimeout(
          waitForDurability(this.redis, anchor, this.durability),
          this.durability.timeoutMs + this.operationTimeoutMs,
          'erasure durability',
        ),
      ),
    );
    return results.every(Boolean);
  }

  /** The stored proof of an erasure, by confirmation code. */
  async erasureProof(confirmationCode: string): Promise<ErasureReceipt | undefined> {
    if (!/^[A-Z0-9]{1,64}$/.test(confirmationCode)) return undefined;
    const json = await this.bounded(this.redis.get(this.proofKey(confirmationCode)), 'erasure proof');
    return json ? (JSON.parse(json) as ErasureReceipt) : undefined;
  }
}

/** The index key of a subject digest made under `keyId` (see {@link RedisKeyspace.indexKey}). */
export function indexKeyOf(prefix: string, digest: string, keyId: string): string {
  return keyId === SINGLE_SUBJECT_KEY_ID || keyId === BUILT_IN_SUBJECT_KEY_ID
    ? `${prefix}:{${digest}}:index`
    : `${prefix}:{${digest}}:index:${keyId}`;
}

/** A shared collection as recorded in a refs set: `s <key>` or `z <key>`. */
export function encodeCollection({ key, type }: SharedCollection): string {
  return `${type === 'zset' ? 'z' : 's'} ${key}`;
}

function decodeCollection(encoded: string): SharedCollection {
  return { type: encoded.startsWith('z') ? 'zset' : 'set', key: encoded.slice(2) };
}

function conflict(label: string): EtagConflictError {
  return new EtagConflictError(
    `Storage: eTag conflict writing item ${label}: it was changed by another writer.`,
  );
}
