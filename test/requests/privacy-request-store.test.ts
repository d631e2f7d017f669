import type { Redis } from 'ioredis';
import { MemoryPrivacyRequestStore } from '../../src/storage/memory-privacy-request-store';
import { RedisKeyspace } from '../../src/storage/redis-keyspace';
import { RedisPrivacyRequestStore } from '../../src/storage/redis-privacy-request-store';
import { testRedis, uniquePrefix } from '../support/redis';
import { privacyRequestStoreContract } from './privacy-request-store-contract';

let redis: Redis;
beforeAll(() => {
  redis = testRedis();
});
afterAll(() => redis.quit());

describe('MemoryPrivacyRequestStore', () => {
  privacyRequestStoreContract(() => new MemoryPrivacyRequestStore());
});

describe('RedisPrivacyRequestStore', () => {
  privacyRequestStoreContract(
    () =>
      new RedisPrivacyRequestStore({
        keyspace: new RedisKeyspace({ redis, prefix: uniquePrefix('preq') }),
      }),
  );

  it('lets a result expire after its time', async () => {
    const prefix = uniquePrefix('preq');
    const store = new RedisPrivacyRequestStore({ keyspace: new RedisKeyspace({ redis, prefix }) });
    await store.saveResult('req_aaaaaaaaaaaaaaaaaaaa', 7 * 86400, (append) => append('sealed'));
    const ttl = await redis.ttl(`${prefix}:{preq}:res:req_aaaaaaaaaaaaaaaaaaaa`);
    expect(ttl).toBeGreaterThan(7 * 86400 - 5);
    expect(ttl).toBeLessThanOrEqual(7 * 86400);
  });
});
