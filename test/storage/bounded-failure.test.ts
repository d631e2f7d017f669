import { AutoSaveStateMiddleware, TestAdapter, UserState } from 'botbuilder-core';
import { Redis } from 'ioredis';
import { createRedisClient } from '../../src/storage/redis-client';
import { RedisStorage } from '../../src/storage/redis-storage';
import { StorageUnavailableError } from '../../src/core/errors';
import { SubjectScopeMiddleware } from '../../src/turn/subject-scope-middleware';
import { freePort, startRedisServer } from '../support/redis-server';

// With Redis down or stalled, storage calls must fail with a clear error instead of hanging a turn.

const TIMEOUT_MS = 300;

async function elapsed<T>(work: () => Promise<T>): Promise<{ ms: number; error: unknown }> {
  const start = Date.now();
  try {
    await work();
    return { ms: Date.now() - start, error: undefined };
  } catch (error) {
    return { ms: Date.now() - start, error };
  }
}

it('rejects with StorageUnavailableError, well within a few timeouts, when nothing listens', async () => {
  const redis = createRedisClient(`redis://127.0.0.1:${await freePort()}`, TIMEOUT_MS);
  redis.on('error', () => undefined);
  const storage = new RedisStorage({ redis, operationTimeoutMs: TIMEOUT_MS });
  const operations: Array<() => Promise<unknown>> = [
    () => storage.read(['webchat/users/u/']),
    () => storage.write({ 'webchat/users/u/': { a: 1 } }),
    () => storage.eraseSubject({ channelId: 'webchat', userId: 'u' }),
  ];
  for (const operation of operations) {
    const { ms, error } = await elapsed(operation);
    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect((error as Error).message).not.toContain('webchat/users/u');
    expect(ms).toBeLessThan(TIMEOUT_MS * 5);
  }
  redis.disconnect();
});

it('rejects when Redis stalls, and works again when it recovers', async () => {
  const server = await startRedisServer();
  const admin = new Redis(server.url);
  const redis = createRedisClient(server.url, TIMEOUT_MS);
  const storage = new RedisStorage({ redis, operationTimeoutMs: TIMEOUT_MS });
  try {
    await storage.write({ k: { v: 1 } });
    await admin.client('PAUSE', 1500, 'ALL');
    const { ms, error } = await elapsed(() => storage.read(['k']));
    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect((error as Error).message).toMatch(/did not answer within 300 ms/);
    expect(ms).toBeLessThan(1500);
    await new Promise((r) => setTimeout(r, 1600));
    expect((await storage.read(['k'])).k.v).toBe(1);
  } finally {
    redis.disconnect();
    admin.disconnect();
    await server.stop();
  }
});

it('a bot turn with Redis down ends in the adapter error handler instead of hanging', async () => {
  const redis = createRedisClient(`redis://127.0.0.1:${await freePort()}`, TIMEOUT_MS);
  redis.on('error', () => undefined);
  const userState = new UserState(new RedisStorage({ redis, operationTimeoutMs: TIMEOUT_MS }));
  const adapter = new TestAdapter(async (context) => {
    await userState.createProperty('visits').get(context, 0);
    await context.sendActivity('unreachable');
  });
  adapter.use(new SubjectScopeMiddleware());
  adapter.use(new AutoSaveStateMiddleware(userState));
  adapter.onTurnError = async (context, error) => {
    await context.sendActivity(error instanceof StorageUnavailableError ? 'storage is down' : 'other error');
  };
  await adapter.send('hi').assertReply('storage is down').startTest();
  redis.disconnect();
});
