import { Redis } from 'ioredis';
import {
  ERASED_IN_THIS_TURN,
  currentSubjectScope,
  rememberEpochIn,
  type SubjectScope,
} from '../core/subject-scope';
import type { TurnBatchParticipant } from '../core/turn-batch';
import { encodeCollection, type RedisKeyspace, type SharedCollection } from './redis-keyspace';
import { EXTEND_TTL_LUA } from './lua-ttl';
import { DROP_AGED_OUT_LUA } from './transcript-history';
import { isNoScript, RedisScript } from './redis-script';
import { unavailable } from './redis-client';

/** A script call sent with a turn's writes, e.g. listing the subject's digest in a shared collection. */
export interface ScriptCall {
  readonly script: RedisScript;
  readonly keys: string[];
  readonly args: Array<string | number>;
}

// KEYS: index, epoch, refs, then the data keys the operations name. ARGV: carried epoch ('' = none), then
// operations: S <key#> <payload> <ttl ms> (set) | A <key#> <n> <ttl ms> <max> <oldest kept ms, 0 = any>
// <entry>... (append n entries to a list, then keep its newest <max> entries and none logged before the
// oldest kept time: one trim per list and turn, however many activities the turn logged) |
// R <ttl ms> <n> <collection>... (record shared collections in refs). One subject's writes of a turn, with
// the rules of RedisKeyspace.writeOwned, the transcript append and shareDigest: nothing is written when
// the subject was erased since the turn read it; every key is indexed; the index and refs live as long as
// the longest-lived key they list.
const FLUSH_SUBJECT = new RedisScript(`${EXTEND_TTL_LUA}${DROP_AGED_OUT_LUA}
local epoch = redis.call('GET', KEYS[2]) or '0'
if ARGV[1] ~= '' and ARGV[1] ~= epoch then return {'ERASED', epoch} end
local indexBefore = redis.call('PTTL', KEYS[1])
local persist = false
local longest = 0
local i = 2
while i <= #ARGV do
  local op = ARGV[i]
  if op == 'R' then
    local ttl = tonumber(ARGV[i + 1])
    local n = tonumber(ARGV[i + 2])
    local before = redis.call('PTTL', KEYS[3])
    for j = 1, n do redis.call('SADD', KEYS[3], ARGV[i + 2 + j]) end
    extendTtl(KEYS[3], before, ttl)
    i = i + 3 + n
  else
    local key = KEYS[tonumber(ARGV[i + 1])]
    local ttl = tonumber(ARGV[i + 3])
    if op == 'S' then
      if ttl > 0 then redis.call('SET', key, ARGV[i + 2], 'PX', ttl) else redis.call('SET', key, ARGV[i + 2]) end
      i = i + 4
    else
      local n = tonumber(ARGV[i + 2])
      local first = i + 6
      while first < i + 6 + n do
        local last = math.min(first + 99, i + 5 + n)
        redis.call('RPUSH', key, unpack(ARGV, first, last))
        first = last + 1
      end
      redis.call('LTRIM', key, -tonumber(ARGV[i + 4]), -1)
      dropAgedOut(key, tonumber(ARGV[i + 5]))
      if ttl > 0 then redis.call('PEXPIRE', key, ttl) else redis.call('PERSIST', key) end
      i = i + 6 + n
    end
    redis.call('SADD', KEYS[1], key)
    if ttl == 0 then persist = true elseif ttl > longest then longest = ttl end
  end
end
if persist then
  extendTtl(KEYS[1], indexBefore, 0)
elseif longest > 0 then
  extendTtl(KEYS[1], indexBefore, longest)
end
return {'OK', epoch}
`);

// KEYS: data. ARGV: payload, ttl ms (0 = none). An unconditional write of an item nobody owns.
const SET_UNOWNED = new RedisScript(`
local ttl = tonumber(ARGV[2])
if ttl > 0 then redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl) else redis.call('SET', KEYS[1], ARGV[1]) end
return 'OK'
`);

/** What one subject's part of the flush holds. */
interface SubjectWrites {
  /** Data keys, in the order the operations refer to them (KEYS[4] onwards). */
  readonly keys: string[];
  readonly keyNumbers: Map<string, number>;
  /** Latest payload and TTL per set key (a later set of the same key replaces the earlier one). */
  readonly sets: Map<string, { payload: string; ttlMs: number }>;
  /**
   * Entries to append per list key, in the order they were logged, with the latest cap asked: one append
   * and trim per list and turn, however many activities the turn logged.
   */
  readonly appends: Map<string, { entries: string[]; ttlMs: number; max: number; since: number }>;
  /** Shared collections to record in refs, by encoded form, with the longest TTL asked (0 = keep). */
  readonly shared: Map<string, { collection: SharedCollection; ttlMs: number }>;
  /** Calls that list the digest in those collections, deduplicated. */
  readonly listings: Map<string, ScriptCall>;
  /** Told once the listings are written (the subject was not erased meanwhile), with the epoch seen. */
  readonly listed: Array<(epoch: string) => void>;
}

interface PendingRead {
  readonly digest?: string;
  readonly key: string;
  resolve(value: string | null): void;
  reject(error: unknown): void;
}

/**
 * One turn's reads and writes to one {@link RedisKeyspace}, gathered so that an ordinary turn costs two
 * round trips: reads issued together (the state a turn loads at its start) go out as one MGET per
 * subject, with the subject's erasure epoch; writes are held and sent once, as one pipeline: per subject
 * one script (state items, transcript entries, index, refs, TTLs, the epoch check), preceded by the calls
 * that list the subject's digest in shared collections. A subject found erased drops its writes and is
 * taken out of those collections again, as {@link RedisKeyspace.shareDigest} does.
 */
export class RedisTurnWrites implements TurnBatchParticipant {
  private subjects = new Map<string, SubjectWrites>();
  private unowned = new Map<string, { payload: string; ttlMs: number }>();
  private reads: PendingRead[] = [];
  private failure: unknown;
  private settledResolve?: () => void;
  /** Resolves (never rejects) when the turn's final flush has ended. */
  readonly settled: Promise<void>;

  constructor(
    private readonly keyspace: RedisKeyspace,
    private readonly scope: SubjectScope,
  ) {
    this.settled = new Promise((resolve) => (this.settledResolve = resolve));
  }

  /** The current turn's writes to `keyspace`, when the turn has an open batch. */
  static current(keyspace: RedisKeyspace): RedisTurnWrites | undefined {
    const scope = currentSubjectScope();
    return scope && RedisTurnWrites.inScope(scope, keyspace);
  }

  /** {@link current} for a caller that already holds the turn's scope. */
  static inScope(scope: SubjectScope, keyspace: RedisKeyspace): RedisTurnWrites | undefined {
    const batch = scope.batch;
    if (!batch?.isOpen) return undefined;
    return batch.participant(keyspace, () => new RedisTurnWrites(keyspace, scope));
  }

  /** True while writes are held. */
  get hasWrites(): boolean {
    return this.subjects.size > 0 || this.unowned.size > 0;
  }

  /** Reads a key (subject-owned when `digest` is given) with the other reads issued in the same tick. */
  read(key: string, digest?: string): Promise<string | null> {
    const moving = digest === undefined ? undefined : this.keyspace.pendingMoveInScope(digest);
    if (moving) return moving.then(() => this.read(key, digest));
    const held = digest === undefined ? this.unowned.get(key) : this.subjects.get(digest)?.sets.get(key);
    if (held) return Promise.resolve(held.payload);
    return new Promise((resolve, reject) => {
      if (this.reads.length === 0) process.nextTick(() => this.sendReads());
      this.reads.push({ digest, key, resolve, reject });
    });
  }

  /** Holds an unconditional write of a subject-owned key (indexed, with the epoch check). */
  set(digest: string, key: string, payload: string, ttlMs: number): void {
    const writes = this.subjectWrites(digest);
    this.keyNumber(writes, key);
    writes.sets.set(key, { payload, ttlMs });
  }

  /** Holds an unconditional write of a key nobody owns. */
  setUnowned(key: string, payload: string, ttlMs: number): void {
    this.unowned.set(key, { payload, ttlMs });
  }

  /**
   * Holds an entry appended to a subject-owned list, trimmed to its last `max` entries and, with `since`
   * (ms; 0: no age limit), rid of its oldest entries logged before it (see DROP_AGED_OUT_LUA).
   */
  append(digest: string, key: string, entry: string, ttlMs: number, max: number, since = 0): void {
    const writes = this.subjectWrites(digest);
    this.keyNumber(writes, key);
    const list = writes.appends.get(key);
    if (list) {
      list.entries.push(entry);
      Object.assign(list, { ttlMs, max, since });
    } else writes.appends.set(key, { entries: [entry], ttlMs, max, since });
  }

  /**
   * Holds the listing of the subject's digest in shared collections: `calls` add it, the subject's refs
   * record `collections` (see {@link RedisKeyspace.shareDigest}). `listed` is called once they are written.
   */
  share(
    digest: string,
    collections: readonly SharedCollection[],
    ttlMs: number,
    calls: ScriptCall[],
    listed?: (epoch: string) => void,
  ): void {
    const writes = this.subjectWrites(digest);
    for (const collection of collections) {
      const encoded = encodeCollection(collection);
      const known = writes.shared.get(encoded);
      const longest = !known ? ttlMs : known.ttlMs === 0 || ttlMs === 0 ? 0 : Math.max(known.ttlMs, ttlMs);
      writes.shared.set(encoded, { collection, ttlMs: longest });
    }
    for (const call of calls)
      writes.listings.set(`${call.keys.join('\u0000')}\u0001${call.args.join('\u0000')}`, call);
    if (listed) writes.listed.push(listed);
  }

  /** Writes what is held now (before a write that must report its own outcome, or a delete). */
  flushNow(): Promise<void> {
    return this.hasWrites ? this.send() : Promise.resolve();
  }

  /** The turn's end: writes what is held; rejects if this or an earlier flush of the turn failed. */
  async flush(): Promise<void> {
    try {
      await this.flushNow();
      if (this.failure !== undefined) throw this.failure;
    } finally {
      this.settledResolve?.();
    }
  }

  private subjectWrites(digest: string): SubjectWrites {
    let writes = this.subjects.get(digest);
    if (!writes) {
      writes = {
        keys: [],
        keyNumbers: new Map(),
        sets: new Map(),
        appends: new Map(),
        shared: new Map(),
        listings: new Map(),
        listed: [],
      };
      this.subjects.set(digest, writes);
    }
    return writes;
  }

  private keyNumber(writes: SubjectWrites, key: string): number {
    let number = writes.keyNumbers.get(key);
    if (number === undefined) {
      writes.keys.push(key);
      number = writes.keys.length + 3;
      writes.keyNumbers.set(key, number);
    }
    return number;
  }

  private sendReads(): void {
    const reads = this.reads;
    this.reads = [];
    const ks = this.keyspace;
    const byDigest = new Map<string, PendingRead[]>();
    for (const read of reads) {
      if (read.digest === undefined) {
        ks.bounded(
          ks.writes.send(() => ks.redis.get(read.key)),
          'read',
        ).then(read.resolve, read.reject);
        continue;
      }
      const group = byDigest.get(read.digest);
      if (group) group.push(read);
      else byDigest.set(read.digest, [read]);
    }
    for (const [digest, group] of byDigest) {
      const keys = [...new Set(group.map((read) => read.key))];
      ks.bounded(
        ks.writes.send(() => ks.redis.mget(...keys, ks.epochKey(digest))),
        'read',
      ).then(
        (values) => {
          rememberEpochIn(this.scope, digest, values[keys.length] ?? '0');
          for (const read of group) read.resolve(values[keys.indexOf(read.key)] ?? null);
        },
        (error: unknown) => {
          for (const read of group) read.reject(error);
        },
      );
    }
  }

  private async send(): Promise<void> {
    const subjects = this.subjects;
    const unowned = this.unowned;
    this.subjects = new Map();
    this.unowned = new Map();
    const ks = this.keyspace;
    const listings: ScriptCall[] = [];
    const flushes: Array<{ digest: string; writes: SubjectWrites; call: ScriptCall }> = [];
    for (const [digest, writes] of subjects) {
      const carried = this.scope.epochs.get(digest);
      if (carried === ERASED_IN_THIS_TURN) continue; // erased by this turn: nothing of theirs is written
      listings.push(...writes.listings.values());
      flushes.push({ digest, writes, call: subjectCall(ks, digest, writes, carried ?? '') });
    }
    const others: ScriptCall[] = [...unowned].map(([key, { payload, ttlMs }]) => ({
      script: SET_UNOWNED,
      keys: [key],
      args: [payload, ttlMs],
    }));
    try {
      // Listings first: an erasure that runs after the subject's script finds them in its refs; one that
      // runs before it makes the script answer ERASED, and the digest is taken out again below.
      const { replies, retried } = await this.run(listings, [...flushes.map((f) => f.call), ...others]);
      const erased: Array<{ digest: string; writes: SubjectWrites }> = [];
      for (let i = 0; i < flushes.length; i++) {
        const [status, epoch] = replies[i] as [string, string];
        if (status === 'ERASED') erased.push(flushes[i]);
        else rememberEpochIn(this.scope, flushes[i].digest, epoch);
      }
      if (retried) {
        // A listing may have been added after its subject's script: re-check the epochs, as shareDigest does.
        const now = await Promise.all(
          flushes.map(({ digest }) => ks.bounded(ks.redis.get(ks.epochKey(digest)), 'write')),
        );
        flushes.forEach((flush, i) => {
          const [status, epoch] = replies[i] as [string, string];
          if (status !== 'ERASED' && (now[i] ?? '0') !== epoch) erased.push(flush);
        });
      }
      await Promise.all(erased.map(({ digest, writes }) => this.unlist(digest, writes)));
      for (const flush of flushes) {
        if (flush.writes.listed.length === 0 || erased.includes(flush)) continue;
        const epoch = this.scope.epochs.get(flush.digest);
        if (epoch !== undefined && epoch !== ERASED_IN_THIS_TURN) {
          for (const listed of flush.writes.listed) listed(epoch);
        }
      }
    } catch (error) {
      this.failure ??= error;
      throw error;
    }
  }

  /**
   * Sends `first`, then `second`: as one pipeline on a single Redis node, in two phases on a Cluster
   * (whose pipelines must stay in one slot). Returns the replies of `second`, in order.
   */
  private async run(
    first: ScriptCall[],
    second: ScriptCall[],
  ): Promise<{ replies: unknown[]; retried: boolean }> {
    const ks = this.keyspace;
    const redis = ks.redis;
    if (!(redis instanceof Redis)) {
      await Promise.all(first.map((c) => ks.bounded(c.script.run(redis, c.keys, c.args), 'write')));
      const replies = await Promise.all(
        second.map((c) => ks.bounded(c.script.run(redis, c.keys, c.args), 'write')),
      );
      return { replies, retried: false };
    }
    const calls = [...first, ...second];
    const pipeline = redis.pipeline();
    for (const call of calls) call.script.queue(pipeline, call.keys, call.args);
    const results =
      (await ks.bounded(
        ks.writes.send(() => pipeline.exec()),
        'write',
      )) ?? [];
    const replies: unknown[] = [];
    let retried = false;
    for (let i = 0; i < calls.length; i++) {
      const [error, reply] = results[i] ?? [new Error('no reply'), undefined];
      let value = reply;
      if (error && isNoScript(error)) {
        retried = true;
        value = await ks.bounded(calls[i].script.run(redis, calls[i].keys, calls[i].args), 'write');
      } else if (error) {
        throw unavailable(error, ks.operationTimeoutMs, 'write');
      }
      if (i >= first.length) replies.push(value);
    }
    return { replies, retried };
  }

  /** Takes the digest of an erased subject out of the collections this flush listed it in. */
  private async unlist(digest: string, writes: SubjectWrites): Promise<void> {
    const ks = this.keyspace;
    await Promise.all(
      [...writes.shared.values()].map(({ collection: { key, type } }) =>
        ks.bounded(type === 'zset' ? ks.redis.zrem(key, digest) : ks.redis.srem(key, digest), 'write'),
      ),
    );
  }
}

function subjectCall(ks: RedisKeyspace, digest: string, writes: SubjectWrites, carried: string): ScriptCall {
  const args: Array<string | number> = [carried];
  if (writes.shared.size > 0) {
    const values = [...writes.shared.values()];
    const ttl = values.some((v) => v.ttlMs === 0) ? 0 : Math.max(...values.map((v) => v.ttlMs));
    args.push('R', ttl, writes.shared.size, ...writes.shared.keys());
  }
  for (const [key, { payload, ttlMs }] of writes.sets) {
    args.push('S', writes.keyNumbers.get(key)!, payload, ttlMs);
  }
  for (const [key, { entries, ttlMs, max, since }] of writes.appends) {
    args.push('A', writes.keyNumbers.get(key)!, entries.length, ttlMs, max, since, ...entries);
  }
  return {
    script: FLUSH_SUBJECT,
    keys: [ks.indexKey(digest), ks.epochKey(digest), ks.refsKey(digest), ...writes.keys],
    args,
  };
}
