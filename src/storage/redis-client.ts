import { Redis, type Cluster, type RedisOptions } from 'ioredis';
import { StorageUnavailableError } from '../core/errors';

/** A single Redis node or a Redis Cluster client from ioredis. */
export type RedisClient = Redis | Cluster;

/** Default bound on any storage operation. */
export const DEFAULT_OPERATION_TIMEOUT_MS = 2000;

/** Options of {@link createRedisClient}: ioredis's own, and where the connection's state is reported. */
export interface RedisClientOptions extends RedisOptions {
  /**
   * Receives one line when Redis becomes unreachable (and one when it is back), instead of ioredis's
   * `[ioredis] Unhandled error event` on every retry. Default: `console.error`. The line names the host
   * and port, never the URL's password.
   */
  log?: (line: string) => void;
}

/**
 * Creates an ioredis client whose commands fail fast instead of queueing without bound while Redis is
 * down: each command is retried once across a reconnect and times out after `operationTimeoutMs`.
 *
 * While Redis cannot be reached the client keeps reconnecting (ioredis's back-off) and every storage call
 * rejects with {@link StorageUnavailableError}; `options.log` gets one line when the connection is lost
 * and one when it is back.
 */
export function createRedisClient(
  url: string,
  operationTimeoutMs = DEFAULT_OPERATION_TIMEOUT_MS,
  options: RedisClientOptions = {},
): Redis {
  const { log = (line: string) => console.error(line), ...redisOptions } = options;
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    commandTimeout: operationTimeoutMs,
    connectTimeout: Math.max(operationTimeoutMs, 1000),
    ...redisOptions,
  });
  reportConnectionState(redis, log);
  return redis;
}

/** Logs the loss of the connection once per outage, and its return; the listener also stops ioredis's own dump. */
function reportConnectionState(redis: Redis, log: (line: string) => void): void {
  const where = () => `${redis.options.host ?? 'localhost'}:${redis.options.port ?? 6379}`;
  let down = false;
  redis.on('error', (error: unknown) => {
    if (down) return;
    down = true;
    log(
      `botbuilder-privacy: Redis at ${where()} is unreachable (${describeRedisError(error)}); ` +
        'storage calls fail with StorageUnavailableError until it is back. Reconnecting.',
    );
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    log(`botbuilder-privacy: Redis at ${where()} is reachable again.`);
  });
}

/** Rejects with {@link StorageUnavailableError} when `operation` takes longer than `timeoutMs`. */
export function withTimeout<T>(operation: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  // Hand-rolled rather than Promise.race + async: this wraps every Redis call, so it must stay cheap.
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(timedOut(timeoutMs, what)), timeoutMs);
    operation.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(unavailable(error, timeoutMs, what));
      },
    );
  });
}

/**
 * Like {@link withTimeout} for a client that already times out every command (ioredis `commandTimeout`,
 * see {@link clientTimesOutWithin}): only maps its errors, without a timer of our own per call. `onValue`
 * (whose own errors pass unchanged) saves a promise per call on hot paths.
 */
export function mapRedisErrors<T, R = T>(
  operation: Promise<T>,
  timeoutMs: number,
  what: string,
  onValue?: (value: T) => R,
): Promise<R> {
  return operation.then(onValue as (value: T) => R, (error: unknown) => {
    throw unavailable(error, timeoutMs, what);
  });
}

/**
 * True when ioredis itself rejects every command of `redis` within `timeoutMs`, from the moment it is
 * issued (queued or not): a single-node client created with `commandTimeout`, as by
 * {@link createRedisClient}. A Cluster queues commands without that bound, so it never counts.
 */
export function clientTimesOutWithin(redis: RedisClient, timeoutMs: number): boolean {
  if (!(redis instanceof Redis)) return false;
  const commandTimeout = redis.options.commandTimeout;
  return typeof commandTimeout === 'number' && commandTimeout > 0 && commandTimeout <= timeoutMs;
}

/** The StorageUnavailableError for a failed Redis call (a timeout names the bound, nothing names an id). */
export function unavailable(error: unknown, timeoutMs: number, what: string): StorageUnavailableError {
  const reason = describeRedisError(error);
  return /timed out/i.test(reason)
    ? timedOut(timeoutMs, what)
    : new StorageUnavailableError(`Redis ${what} failed: ${reason}`);
}

function timedOut(timeoutMs: number, what: string): StorageUnavailableError {
  return new StorageUnavailableError(`Redis did not answer within ${timeoutMs} ms (${what}).`);
}

/** The error's message with anything after the command name removed (command arguments can hold ids). */
function describeRedisError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].slice(0, 200);
}
