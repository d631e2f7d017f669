import type { HistorySource } from '../../src/core/privacy-center';
import type { PagedDataSection } from '../../src/core/data-export';
import type { Storage } from 'botbuilder-core';
import type { TranscriptStore } from '../../src/storage/transcript-store';
import { Cluster, Redis } from 'ioredis';
import type { ConsentStore } from '../../src/core/consent/consent-store';
import type { ErasureReceipt, SubjectErasure } from '../../src/core/erasure';
import type { PrivacyCenterGrants } from '../../src/core/privacy-center-link';
import type { EnvelopeCipher } from '../../src/core/sensitive/envelope-cipher';
import type { SensitiveValueStore } from '../../src/core/sensitive/sensitive-value-store';
import type { DataSubject, SubjectDigester } from '../../src/core/subject';
import type { AppScopedIdLinks } from '../../src/messenger/app-scoped-id-links';
import { MemoryAppScopedIdLinks } from '../../src/messenger/memory-app-scoped-id-links';
import { RedisAppScopedIdLinks } from '../../src/messenger/redis-app-scoped-id-links';
import { MemoryConsentStore } from '../../src/storage/memory-consent-store';
import { MemoryPrivacyCenterGrants } from '../../src/storage/memory-privacy-center-grants';
import { MemoryPrivacyStorage } from '../../src/storage/memory-privacy-storage';
import { MemoryPrivacyTranscriptStore } from '../../src/storage/memory-privacy-transcript-store';
import { MemorySensitiveValueStore } from '../../src/storage/memory-sensitive-value-store';
import { RedisConsentStore } from '../../src/storage/redis-consent-store';
import { RedisPrivacyCenterGrants } from '../../src/storage/redis-privacy-center-grants';
import { RedisSensitiveValueStore } from '../../src/storage/redis-sensitive-value-store';
import { RedisStorage } from '../../src/storage/redis-storage';
import { RedisTranscriptStore } from '../../src/storage/redis-transcript-store';
import type { StateRetention } from '../../src/storage/state-retention';
import type { TranscriptHistoryOptions } from '../../src/storage/transcript-history';
import type { SubjectDataSource } from '../../src/core/data-export';
import type { MemoryKeyspace } from '../../src/storage/memory-keyspace';
import { startRedisCluster, type RunningRedisCluster } from './redis-cluster';
import { snapshot, testRedisUrl, uniquePrefix } from './redis';

/** Where a bot keeps its data: in process, on one Redis server, or on a Redis Cluster. */
export type BackendName = 'memory' | 'redis' | 'cluster';

export interface TranscriptOptions {
  pageSize?: number;
  maxActivitiesPerConversation?: number;
  history?: TranscriptHistoryOptions;
  retentionSeconds?: number;
}

/** Options of a backend's stores. */
export interface BackendOptions {
  subjectSecret?: string;
  retention?: StateRetention;
  /**
   * The clock (ms) of what the stores stamp and age: the memory keyspace's, or the Redis transcript
   * store's (Redis TTLs follow Redis's own clock).
   */
  now?: () => number;
}

/** A transcript store as the suites use it. */
export type TestTranscriptStore = TranscriptStore &
  SubjectErasure &
  Omit<SubjectDataSource, 'exportSections'> &
  HistorySource & {
    exportSections(subject: DataSubject): Promise<PagedDataSection[]>;
    flush(): Promise<void>;
  };

/** Every store of a bot, all on one fresh keyspace of one backend (as a bot wires them). */
export interface BackendStores {
  readonly backend: BackendName;
  readonly storage: Storage & SubjectErasure & SubjectDataSource;
  /** The keyspace's erasure: erases the subject from every store below at once. */
  readonly erasure: SubjectErasure;
  readonly digester: SubjectDigester;
  subjectKeys(subject: DataSubject): Promise<string[]>;
  erasureProof(confirmationCode: string): Promise<ErasureReceipt | undefined>;
  transcripts(options?: TranscriptOptions): TestTranscriptStore;
  consents(options?: { retentionDays?: number }): ConsentStore;
  sensitive(cipher: EnvelopeCipher): SensitiveValueStore;
  grants(): PrivacyCenterGrants;
  links(): AppScopedIdLinks;
  /**
   * What the backend holds, as text: on Redis every key and value under the keyspace's prefix (on every
   * master); in memory every item indexed under `subjects` (memory has no raw view beyond the index).
   */
  stored(subjects: readonly DataSubject[]): Promise<string>;
}

export interface Backend {
  readonly name: BackendName;
  /** Fresh, empty stores on a keyspace of their own. */
  stores(options?: BackendOptions): BackendStores;
}

/**
 * The backends every storage suite runs on: memory, one Redis server, and a Redis Cluster of 3 masters
 * without replicas. Call it once at the top level of a test file: it starts one cluster for the file
 * (in `beforeAll`) and closes it and every client in `afterAll`. `only` narrows the list.
 */
export function everyBackend(only?: readonly BackendName[]): Backend[] {
  const names = only ?? (['memory', 'redis', 'cluster'] as const);
  let cluster: RunningRedisCluster | undefined;
  let clusterClient: Cluster | undefined;
  let redisClient: Redis | undefined;
  if (names.includes('cluster')) {
    beforeAll(async () => {
      cluster = await startRedisCluster({ masters: 3, replicas: 0 });
    }, 60_000);
  }
  afterAll(async () => {
    await Promise.all([redisClient?.quit(), clusterClient?.quit()]);
    await cluster?.stop();
  });
  const redisOf = (name: 'redis' | 'cluster'): Redis | Cluster => {
    if (name === 'redis') return (redisClient ??= new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 }));
    if (!cluster) throw new Error('The Redis Cluster is not running: use the backends inside tests.');
    return (clusterClient ??= new Cluster(cluster.nodes, { redisOptions: { maxRetriesPerRequest: 1 } }));
  };
  return names.map((name) => ({
    name,
    stores: (options = {}) =>
      name === 'memory' ? memoryStores(options) : redisStores(name, redisOf(name), options),
  }));
}

function memoryStores(options: BackendOptions): BackendStores {
  const storage = new MemoryPrivacyStorage({ subjectSecret: 'test-secret', ...options });
  const { keyspace } = storage;
  return {
    backend: 'memory',
    storage,
    erasure: keyspace,
    digester: keyspace.digester,
    subjectKeys: (subject) => keyspace.subjectKeys(subject),
    erasureProof: (code) => keyspace.erasureProof(code),
    transcripts: (transcriptOptions) => new MemoryPrivacyTranscriptStore({ keyspace, ...transcriptOptions }),
    consents: (consentOptions) => new MemoryConsentStore({ keyspace, ...consentOptions }),
    sensitive: (cipher) => new MemorySensitiveValueStore({ keyspace, cipher }),
    grants: () => new MemoryPrivacyCenterGrants({ keyspace }),
    links: () => new MemoryAppScopedIdLinks({ keyspace }),
    stored: async (subjects) => memoryDump(keyspace, subjects),
  };
}

function memoryDump(keyspace: MemoryKeyspace, subjects: readonly DataSubject[]): string {
  const lines: string[] = [];
  for (const subject of subjects) {
    const digest = keyspace.digester.digest(subject);
    for (const key of keyspace.ownedKeys(digest)) {
      const value = keyspace.readOwned(digest, key) ?? keyspace.readOwnedList(digest, key).join('\n');
      lines.push(`${digest} ${key}=${value}`);
    }
  }
  return lines.join('\n');
}

function redisStores(
  backend: 'redis' | 'cluster',
  redis: Redis | Cluster,
  { now, ...options }: BackendOptions,
): BackendStores {
  const prefix = uniquePrefix(backend === 'redis' ? 'r' : 'c');
  const storage = new RedisStorage({ redis, prefix, subjectSecret: 'test-secret', ...options });
  const { keyspace } = storage;
  return {
    backend,
    storage,
    erasure: keyspace,
    digester: keyspace.digester,
    subjectKeys: (subject) => keyspace.subjectKeys(subject),
    erasureProof: (code) => keyspace.erasureProof(code),
    transcripts: (transcriptOptions) => new RedisTranscriptStore({ keyspace, now, ...transcriptOptions }),
    consents: (consentOptions) => new RedisConsentStore({ keyspace, ...consentOptions }),
    sensitive: (cipher) => new RedisSensitiveValueStore({ keyspace, cipher }),
    grants: () => new RedisPrivacyCenterGrants({ keyspace }),
    links: () => new RedisAppScopedIdLinks({ keyspace }),
    stored: async () => {
      const nodes = redis instanceof Cluster ? redis.nodes('master') : [redis];
      const parts = await Promise.all(nodes.map((node) => snapshot(node, prefix)));
      return parts.flatMap((part) => [...part].map(([key, value]) => `${key}=${value}`)).join('\n');
    },
  };
}
