import { newConfirmationCode, type ErasureReceipt, type SubjectErasure } from '../core/erasure';
import { EtagConflictError } from '../core/errors';
import { assertValidSubject, SubjectDigester, type DataSubject } from '../core/subject';
import { resolveSubjectKeyRing, type SubjectSecretOption } from '../core/subject-key-ring';
import { erasureRecordTtls } from './erasure-record-ttls';
import {
  carriedEpoch,
  ERASED_IN_THIS_TURN,
  markErasedInCurrentTurn,
  rememberEpoch,
} from '../core/subject-scope';

/** Options shared by every store that keeps a subject's data in process memory. */
export interface MemoryKeyspaceOptions {
  /**
   * Secret for subject digests, or a ring of them (default: env `PRIVACY_SUBJECT_SECRETS`, else
   * `PRIVACY_SUBJECT_SECRET`; production refuses a missing or short one, development warns and uses a
   * built-in constant). Memory holds nothing across the restart that changes a ring, so nothing moves
   * between keys here; erasure still looks under every key of the ring.
   */
  subjectSecret?: SubjectSecretOption;
  /** How long the pseudonymous erasure proof is kept. Default 400 days, as in Redis. */
  erasureProofTtlSeconds?: number;
  /** How long an erased subject's tombstone (erasure epoch) is kept. Default 1 day, as in Redis. */
  tombstoneTtlSeconds?: number;
  /** Clock in ms (tests). Every expiry of the keyspace follows it. */
  now?: () => number;
}

/** How a write checks and expires the item; the same rules as RedisKeyspace's. */
export interface MemoryWriteOptions {
  /**
   * Write only if the stored item still has this eTag (empty or absent: overwrite). The eTag of a
   * stored item is its value's first line.
   */
  expectedEtag?: string;
  /** Expire the item after this many milliseconds (0 or absent: keep). */
  ttlMs?: number;
  /** Names the item in a conflict error (computed only then); never a raw id. */
  conflictLabel?: () => string;
}

/** Outcome of one subject-owned write. */
export type MemoryWriteResult = 'written' | 'erased';

/** A stored value: a string, or a list of strings (a transcript). Expires at `expiresAt` (ms). */
interface Item {
  value: string | readonly string[];
  expiresAt: number;
}

/** Everything a subject owns: its items (the index) and the shared collections listing its digest. */
interface SubjectRecord {
  readonly items: Map<string, Item>;
  readonly shared: Set<string>;
}

interface Expiring<T> {
  readonly value: T;
  readonly expiresAt: number;
}

/** Entries of each map looked at per write for expiry, so memory stays bounded without a timer. */
const SWEEP_BUDGET = 4;

/**
 * One in-process keyspace for every memory store of a bot: the memory counterpart of RedisKeyspace,
 * with the same concepts and rules, so a bot without Redis behaves like one with it.
 *
 * - Every item a store keeps for a data subject is filed under the subject's keyed digest (the index):
 *   {@link eraseSubject} removes all of them, whichever store wrote them, in one call.
 * - Shared collections outside the subject (e.g. the subjects of a conversation) list the digest only
 *   through {@link shareDigest}, so the erasure takes it out of them too.
 * - An erasure bumps the subject's epoch (the tombstone, kept `tombstoneTtlSeconds`): a write from a
 *   turn that read the subject's data before the erasure is dropped, so erased data never comes back.
 * - Items expire like Redis keys with a TTL; expired items are never returned and are swept as writes go.
 * - An erasure of a subject that held something keeps a pseudonymous proof ({@link erasureProof}).
 *
 * Everything is lost when the process exits: for development and examples without Redis.
 */
export class MemoryKeyspace implements SubjectErasure {
  readonly digester: SubjectDigester;
  /** The keyspace's clock (ms). */
  readonly now: () => number;
  private readonly proofTtlMs: number;
  private readonly tombstoneTtlMs: number;
  private readonly subjects = new Map<string, SubjectRecord>();
  private readonly unowned = new Map<string, Item>();
  private readonly collections = new Map<string, Set<string>>();
  private readonly epochs = new Map<string, Expiring<number>>();
  private readonly proofs = new Map<string, Expiring<ErasureReceipt>>();
  private readonly sweeps = new Map<Map<string, unknown>, Iterator<string>>();

  constructor(options: MemoryKeyspaceOptions = {}) {
    this.digester = new SubjectDigester(resolveSubjectKeyRing(options.subjectSecret));
    this.now = options.now ?? Date.now;
    const ttls = erasureRecordTtls(options);
    this.proofTtlMs = ttls.proofSeconds * 1000;
    this.tombstoneTtlMs = ttls.tombstoneSeconds * 1000;
  }

  /** Key of an item owned by a subject, unique within the subject. `kind` names the store. */
  ownedKey(kind: string, name: string): string {
    return `${kind}:${name}`;
  }

  /** The subject's erasure epoch: how many times it was erased while its tombstone lasted. */
  epochOf(digest: string): string {
    const epoch = this.epochs.get(digest);
    if (epoch && epoch.expiresAt <= this.now()) this.epochs.delete(digest);
    return String(this.epochs.get(digest)?.value ?? 0);
  }

  /** Remembers the subject's erasure epoch for the running turn, as a read of its data does. */
  rememberEpoch(digest: string): void {
    rememberEpoch(digest, this.epochOf(digest));
  }

  /** Reads a subject-owned string item and remembers the subject's epoch for the running turn. */
  readOwned(digest: string, key: string): string | undefined {
    this.rememberEpoch(digest);
    const value = this.live(digest, key)?.value;
    return typeof value === 'string' ? value : undefined;
  }

  /** A subject-owned list (empty when there is none). Lists are read outside turns: no epoch is kept. */
  readOwnedList(digest: string, key: string): readonly string[] {
    const value = this.live(digest, key)?.value;
    return Array.isArray(value) ? value : [];
  }

  /** When a subject-owned item expires (ms; Infinity: never), or undefined when there is none. */
  expiryOf(digest: string, key: string): number | undefined {
    return this.live(digest, key)?.expiresAt;
  }

  /** The subject's live keys starting with `prefix` (e.g. `ownedKey(kind, '')`), sorted. */
  ownedKeys(digest: string, prefix = ''): string[] {
    const record = this.subjects.get(digest);
    if (!record) return [];
    return [...record.items.keys()].filter((key) => key.startsWith(prefix) && this.live(digest, key)).sort();
  }

  /** Every key currently indexed for a subject (as RedisKeyspace.subjectKeys). */
  async subjectKeys(subject: DataSubject): Promise<string[]> {
    return this.ownedKeys(this.digester.digest(subject));
  }

  /**
   * Writes a subject-owned item and indexes it. A write from a turn that read the subject's data before
   * the subject was erased is dropped (`'erased'`), so erased data never comes back.
   * @throws EtagConflictError when `expectedEtag` is set and does not match the stored item.
   */
  writeOwned(
    digest: string,
    key: string,
    value: string,
    options: MemoryWriteOptions = {},
  ): MemoryWriteResult {
    if (!this.mayWrite(digest)) return 'erased';
    checkEtag(this.live(digest, key)?.value, options, () => this.digester.digestText(key));
    this.record(digest).items.set(key, { value, expiresAt: this.expiry(options.ttlMs) });
    this.sweep();
    return 'written';
  }

  /**
   * Appends to a subject-owned list, keeping its newest `maxLength` entries, dropping its oldest entries
   * while `agedOut` says so (an age limit), and restarts its expiry (as RedisTranscriptStore's append).
   * Dropped (`'erased'`) under the same rule as {@link writeOwned}.
   */
  appendOwned(
    digest: string,
    key: string,
    entry: string,
    options: { ttlMs?: number; maxLength: number; agedOut?: (entry: string) => boolean },
  ): MemoryWriteResult {
    if (!this.mayWrite(digest)) return 'erased';
    let list = [...this.readOwnedList(digest, key), entry].slice(-options.maxLength);
    const { agedOut } = options;
    if (agedOut) {
      let dropped = 0;
      while (dropped < list.length - 1 && agedOut(list[dropped])) dropped++;
      list = list.slice(dropped);
    }
    this.record(digest).items.set(key, { value: list, expiresAt: this.expiry(options.ttlMs) });
    this.sweep();
    return 'written';
  }

  /**
   * Replaces the first entry of a subject-owned list equal to `stored` with `replacement`, or removes it
   * when there is none (as RedisTranscriptStore's corrections); the list keeps its expiry. Returns
   * whether the entry was found. A list that ends empty is removed.
   */
  correctOwnedList(digest: string, key: string, stored: string, replacement?: string): boolean {
    const item = this.live(digest, key);
    if (!item || !Array.isArray(item.value)) return false;
    const list = [...(item.value as readonly string[])];
    const index = list.indexOf(stored);
    if (index < 0) return false;
    if (replacement === undefined) list.splice(index, 1);
    else list[index] = replacement;
    if (list.length === 0) this.deleteOwned(digest, key);
    else item.value = list;
    return true;
  }

  /** Removes one subject-owned item; nothing happens when there is none. */
  deleteOwned(digest: string, key: string): void {
    const record = this.subjects.get(digest);
    record?.items.delete(key);
    if (record) this.dropIfEmpty(digest, record);
  }

  /** Reads an item that belongs to no subject (group conversations). */
  readUnowned(key: string): string | undefined {
    const item = this.unowned.get(key);
    if (item && item.expiresAt <= this.now()) this.unowned.delete(key);
    const value = this.unowned.get(key)?.value;
    return typeof value === 'string' ? value : undefined;
  }

  /** Writes an unindexed item, with the same eTag rule as {@link writeOwned}. */
  writeUnowned(key: string, value: string, options: MemoryWriteOptions = {}): void {
    checkEtag(this.readUnowned(key), options, () => this.digester.digestText(key));
    this.unowned.set(key, { value, expiresAt: this.expiry(options.ttlMs) });
    this.sweep();
  }

  deleteUnowned(key: string): void {
    this.unowned.delete(key);
  }

  /**
   * Lists the subject's digest in a shared collection (a listing or lookup outside the subject), and
   * records it under the subject so erasing the subject takes the digest out again. Call it right
   * after a successful owned write: the keyspace is in process, so no erasure can come in between.
   */
  shareDigest(digest: string, collection: string): void {
    let members = this.collections.get(collection);
    if (!members) this.collections.set(collection, (members = new Set()));
    members.add(digest);
    this.record(digest).shared.add(collection);
  }

  /** The digests listed in a shared collection. */
  sharedDigests(collection: string): string[] {
    return [...(this.collections.get(collection) ?? [])];
  }

  /** Takes a digest out of a shared collection. */
  unshareDigest(digest: string, collection: string): void {
    const members = this.collections.get(collection);
    members?.delete(digest);
    if (members?.size === 0) this.collections.delete(collection);
    const record = this.subjects.get(digest);
    record?.shared.delete(collection);
    if (record) this.dropIfEmpty(digest, record);
  }

  /**
   * Removes every item of the subject and its digest from every shared collection, bumps the subject's
   * erasure epoch (so in-flight turns cannot write back), re-checks that nothing names the subject, and
   * keeps a pseudonymous proof. Idempotent. For a subject that never existed (nothing indexed, listed,
   * or erased before) nothing is recorded. Marks the running turn as having erased the subject.
   */
  async eraseSubject(subject: DataSubject): Promise<ErasureReceipt> {
    assertValidSubject(subject);
    const now = this.now();
    let removed = 0;
    let existed = false;
    // Under every key of the subject key ring: data written before a rotation is erased too.
    const digests = this.digester.candidateDigests(subject);
    for (const digest of digests) {
      markErasedInCurrentTurn(digest);
      const record = this.subjects.get(digest);
      const count = [...(record?.items.values() ?? [])].filter((item) => item.expiresAt > now).length;
      for (const collection of record?.shared ?? []) this.collections.get(collection)?.delete(digest);
      this.subjects.delete(digest);
      // As in Redis, where the index expires with the last item: only expired items means never held.
      if (count > 0 || (record?.shared.size ?? 0) > 0 || this.epochOf(digest) !== '0') existed = true;
      removed += count;
    }
    // A tombstone under every key, so that no in-flight turn writes the subject back under any of them.
    if (existed) {
      for (const digest of digests) {
        const epoch = Number(this.epochOf(digest)) + 1;
        this.epochs.set(digest, { value: epoch, expiresAt: now + this.tombstoneTtlMs });
      }
    }
    const receipt: ErasureReceipt = {
      confirmationCode: newConfirmationCode(),
      subjectDigest: digests[0],
      erasedAt: new Date(now).toISOString(),
      keysRemoved: removed,
      verified: digests.every((digest) => !this.namesSubject(digest)),
      durable: true,
    };
    if (existed) {
      this.proofs.set(receipt.confirmationCode, { value: receipt, expiresAt: now + this.proofTtlMs });
    }
    return receipt;
  }

  /** The stored proof of an erasure, by confirmation code. */
  async erasureProof(confirmationCode: string): Promise<ErasureReceipt | undefined> {
    const proof = this.proofs.get(confirmationCode);
    if (!proof || proof.expiresAt <= this.now()) return undefined;
    return proof.value;
  }

  /** True when any structure of the keyspace (index or shared collection) names the subject. */
  private namesSubject(digest: string): boolean {
    if (this.subjects.has(digest)) return true;
    for (const members of this.collections.values()) if (members.has(digest)) return true;
    return false;
  }

  /** The rule of RedisKeyspace.writeOwned: a turn may write only at the epoch it first saw. */
  private mayWrite(digest: string): boolean {
    const carried = carriedEpoch(digest);
    if (carried === ERASED_IN_THIS_TURN) return false;
    const epoch = this.epochOf(digest);
    if (carried !== undefined && carried !== epoch) return false;
    rememberEpoch(digest, epoch);
    return true;
  }

  /** A subject's item unless it has expired (then it is removed). */
  private live(digest: string, key: string): Item | undefined {
    const record = this.subjects.get(digest);
    const item = record?.items.get(key);
    if (!record || !item) return undefined;
    if (item.expiresAt > this.now()) return item;
    record.items.delete(key);
    this.dropIfEmpty(digest, record);
    return undefined;
  }

  private record(digest: string): SubjectRecord {
    let record = this.subjects.get(digest);
    if (!record) this.subjects.set(digest, (record = { items: new Map(), shared: new Set() }));
    return record;
  }

  /** A subject whose items all went (deleted or expired) and who is listed nowhere leaves the index. */
  private dropIfEmpty(digest: string, record: SubjectRecord): void {
    if (record.items.size === 0 && record.shared.size === 0) this.subjects.delete(digest);
  }

  private expiry(ttlMs: number | undefined): number {
    return ttlMs && ttlMs > 0 ? this.now() + ttlMs : Infinity;
  }

  /** Looks at a few entries of each map and removes what has expired (Redis expires keys on its own). */
  private sweep(): void {
    const now = this.now();
    this.sweepMap(this.subjects, (digest) => {
      const record = this.subjects.get(digest)!;
      for (const [key, item] of record.items) if (item.expiresAt <= now) record.items.delete(key);
      this.dropIfEmpty(digest, record);
    });
    this.sweepMap(this.unowned, (key) => {
      if (this.unowned.get(key)!.expiresAt <= now) this.unowned.delete(key);
    });
    this.sweepMap(this.epochs, (digest) => void this.epochOf(digest));
    this.sweepMap(this.proofs, (code) => {
      if (this.proofs.get(code)!.expiresAt <= now) this.proofs.delete(code);
    });
  }

  private sweepMap(map: Map<string, unknown>, visit: (key: string) => void): void {
    let cursor = this.sweeps.get(map);
    for (let i = 0; i < SWEEP_BUDGET; i++) {
      let next = cursor?.next();
      if (!next || next.done) {
        cursor = map.keys();
        this.sweeps.set(map, cursor);
        next = cursor.next();
        if (next.done) return;
      }
      if (map.has(next.value)) visit(next.value);
    }
  }
}

/** Throws EtagConflictError when `expectedEtag` is set and the stored value's first line differs. */
function checkEtag(
  stored: string | readonly string[] | undefined,
  options: MemoryWriteOptions,
  label: () => string,
): void {
  if (!options.expectedEtag || typeof stored !== 'string') return;
  const newline = stored.indexOf('\n');
  if ((newline < 0 ? stored : stored.slice(0, newline)) === options.expectedEtag) return;
  throw new EtagConflictError(
    `Storage: eTag conflict writing item ${options.conflictLabel?.() ?? label()}: it was changed by another writer.`,
  );
}
