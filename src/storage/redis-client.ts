import { Redis, type Cluster, type RedisOptions } from 'ioredis';
import { StorageUnavailableError } from '../core/errors';

/** A single Redis node or a Redis Cluster client from ioredis. */
export type RedisClient = Redis | Cluster;

/** Default bound on any storage operation. */
export const DEFAULT_OPERATION_TIMEOUT_MS = 2000;

/**
 * Creates an ioredis client whose commands fail fast instead of queueing without bound while Redis is
 * down: each command is retried once across a reconnect and times out after `operationTimeoutMs`.
 */
export function createRedisClient(
  url: string,
  operationTimeoutMs = DEFAULT_OPERATION_TIMEOUT_MS,
  options: RedisOptions = {},
): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: 1,
    commandTimeout: operationTimeoutMs,
    connectTimeout: Math.max(operationTimeoutMs, 1000),
    ...options,
  });
}

/** Rejects with {@link StorageUnavailableError} when `operation` takes longer than `timeoutMs`. */
export async function withTimeout<T>(operation: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new StorageUnavailableError(`Redis did not answer within ${timeoutMs} ms (${what}).`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([operation, timeout]);
  } catch (error) {
    if (error instanceof StorageUnavailableError) throw error;
    throw new StorageUnavailableError(`Redis ${what} failed: ${describeRedisError(error)}`);
  } finally {
    clearTimeout(timer);
  }
}

/** The error's message with anything after the command name removed (command arguments can hold ids). */
function describeRedisError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].slice(0, 200);
}
