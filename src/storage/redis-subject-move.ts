import { setBounded } from '../core/bounded-map';
import { createHash } from 'node:crypto';
import type { AuditLog } from '../core/audit/audit-log';
import { PrivacyError } from '../core/errors';
import type { DataSubject, SubjectDigester } from '../core/subject';
import { EXTEND_TTL_LUA } from './lua-ttl';
import { RedisScript } from './redis-script';
import type { RedisClient } from './redis-client';

/** One subject-owned item being moved to the newest subject key: its name after `<kind>:`, and its value. */
export interface MovedItem {
  readonly name: string;
  /** A string, or the entries of a list (oldest first). */
  readonly value: string | readonly string[];
}

/** What a mover knows about the move: the digesters and digests of the old and the newest key. */
export interface SubjectMove {
  readonly from: SubjectDigester;
  readonly to: SubjectDigester;
  readonly fromDigest: string;
  readonly toDigest: string;
}

/**
 * How one store's items move to the newest subject key: a new name (when the name is itself a keyed
 * digest, e.g. of a botbuilder key) and a new value (when the value names the digest, or is sealed for
 * it). Each store registers one for its kind with {@link RedisKeyspace.registerMover}; a subject holding
 * an item of a kind nobody registered is not moved (it stays findable, exportable and erasable under its
 * old key). Throwing stops the subject's move and leaves everything where it was.
 */
export type SubjectItemMover = (item: MovedItem, move: SubjectMove) => MovedItem;

/** Keeps name and value: for kinds whose name and value do not depend on the subject key. */
export const MOVE_AS_IS: SubjectItemMover = (item) => item;

/** The keys a move reads and writes, located by the keyspace. */
export interface SubjectMoveLayout {
  readonly prefix: string;
  ownedKey(digest: string, kind: string, name: string): string;
  indexKey(digest: string, keyId: string): string;
  epochKey(digest: string): string;
  refsKey(digest: string): string;
}

// KEYS: index, refs, epoch, then every key listed in the index. ARGV[1]: how many keys were listed.
// A consistent picture of the subject under one key: {epoch, refs ttl, {refs...}, {key, type, ttl, value,
// fingerprint}...}, or {-1} when the index changed since it was listed (the caller lists it again).
// Values are strings or lists (tables); another type stops the move.
const SNAPSHOT = new RedisScript(`
local count = tonumber(ARGV[1])
if redis.call('SCARD', KEYS[1]) ~= count then return {-1} end
local items = {}
for i = 4, count + 3 do
  if redis.call('SISMEMBER', KEYS[1], KEYS[i]) == 0 then return {-1} end
  local kind = redis.call('TYPE', KEYS[i])['ok']
  local ttl = redis.call('PTTL', KEYS[i])
  if kind == 'string' then
    local value = redis.call('GET', KEYS[i])
    items[#items + 1] = {KEYS[i], kind, ttl, value, redis.sha1hex(value)}
  elseif kind == 'list' then
    local value = redis.call('LRANGE', KEYS[i], 0, -1)
    items[#items + 1] = {KEYS[i], kind, ttl, value, #value .. ':' .. redis.sha1hex(value[#value] or '')}
  elseif kind == 'none' then
    items[#items + 1] = {KEYS[i], kind, -2, '', ''}
  else
    return {-2, kind}
  end
end
return {redis.call('GET', KEYS[3]) or '0', redis.call('PTTL', KEYS[2]), redis.call('SMEMBERS', KEYS[2]), items}
`);

// KEYS: index, epoch, refs, marker, then the moved keys. ARGV: the epoch the caller saw, count, refs ttl,
// number of refs r, the r encoded refs, then per key: type, ttl ms (<= 0: none), payload (a list as a JSON
// array); last, the snapshot's token. All of the subject's moved items appear at once: a turn sees all of
// them or none. A key that already exists (written under the newest key meanwhile) keeps its newer value;
// a list gets the moved entries before its own. The marker (indexed, short-lived) holds the token of the
// snapshot written, so a second process moving the same snapshot writes nothing twice.
// Replies {'OK', written}, {'DONE', 0} or {'ERASED', epoch}.
const WRITE_MOVED = new RedisScript(`${EXTEND_TTL_LUA}
local epoch = redis.call('GET', KEYS[2]) or '0'
if ARGV[1] ~= epoch then return {'ERASED', epoch} end
local token = ARGV[#ARGV]
if redis.call('GET', KEYS[4]) == token then return {'DONE', 0} end
local count = tonumber(ARGV[2])
local refsTtl = tonumber(ARGV[3])
local r = tonumber(ARGV[4])
local at = 5
if r > 0 then
  local before = redis.call('PTTL', KEYS[3])
  for i = 1, r do redis.call('SADD', KEYS[3], ARGV[at]) at = at + 1 end
  extendTtl(KEYS[3], before, refsTtl > 0 and refsTtl or 0)
end
local written = 0
for i = 1, count do
  local key = KEYS[4 + i]
  local kind = ARGV[at]
  local ttl = tonumber(ARGV[at + 1])
  local payload = ARGV[at + 2]
  at = at + 3
  local exists = redis.call('EXISTS', key) == 1
  if kind == 'string' then
    if not exists then redis.call('SET', key, payload) written = written + 1 end
  else
    local entries = cjson.decode(payload)
    for j = #entries, 1, -1 do redis.call('LPUSH', key, entries[j]) end
    written = written + 1
  end
  if not exists and ttl > 0 then redis.call('PEXPIRE', key, ttl) end
  local before = redis.call('PTTL', KEYS[1])
  redis.call('SADD', KEYS[1], key)
  extendTtl(KEYS[1], before, ttl > 0 and ttl or 0)
end
redis.call('SET', KEYS[4], token, 'PX', 3600000)
redis.call('SADD', KEYS[1], KEYS[4])
return {'OK', written}
`);

// KEYS: index, refs, then the moved keys. ARGV: number of keys, then each key's snapshot fingerprint.
// Removes each moved key unless it changed since the snapshot (then it stays, and a later move takes it);
// the index and refs go when nothing is left. Replies the number of keys kept.
const REMOVE_MOVED = new RedisScript(`
local count = tonumber(ARGV[1])
local kept = 0
for i = 1, count do
  local key = KEYS[2 + i]
  local kind = redis.call('TYPE', key)['ok']
  local now = ''
  if kind == 'string' then
    now = redis.sha1hex(redis.call('GET', key))
  elseif kind == 'list' then
    now = redis.call('LLEN', key) .. ':' .. redis.sha1hex(redis.call('LINDEX', key, -1) or '')
  end
  if kind == 'none' or now == ARGV[1 + i] then
    redis.call('UNLINK', key)
    redis.call('SREM', KEYS[1], key)
  else
    kept = kept + 1
  end
end
if redis.call('SCARD', KEYS[1]) == 0 then
  redis.call('UNLINK', KEYS[1])
  redis.call('UNLINK', KEYS[2])
end
return kept
`);

/** One subject's move from an older key: how many keys moved. */
export interface MoveOutcome {
  readonly fromKeyId: string;
  readonly keysMoved: number;
}

/** The subject's items under one older key could not be moved; they stay where they are. */
export class SubjectMoveError extends PrivacyError {}

/** How long a subject found under the newest key only is not looked for again (per process). */
const CHECKED_FOR_MS = 10 * 60 * 1000;
const CHECKED_MAX = 10_000;

/**
 * Moves a subject's data from the older keys of the subject key ring to the newest, on Redis. The move
 * of one subject from one key takes three steps, each atomic in its own slot (the subject's old and new
 * hash tags may live in different Cluster slots): a snapshot of everything under the old key; one script
 * that writes all of it under the newest key at once (checked against the new key's erasure epoch, so an
 * erasure in between wins); and the removal of what was moved (a key changed meanwhile stays for the next
 * move). A concurrent turn sees either nothing under the newest key (and moves the subject itself: the
 * steps are idempotent) or everything. Shared listings naming the old digest are re-pointed in between.
 */
export class RedisSubjectMover {
  private readonly movers = new Map<string, SubjectItemMover>();
  /** Subjects (newest digest) found with nothing under older keys, and when that was checked. */
  private readonly checked = new Map<string, number>();
  /** Moves running in this process, per newest digest: a second caller waits for the first. */
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly redis: RedisClient,
    private readonly digester: SubjectDigester,
    private readonly layout: SubjectMoveLayout,
    private readonly bounded: <T>(operation: Promise<T>, what: string) => Promise<T>,
    private readonly audit?: AuditLog,
  ) {}

  /** True when the ring has older keys, i.e. subjects may have to move. */
  get rotating(): boolean {
    return this.digester.olderDigesters().length > 0;
  }

  register(kind: string, mover: SubjectItemMover): void {
    this.movers.set(kind, mover);
  }

  /**
   * Undefined when there is nothing to wait for (a one-key ring, or the subject was found under the
   * newest key only within the last minutes); else a promise that settles once the subject's data is
   * under the newest key. It rejects when the move failed (Redis unavailable, or an item of a kind no
   * store registered): the caller's read fails with it rather than showing the person an empty state
   * while their data is still under the old key (where erasure finds it); the next turn tries again.
   */
  pending(subject: DataSubject, digest: string): Promise<void> | undefined {
    if (!this.rotating) return undefined;
    const checkedAt = this.checked.get(digest);
    if (checkedAt !== undefined && Date.now() - checkedAt < CHECKED_FOR_MS) return undefined;
    let running = this.running.get(digest);
    if (!running) {
      running = this.moveAll(subject).then(() => this.remember(digest));
      // Cleared either way, so the next turn tries again; its failure is the caller's to report.
      running.finally(() => this.running.delete(digest)).catch(() => undefined);
      this.running.set(digest, running);
    }
    return running;
  }

  /** Moves the subject from every older key to the newest; resolves to what moved (tests, the CLI). */
  async moveAll(subject: DataSubject): Promise<MoveOutcome[]> {
    const outcomes: MoveOutcome[] = [];
    for (const from of this.digester.olderDigesters()) outcomes.push(await this.moveFrom(subject, from));
    return outcomes;
  }

  private remember(digest: string): void {
    setBounded(this.checked, digest, Date.now(), CHECKED_MAX);
  }

  private async moveFrom(subject: DataSubject, from: SubjectDigester): Promise<MoveOutcome> {
    const { layout, redis } = this;
    const fromDigest = from.digest(subject);
    const toDigest = this.digester.digest(subject);
    const move: SubjectMove = { from, to: this.digester, fromDigest, toDigest };
    const oldIndex = layout.indexKey(fromDigest, from.keyId);
    const oldRefs = layout.refsKey(fromDigest);
    const [present, toEpoch] = await Promise.all([
      this.bounded(redis.exists(oldIndex, oldRefs), 'key move'),
      this.bounded(redis.get(layout.epochKey(toDigest)), 'key move'),
    ]);
    const none = { fromKeyId: from.keyId, keysMoved: 0 };
    if (present === 0) return none;

    const snapshot = await this.snapshot(fromDigest, oldIndex, oldRefs);
    const items = snapshot.items
      .filter((item) => item.type !== 'none')
      .map((item) => {
        const ownedPrefix = `${layout.prefix}:{${fromDigest}}:`;
        const rest = item.key.slice(ownedPrefix.length);
        const colon = rest.indexOf(':');
        const kind = rest.slice(0, colon);
        const mover = this.movers.get(kind);
        if (!item.key.startsWith(ownedPrefix) || colon <= 0 || !mover) {
          throw new SubjectMoveError(`No store registered to move items of kind "${kind}".`);
        }
        const moved = mover({ name: rest.slice(colon + 1), value: item.value }, move);
        return { ...item, kind, oldName: rest.slice(colon + 1), moved };
      });
    const renamed = new Map(items.map((item) => [item.oldName, item.moved.name]));
    const refs = snapshot.refs.map((encoded) => {
      const type = encoded.slice(0, 1);
      const key = encoded.slice(2);
      return { type, key, newKey: this.renameShared(key, renamed) };
    });

    const newKeys = items.map((item) => layout.ownedKey(toDigest, item.kind, item.moved.name));
    const args: Array<string | number> = [
      toEpoch ?? '0',
      items.length,
      snapshot.refsTtl,
      refs.length,
      ...refs.map((ref) => `${ref.type} ${ref.newKey}`),
    ];
    items.forEach((item) => {
      const value = item.moved.value;
      args.push(item.type, item.ttl, typeof value === 'string' ? value : JSON.stringify(value));
    });
    args.push(
      createHash('sha1')
        .update(
          `${from.keyId}\n${snapshot.items.map((item) => `${item.key} ${item.fingerprint}`).join('\n')}`,
        )
        .digest('hex'),
    );
    const [status] = (await this.bounded(
      WRITE_MOVED.run(
        redis,
        [
          layout.indexKey(toDigest, this.digester.keyId),
          layout.epochKey(toDigest),
          layout.refsKey(toDigest),
          layout.ownedKey(toDigest, 'moved', from.keyId),
          ...newKeys,
        ],
        args,
      ),
      'key move',
    )) as [string, number];
    // Erased under the newest key since the move began: the erasure takes the old key's data too.
    // ('DONE': another process wrote this very snapshot; what is left is to clean up after it.)
    if (status === 'ERASED') return none;

    await Promise.all(refs.map((ref) => this.repoint(ref, fromDigest, toDigest)));
    await this.bounded(
      REMOVE_MOVED.run(
        redis,
        [oldIndex, oldRefs, ...snapshot.items.map((item) => item.key)],
        [snapshot.items.length, ...snapshot.items.map((item) => item.fingerprint)],
      ),
      'key move',
    );
    if (this.audit) {
      await this.audit
        .append({
          operation: 'secret.rotated',
          origin: 'system',
          subjectDigest: toDigest,
          detail: { secret: 'subject', fromKey: from.keyId, toKey: this.digester.keyId, keys: items.length },
        })
        // The move is done either way; a lost audit entry must not fail the person's turn.
        .catch(() => undefined);
    }
    return { fromKeyId: from.keyId, keysMoved: items.length };
  }

  private async snapshot(
    fromDigest: string,
    oldIndex: string,
    oldRefs: string,
  ): Promise<{ refsTtl: number; refs: string[]; items: SnapshotItem[] }> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const listed = await this.bounded(this.redis.smembers(oldIndex), 'key move');
      const reply = (await this.bounded(
        SNAPSHOT.run(
          this.redis,
          [oldIndex, oldRefs, this.layout.epochKey(fromDigest), ...listed],
          [listed.length],
        ),
        'key move',
      )) as unknown[];
      if (reply[0] === -2) throw new SubjectMoveError(`Cannot move a ${String(reply[1])} value.`);
      if (reply[0] === -1) continue;
      const [, refsTtl, refs, items] = reply as [string, number, string[], unknown[][]];
      return {
        refsTtl: Number(refsTtl),
        refs,
        items: items.map(([key, type, ttl, value, fingerprint]) => ({
          key: String(key),
          type: type as SnapshotItem['type'],
          ttl: Number(ttl),
          value: value as string | string[],
          fingerprint: String(fingerprint),
        })),
      };
    }
    throw new SubjectMoveError('The subject kept changing while it was being moved.');
  }

  /** The shared collection's key under the newest key: its name re-digested like the item it lists. */
  private renameShared(key: string, renamed: ReadonlyMap<string, string>): string {
    const rest = key.slice(this.layout.prefix.length + 1);
    const colon = rest.indexOf(':');
    if (!key.startsWith(`${this.layout.prefix}:`) || colon <= 0) return key;
    const name = rest.slice(colon + 1);
    const newName = renamed.get(name);
    return newName === undefined ? key : `${this.layout.prefix}:${rest.slice(0, colon)}:${newName}`;
  }

  /** Lists the new digest where the old one was listed (same score), then takes the old one out. */
  private async repoint(
    ref: { type: string; key: string; newKey: string },
    fromDigest: string,
    toDigest: string,
  ): Promise<void> {
    const { redis } = this;
    if (ref.type === 'z') {
      const [score, ttl] = await Promise.all([
        this.bounded(redis.zscore(ref.key, fromDigest), 'key move'),
        this.bounded(redis.pttl(ref.key), 'key move'),
      ]);
      if (score !== null) {
        const existed = await this.bounded(redis.exists(ref.newKey), 'key move');
        await this.bounded(redis.zadd(ref.newKey, score, toDigest), 'key move');
        if (!existed && ttl > 0) await this.bounded(redis.pexpire(ref.newKey, ttl), 'key move');
      }
      await this.bounded(redis.zrem(ref.key, fromDigest), 'key move');
    } else {
      const [member, ttl] = await Promise.all([
        this.bounded(redis.sismember(ref.key, fromDigest), 'key move'),
        this.bounded(redis.pttl(ref.key), 'key move'),
      ]);
      if (member === 1) {
        const existed = await this.bounded(redis.exists(ref.newKey), 'key move');
        await this.bounded(redis.sadd(ref.newKey, toDigest), 'key move');
        if (!existed && ttl > 0) await this.bounded(redis.pexpire(ref.newKey, ttl), 'key move');
      }
      await this.bounded(redis.srem(ref.key, fromDigest), 'key move');
    }
  }
}

interface SnapshotItem {
  key: string;
  type: 'string' | 'list' | 'none';
  ttl: number;
  value: string | string[];
  fingerprint: string;
}
