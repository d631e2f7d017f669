import type { Redis } from 'ioredis';
import type { DeletionStatus, DeletionStatusStore } from '../../src/messenger/deletion-status';
import { MemoryDeletionStatusStore } from '../../src/messenger/memory-deletion-status-store';
import { RedisDeletionStatusStore } from '../../src/messenger/redis-deletion-status-store';
import { MemoryKeyspace } from '../../src/storage/memory-keyspace';
import { RedisKeyspace } from '../../src/storage/redis-keyspace';
import { testRedis, uniquePrefix } from '../support/redis';

let redis: Redis;
beforeAll(() => {
  redis = testRedis();
});
afterAll(() => redis.quit());

const status: DeletionStatus = {
  confirmationCode: 'ABCDEFGHJK23',
  outcome: 'completed',
  requestedAt: '2025-01-01T10:00:00.000Z',
  completedAt: '2025-01-01T10:00:01.000Z',
  subjectsErased: 1,
  itemsRemoved: 3,
  verified: true,
  receiptCodes: ['ZXCVBNMASD45'],
};

describe.each<[string, () => DeletionStatusStore]>([
  ['MemoryDeletionStatusStore', () => new MemoryDeletionStatusStore({ keyspace: new MemoryKeyspace() })],
  [
    'RedisDeletionStatusStore',
    () =>
      new RedisDeletionStatusStore({ keyspace: new RedisKeyspace({ redis, prefix: uniquePrefix('del') }) }),
  ],
])('%s', (_, make) => {
  it('returns a saved status by its code, and nothing for other codes', async () => {
    const store = make();
    await store.save(status);
    expect(await store.get(status.confirmationCode)).toEqual(status);
    expect(await store.get('ZZZZZZZZZZZZ')).toBeUndefined();
    expect(await store.get('abc*')).toBeUndefined();
  });
});

it('MemoryDeletionStatusStore keeps statuses for the configured time, and no longer', async () => {
  let now = Date.now();
  const store = new MemoryDeletionStatusStore({
    keyspace: new MemoryKeyspace({ now: () => now }),
    ttlSeconds: 86400,
  });
  await store.save(status);
  now += 86_399_000;
  expect(await store.get(status.confirmationCode)).toEqual(status);
  now += 1000;
  expect(await store.get(status.confirmationCode)).toBeUndefined();
  expect(() => new MemoryDeletionStatusStore({ keyspace: new MemoryKeyspace(), ttlSeconds: 0 })).toThrow(
    /positive whole number/,
  );
});

it('RedisDeletionStatusStore keeps statuses for the configured time', async () => {
  const prefix = uniquePrefix('del');
  const store = new RedisDeletionStatusStore({
    keyspace: new RedisKeyspace({ redis, prefix }),
    ttlSeconds: 86400,
  });
  await store.save(status);
  const ttl = await redis.ttl(`${prefix}:fbdel:${status.confirmationCode}`);
  expect(ttl).toBeGreaterThan(86000);
  expect(ttl).toBeLessThanOrEqual(86400);
});
