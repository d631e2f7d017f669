import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisStorage, type RedisStorageOptions } from '../../src/storage/redis-storage';

/** URL of the run's throwaway redis-server (set by the global setup) or of REDIS_URL. */
export function testRedisUrl(): string {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is not set: run the suite with `npm test`.');
  return url;
}

/** A key prefix no other test uses, so tests never see each other's keys. */
export function uniquePrefix(label = 't'): string {
  return `bbpt-${label}-${randomBytes(6).toString('hex')}`;
}

/** A plain client on the test server; close it with `quit()`. */
export function testRedis(): Redis {
  return new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 });
}

/** Every key under a prefix with its raw value (tests may scan; the library never does). */
export async function snapshot(redis: Redis, prefix: string): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${escapeGlob(prefix)}:*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      const type = await redis.type(key);
      const value =
        type === 'string'
          ? ((await redis.get(key)) ?? '')
          : type === 'set'
            ? (await redis.smembers(key)).sort().join('\u0001')
            : type === 'list'
              ? (await redis.lrange(key, 0, -1)).join('\u0001')
              : type === 'hash'
                ? JSON.stringify(Object.entries(await redis.hgetall(key)).sort())
                : type === 'zset'
                  ? (await redis.zrange(key, '0', '-1', 'WITHSCORES')).join('\u0001')
                  : `<${type}>`;
      result.set(key, `${type}:${value}`);
    }
  } while (cursor !== '0');
  return result;
}

export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

/** A RedisStorage on the test server under a fresh prefix. */
export function testStorage(options: Partial<RedisStorageOptions> = {}): {
  storage: RedisStorage;
  redis: Redis;
  prefix: string;
} {
  const redis = testRedis();
  const prefix = options.prefix ?? uniquePrefix();
  const storage = new RedisStorage({ redis, prefix, subjectSecret: 'test-secret', ...options });
  return { storage, redis, prefix };
}
