/**
 * `botbuilder-privacy/redis`: every Redis store of the privacy layer. All of them share one keyspace, so
 * erasing a person from {@link RedisStorage} removes their state, chat history, consents, sensitive values,
 * account links and Privacy Center links at once. This entry loads ioredis (a peer dependency) and neither
 * express nor prom-client.
 *
 * @example
 * ```ts
 * import { createRedisClient, RedisStorage, RedisTranscriptStore } from 'botbuilder-privacy/redis';
 *
 * const storage = new RedisStorage({ redis: createRedisClient(process.env.REDIS_URL!) });
 * const transcripts = new RedisTranscriptStore({ keyspace: storage.keyspace });
 * ```
 *
 * @packageDocumentation
 */
export { createRedisClient, type RedisClient, type RedisClientOptions } from './storage/redis-client';
export { RedisStorage, type RedisStorageOptions } from './storage/redis-storage';
export type { ErasureDurability, ErasureDurabilityOptions } from './storage/erasure-durability';
export { RedisTranscriptStore, type RedisTranscriptStoreOptions } from './storage/redis-transcript-store';
export { RedisConsentStore, type RedisConsentStoreOptions } from './storage/redis-consent-store';
export {
  RedisSensitiveValueStore,
  type RedisSensitiveValueStoreOptions,
} from './storage/redis-sensitive-value-store';
export { RedisPrivacyCenterGrants } from './storage/redis-privacy-center-grants';
export {
  RedisAppScopedIdLinks,
  type RedisAppScopedIdLinksOptions,
} from './messenger/redis-app-scoped-id-links';
export { RedisDeletionStatusStore } from './messenger/redis-deletion-status-store';
export {
  RedisMetricCounters,
  type RedisMetricCountersOptions,
  type RedisMetricCountersStats,
} from './metrics/redis-counters';
export { readMetricCounterDays } from './metrics/counter-reader';
export type { MetricCounterDay } from './metrics/counter-layout';
export { RedisAuditLog, type RedisAuditLogOptions } from './storage/redis-audit-log';
export { RedisPrivacyRequestStore } from './storage/redis-privacy-request-store';
