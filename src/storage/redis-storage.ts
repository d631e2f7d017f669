import { setBounded } from '../core/bounded-map';
import { randomBytes } from 'node:crypto';
import type { Storage, StoreItem, StoreItems } from './bot-storage';
import { subjectLabel, type SubjectDataSection, type SubjectDataSource } from '../core/data-export';
import type { ErasureReceipt, SubjectErasure } from '../core/erasure';
import type { DataSubject } from '../core/subject';
import { currentSubjectScope, type SubjectScope } from '../core/subject-scope';
import { resolveKeyOwner } from './key-ownership';
import {
  RedisKeyspace,
  type OwnedItemKeys,
  type RedisKeyspaceOptions,
  type WriteOptions,
} from './redis-keyspace';
import { RedisTurnWrites } from './redis-turn-writes';
import { retentionMs, validateRetention, type StateRetention } from './state-retention';

/**
 * Options of {@link RedisStorage}: the Redis client, the key prefix, the subject secret, timeouts, erasure
 * durability and an optional state TTL.
 */
export interface RedisStorageOptions extends RedisKeyspaceOptions {
  /** TTLs of state items, refreshed on every write. Default: kept until erased or deleted. */
  retention?: StateRetention;
}

const STATE_KIND = 's';

/**
 * A bot {@link Storage} (botbuilder's or the Agents SDK's) on Redis that knows whose data it holds.
 *
 * Semantics follow botbuilder's MemoryStorage: a write with eTag `*` or none overwrites, a stale eTag
 * rejects with {@link EtagConflictError} (checked atomically inside Redis), every write stores a fresh
 * eTag, deleting unknown keys is fine. On top of that, every key written on a data subject's behalf is
 * indexed under that subject, so {@link RedisStorage.eraseSubject} removes all of it without scanning.
 * Each operation is bounded by `operationTimeoutMs` and rejects with StorageUnavailableError after it.
 */
export class RedisStorage implements Storage, SubjectErasure, SubjectDataSource {
  /** The store's keyspace: give it to the other Redis stores (`{ keyspace: storage.keyspace }`) so one erasure removes everything. */
  readonly keyspace: RedisKeyspace;
  private readonly retention: StateRetention;
  private readonly located = new Map<string, { owner?: DataSubject; located: Located }>();

  constructor(options: RedisStorageOptions) {
    this.keyspace = new RedisKeyspace(options);
    // A state item's name is a keyed digest of its botbuilder key, which the value keeps: re-digested.
    this.keyspace.registerMover(STATE_KIND, (item, { to }) => {
      const value = item.value as string;
      const first = value.indexOf('\n');
      const key = JSON.parse(value.slice(first + 1, value.indexOf('\n', first + 1))) as string;
      return { name: to.keyDigest(key), value };
    });
    this.retention = options.retention ?? {};
    validateRetention(this.retention);
  }

  // read and write are written with plain promises rather than async functions, and look up the turn's
  // subject scope once: they run on every turn (twice), and each promise hop or lookup costs throughput.
  read(keys: string[]): Promise<StoreItems> {
    try {
      if (!keys) throw new ReferenceError('Keys are required when reading.');
      const scope = currentSubjectScope();
      const batch = scope && RedisTurnWrites.inScope(scope, this.keyspace);
      if (keys.length === 1) {
        const key = keys[0];
        const item = (value: string | null): StoreItems => (value === null ? {} : { [key]: decode(value) });
        const located = this.locate(key, scope);
        // Decoded in the read's own promise hop: the common single-key read of a subject's state.
        if (!batch && located.owned) return this.keyspace.readOwnedItem(located.owned, item);
        return this.readLocated(located, batch).then(item);
      }
      return Promise.all(keys.map((key) => this.readLocated(this.locate(key, scope), batch))).then(
        (values) => {
          const items: StoreItems = {};
          keys.forEach((key, i) => {
            const value = values[i];
            if (value !== null) items[key] = decode(value);
          });
          return items;
        },
      );
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Inside a turn run with a write batch (the privacy middleware does that), items written without an
   * eTag to check are held and written together at the end of the turn; the promise resolves at once and
   * the turn fails if they cannot be written. A write with an eTag runs at once, after what is held.
   */
  write(changes: StoreItems): Promise<void> {
    try {
      if (!changes) throw new ReferenceError('Changes are required when writing.');
      const keys = Object.keys(changes);
      const scope = currentSubjectScope();
      const batch = scope && RedisTurnWrites.inScope(scope, this.keyspace);
      if (batch) {
        const prepared = keys.map((key) => this.prepare(key, changes[key], scope));
        if (prepared.some((write) => write.options.expectedEtag)) {
          return batch.flushNow().then(() => this.writeAll(prepared));
        }
        for (const { located, payload, options } of prepared) {
          if (located.owned) batch.set(located.owned.digest, located.redisKey, payload, options.ttlMs ?? 0);
          else batch.setUnowned(located.redisKey, payload, options.ttlMs ?? 0);
        }
        return Promise.resolve();
      }
      if (keys.length === 1) return this.writeOne(this.prepare(keys[0], changes[keys[0]], scope));
      return this.writeAll(keys.map((key) => this.prepare(key, changes[key], scope)));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private writeAll(prepared: PreparedWrite[]): Promise<void> {
    return Promise.allSettled(prepared.map((write) => this.writeOne(write))).then((results) => {
      const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failure) throw failure.reason;
    });
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    const scope = currentSubjectScope();
    if (scope) await RedisTurnWrites.inScope(scope, this.keyspace)?.flushNow(); // held writes first, in order
    await Promise.all(
      keys.map((key) => {
        const located = this.locate(key, scope);
        return located.owned
          ? this.keyspace.deleteOwned(located.owned.digest, located.redisKey)
          : this.keyspace.bounded(this.keyspace.redis.unlink(located.redisKey), 'delete');
      }),
    );
  }

  /** Erases everything indexed for the subject; see {@link RedisKeyspace.eraseSubject}. */
  eraseSubject(subject: DataSubject): Promise<ErasureReceipt> {
    return this.keyspace.eraseSubject(subject);
  }

  /**
   * The subject's state (every state item indexed under them, without eTags), one section per
   * botbuilder key; labels are the keys with the user's id replaced by `you`.
   */
  async exportSubject(subject: DataSubject): Promise<SubjectDataSection[]> {
    const digest = this.keyspace.digester.digest(subject);
    const prefix = this.keyspace.ownedKey(digest, STATE_KIND, '');
    const keys = (await this.keyspace.subjectKeys(subject)).filter((key) => key.startsWith(prefix)).sort();
    if (keys.length === 0) return [];
    const values = await this.keyspace.bounded(this.keyspace.redis.mget(...keys), 'export');
    const sections: SubjectDataSection[] = [];
    keys.forEach((_key, i) => {
      const value = values[i];
      if (value === null) return;
      const { key, item } = decodeStored(value);
      const { eTag: _eTag, ...data } = item;
      sections.push({ kind: 'state', label: subjectLabel(key, subject), data });
    });
    return sections;
  }

  private readLocated(located: Located, batch?: RedisTurnWrites): Promise<string | null> {
    if (batch) return batch.read(located.redisKey, located.owned?.digest);
    return located.owned
      ? this.keyspace.readOwnedItem(located.owned)
      : this.keyspace.bounded(this.keyspace.redis.get(located.redisKey), 'read');
  }

  /** Validates an item and encodes it with a fresh eTag; throws TypeError for a non-object. */
  private prepare(key: string, item: StoreItem, scope: SubjectScope | undefined): PreparedWrite {
    if (item === null || typeof item !== 'object') throw new TypeError('Storage items must be objects.');
    const { eTag, ...data } = item;
    const located = this.locate(key, scope);
    return {
      located,
      payload: encodeStored(newEtag(), located.keyJson, data),
      options: {
        expectedEtag: typeof eTag === 'string' && eTag !== '*' ? eTag : '',
        ttlMs: retentionMs(this.retention, key),
        conflictLabel: located.conflictLabel,
      },
    };
  }

  private writeOne({ located, payload, options }: PreparedWrite): Promise<void> {
    // The write's outcome ('written' or 'erased') is nobody's business here: passed on as is rather than
    // mapped to undefined, which would cost a promise per write.
    return located.owned
      ? (this.keyspace.writeOwnedItem(located.owned, payload, options) as Promise<unknown> as Promise<void>)
      : this.keyspace.writeUnowned(located.redisKey, payload, options);
  }

  /**
   * Where a botbuilder key lives in Redis. A person's keys recur on each of their turns: their location
   * (two keyed digests, the key's JSON) is kept across turns, for the same owner.
   */
  private locate(key: string, scope: SubjectScope | undefined): Located {
    const owner = resolveKeyOwner(key, scope);
    const known = this.located.get(key);
    if (known && known.owner?.channelId === owner?.channelId && known.owner?.userId === owner?.userId) {
      return known.located;
    }
    const located = this.locateFor(key, owner);
    setBounded(this.located, key, { owner, located }, MAX_LOCATED);
    return located;
  }

  private locateFor(key: string, owner: DataSubject | undefined): Located {
    const digester = this.keyspace.digester;
    const keyJson = JSON.stringify(key);
    const conflictLabel = () => digester.digestText(key);
    if (!owner) {
      return {
        redisKey: this.keyspace.unownedKey(STATE_KIND, digester.keyDigest(key)),
        keyJson,
        conflictLabel,
      };
    }
    const digest = digester.digest(owner);
    const redisKey = this.keyspace.ownedKey(digest, STATE_KIND, digester.keyDigest(key));
    return { redisKey, owned: this.keyspace.ownedItemKeys(digest, redisKey), keyJson, conflictLabel };
  }
}

/** Where a state key lives: its Redis key, and what a write of it needs. */
interface Located {
  readonly redisKey: string;
  /** The keys a write touches (and the owner's digest), when the key belongs to a data subject. */
  readonly owned?: OwnedItemKeys;
  /** The botbuilder key as JSON, as stored inside the value. */
  readonly keyJson: string;
  /** Names the item in a conflict error without naming anyone. */
  readonly conflictLabel: () => string;
}

/** Keys whose location is kept (the oldest goes first). */
const MAX_LOCATED = 10_000;

interface PreparedWrite {
  located: Located;
  payload: string;
  options: WriteOptions;
}

let etagCounter = 0;
/** Random per process (and start time), so two processes never hand out the same eTag. */
const etagPrefix = `${Date.now().toString(36)}${randomBytes(6).toString('base64url')}-`;

/** Unique per write, across processes. */
function newEtag(): string {
  etagCounter = (etagCounter + 1) % Number.MAX_SAFE_INTEGER;
  return etagPrefix + etagCounter.toString(36);
}

/**
 * Stored value layout: `<eTag>\n<JSON string of the botbuilder key>\n<JSON of the item>`. The key is kept
 * inside the value (Redis key names only carry its digest) so an export can say which state it is.
 */
function encodeStored(eTag: string, keyJson: string, data: object): string {
  return `${eTag}\n${keyJson}\n${JSON.stringify(data)}`;
}

function decodeStored(value: string): { key: string; item: StoreItem } {
  const first = value.indexOf('\n');
  const second = value.indexOf('\n', first + 1);
  const item = JSON.parse(value.slice(second + 1)) as StoreItem;
  item.eTag = value.slice(0, first);
  return { key: JSON.parse(value.slice(first + 1, second)) as string, item };
}

function decode(value: string): StoreItem {
  const first = value.indexOf('\n');
  const item = JSON.parse(value.slice(value.indexOf('\n', first + 1) + 1)) as StoreItem;
  item.eTag = value.slice(0, first);
  return item;
}
