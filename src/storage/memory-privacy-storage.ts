import type { Storage, StoreItem, StoreItems } from './bot-storage';
import { subjectLabel, type SubjectDataSection, type SubjectDataSource } from '../core/data-export';
import type { ErasureReceipt, SubjectErasure } from '../core/erasure';
import type { DataSubject } from '../core/subject';
import { currentSubjectScope } from '../core/subject-scope';
import { resolveKeyOwner } from './key-ownership';
import { MemoryKeyspace, type MemoryKeyspaceOptions } from './memory-keyspace';
import { retentionMs, validateRetention, type StateRetention } from './state-retention';

/** Options of {@link MemoryPrivacyStorage}: those of its {@link MemoryKeyspace}, and an optional state TTL. */
export interface MemoryPrivacyStorageOptions extends MemoryKeyspaceOptions {
  /** Retention of stored state, as RedisStorage's. Unset: kept until erased. */
  retention?: StateRetention;
}

/** Kind of state items in the keyspace. */
const STATE_KIND = 's';

/**
 * An in-process {@link Storage} with the same per-subject index, erasure, retention and no-resurrection
 * rules as RedisStorage. It creates the bot's {@link MemoryKeyspace} (`storage.keyspace`): give that to
 * the other memory stores, and {@link eraseSubject} erases the subject from all of them at once. For
 * development and examples without Redis: everything is lost when the process exits.
 */
export class MemoryPrivacyStorage implements Storage, SubjectErasure, SubjectDataSource {
  /** The store's keyspace: give it to the other memory stores (`{ keyspace: storage.keyspace }`) so one erasure removes everything. */
  readonly keyspace: MemoryKeyspace;
  private readonly retention: StateRetention;
  private etag = 1;

  constructor(options: MemoryPrivacyStorageOptions = {}) {
    this.keyspace = new MemoryKeyspace(options);
    this.retention = options.retention ?? {};
    validateRetention(this.retention);
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const result: StoreItems = {};
    for (const key of keys) {
      const digest = this.ownerDigest(key);
      const name = this.keyspace.ownedKey(STATE_KIND, key);
      const stored = digest ? this.keyspace.readOwned(digest, name) : this.keyspace.readUnowned(name);
      if (stored !== undefined) result[key] = decode(stored).item;
    }
    return result;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    for (const [key, item] of Object.entries(changes) as Array<[string, StoreItem]>) {
      if (item === null || typeof item !== 'object') throw new TypeError('Storage items must be objects.');
      const { eTag, ...data } = item;
      const options = {
        expectedEtag: typeof eTag === 'string' && eTag !== '*' ? eTag : '',
        ttlMs: retentionMs(this.retention, key),
        conflictLabel: () => this.keyspace.digester.digestText(key),
      };
      const value = encode(String(this.etag++), key, data);
      const digest = this.ownerDigest(key);
      const name = this.keyspace.ownedKey(STATE_KIND, key);
      if (digest) this.keyspace.writeOwned(digest, name, value, options);
      else this.keyspace.writeUnowned(name, value, options);
    }
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    for (const key of keys) {
      const digest = this.ownerDigest(key);
      const name = this.keyspace.ownedKey(STATE_KIND, key);
      if (digest) this.keyspace.deleteOwned(digest, name);
      else this.keyspace.deleteUnowned(name);
    }
  }

  /** Erases everything the keyspace holds for the subject; see {@link MemoryKeyspace.eraseSubject}. */
  eraseSubject(subject: DataSubject): Promise<ErasureReceipt> {
    return this.keyspace.eraseSubject(subject);
  }

  /** The subject's state items (without eTags), one section per key; see RedisStorage.exportSubject. */
  async exportSubject(subject: DataSubject): Promise<SubjectDataSection[]> {
    const digest = this.keyspace.digester.digest(subject);
    const sections: SubjectDataSection[] = [];
    for (const name of this.keyspace.ownedKeys(digest, this.keyspace.ownedKey(STATE_KIND, ''))) {
      const stored = this.keyspace.readOwned(digest, name);
      if (stored === undefined) continue;
      const { key, item } = decode(stored);
      const { eTag: _eTag, ...data } = item;
      sections.push({ kind: 'state', label: subjectLabel(key, subject), data });
    }
    return sections;
  }

  private ownerDigest(key: string): string | undefined {
    const owner = resolveKeyOwner(key, currentSubjectScope());
    return owner ? this.keyspace.digester.digest(owner) : undefined;
  }
}

/** `<eTag>\n<JSON of the botbuilder key>\n<JSON of the item>`: RedisStorage's layout. */
function encode(eTag: string, key: string, data: object): string {
  return `${eTag}\n${JSON.stringify(key)}\n${JSON.stringify(data)}`;
}

function decode(value: string): { key: string; item: StoreItem } {
  const first = value.indexOf('\n');
  const second = value.indexOf('\n', first + 1);
  const item = JSON.parse(value.slice(second + 1)) as StoreItem;
  item.eTag = value.slice(0, first);
  return { key: JSON.parse(value.slice(first + 1, second)) as string, item };
}
