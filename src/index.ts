/**
 * botbuilder-privacy: consent gates, a privacy menu, per-user erasure and anonymous metrics for
 * Bot Framework bots. This file is the whole public API.
 */
export type { DataSubject } from './core/subject';
export { assertValidSubject, SubjectDigester } from './core/subject';
export type { SubjectScope } from './core/subject-scope';
export { createSubjectScope, currentSubjectScope, runInSubjectScope } from './core/subject-scope';
export type { ErasureReceipt, SubjectErasure } from './core/erasure';
export {
  ConfigurationError,
  EtagConflictError,
  InvalidSubjectError,
  PrivacyError,
  StorageUnavailableError,
} from './core/errors';
export { createRedisClient, DEFAULT_OPERATION_TIMEOUT_MS, type RedisClient } from './storage/redis-client';
export { RedisKeyspace, type RedisKeyspaceOptions } from './storage/redis-keyspace';
export { RedisStorage, type RedisStorageOptions, type StateRetention } from './storage/redis-storage';
export { MemoryPrivacyStorage } from './storage/memory-privacy-storage';
export { classifyStateKey, resolveKeyOwner, type StateKeyClass } from './storage/key-ownership';
export { SubjectScopeMiddleware, subjectOfActivity } from './botbuilder/subject-scope-middleware';
