import { createHash } from 'node:crypto';
import type { ChainableCommander } from 'ioredis';
import type { RedisClient } from './redis-client';

/** A Lua script run with EVALSHA, loaded with EVAL the first time a server does not know it. */
export class RedisScript {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  run(redis: RedisClient, keys: string[], args: Array<string | number>): Promise<unknown> {
    return redis.evalsha(this.sha, keys.length, ...keys, ...args).catch((error: unknown) => {
      if (isNoScript(error)) return redis.eval(this.source, keys.length, ...keys, ...args);
      throw error;
    });
  }

  /**
   * {@link run}, then `onValue` (or `onError`), in one promise hop when the server knows the script, as
   * it does after the first call: for scripts on every write.
   */
  runThen<R>(
    redis: RedisClient,
    keys: string[],
    args: Array<string | number>,
    onValue: (reply: unknown) => R,
    onError: (error: unknown) => never,
  ): Promise<R> {
    return redis.evalsha(this.sha, keys.length, ...keys, ...args).then(onValue, (error: unknown) => {
      if (isNoScript(error))
        return redis.eval(this.source, keys.length, ...keys, ...args).then(onValue, onError);
      return onError(error);
    });
  }

  /** Queues the script (EVALSHA) on a pipeline; a NOSCRIPT reply there is retried with {@link run}. */
  queue(pipeline: ChainableCommander, keys: string[], args: Array<string | number>): void {
    pipeline.evalsha(this.sha, keys.length, ...keys, ...args);
  }
}

/** True for Redis's reply to EVALSHA of a script it does not hold. */
export function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}
