import { ConfigurationError } from '../core/errors';
import type { RedisClient } from './redis-client';

/**
 * How sure an erasure must be before it is reported: `'none'` (the master applied it), `'replicas'`
 * (Redis WAIT: replicas acknowledged it) or `'aof'` (Redis WAITAOF, 7.2+: written to the append-only
 * file of the master, and of replicas if asked).
 */
export type ErasureDurability = 'none' | 'replicas' | 'aof';

/** {@link ErasureDurability} with its numbers. */
export interface ErasureDurabilityOptions {
  /** What an erasure waits for before it reports success. */
  level: ErasureDurability;
  /** Replicas that must acknowledge (`'replicas'`: default 1; `'aof'`: replicas' AOFs, default 0). */
  replicas?: number;
  /** How long to wait for them before the erasure is reported as not durable. Default 1000 ms. */
  timeoutMs?: number;
}

/** Validated durability settings. */
export interface ResolvedDurability {
  readonly level: ErasureDurability;
  readonly replicas: number;
  readonly timeoutMs: number;
}

const LEVELS: readonly ErasureDurability[] = ['none', 'replicas', 'aof'];
const DEFAULT_TIMEOUT_MS = 1000;

/** Validates the `erasureDurability` option. @throws ConfigurationError */
export function durabilityOf(
  option: ErasureDurability | ErasureDurabilityOptions | undefined,
  operationTimeoutMs: number,
): ResolvedDurability {
  const options: ErasureDurabilityOptions =
    option === undefined ? { level: 'none' } : typeof option === 'string' ? { level: option } : option;
  if (!options || !LEVELS.includes(options.level)) {
    throw new ConfigurationError(
      `erasureDurability must be one of ${LEVELS.map((l) => `'${l}'`).join(', ')}.`,
    );
  }
  const replicas = options.replicas ?? (options.level === 'replicas' ? 1 : 0);
  const minimum = options.level === 'replicas' ? 1 : 0;
  if (!Number.isInteger(replicas) || replicas < minimum) {
    throw new ConfigurationError(`erasureDurability.replicas must be a whole number, at least ${minimum}.`);
  }
  const timeoutMs = options.timeoutMs ?? Math.min(DEFAULT_TIMEOUT_MS, operationTimeoutMs);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) {
    throw new ConfigurationError('erasureDurability.timeoutMs must be a whole number of ms, at least 1.');
  }
  return { level: options.level, replicas, timeoutMs };
}

/**
 * Waits until the writes this client made to the Redis node serving `anchor`'s slot reached the
 * durability (WAIT and WAITAOF count the writes of their own connection, so they are pipelined behind a
 * read of `anchor`, which routes them to that node's connection on a Cluster too).
 * @returns false when the replicas or the AOF did not confirm within the timeout.
 * @throws ConfigurationError when the server cannot give that durability (no WAITAOF, AOF off).
 */
export async function waitForDurability(
  redis: RedisClient,
  anchor: string,
  durability: ResolvedDurability,
): Promise<boolean> {
  if (durability.level === 'none') return true;
  const pipeline = redis.pipeline().exists(anchor);
  if (durability.level === 'replicas') pipeline.call('WAIT', durability.replicas, durability.timeoutMs);
  else pipeline.call('WAITAOF', 1, durability.replicas, durability.timeoutMs);
  const results = (await pipeline.exec()) ?? [];
  const [error, reply] = results[1] ?? [new Error('no reply'), null];
  if (error) {
    const message = error.message;
    if (/unknown command/i.test(message)) {
      throw new ConfigurationError(
        "erasureDurability 'aof' needs WAITAOF, which this Redis server does not have (Redis 7.2 or newer).",
      );
    }
    if (/appendonly/i.test(message)) {
      throw new ConfigurationError(
        "erasureDurability 'aof' needs the append-only file: set `appendonly yes` on the Redis server.",
      );
    }
    throw error;
  }
  if (durability.level === 'replicas') return Number(reply) >= durability.replicas;
  const [local, replicas] = reply as [number, number];
  return Number(local) >= 1 && Number(replicas) >= durability.replicas;
}
