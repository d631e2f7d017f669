import { spawnSync } from 'node:child_process';
import { Redis } from 'ioredis';
import { ConfigurationError } from '../../src/core/errors';
import { createSubjectScope, runInSubjectScope } from '../../src/core/subject-scope';
import { ErasureNotDurableError } from '../../src/core/erasure';
import { RedisStorage } from '../../src/storage/redis-storage';
import { type DataSubject } from '../../src/core/subject';
import { createTestBot } from '../botbuilder/privacy-test-bot';
import { uniquePrefix, testRedis } from '../support/redis';
import { startRedisServer, type RunningRedis } from '../support/redis-server';

// erasureDurability 'replicas' on a real master + replica pair: the erasure is reported only once a
// replica has it, and with the replica down it is reported as not durable, and the person is not told
// their data is deleted.

let master: RunningRedis;
let replica: RunningRedis | undefined;
const clients: Redis[] = [];

function client(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  clients.push(redis);
  return redis;
}

function info(port: number, field: string): string {
  const out = spawnSync('redis-cli', ['-p', String(port), 'info', 'replication'], {
    encoding: 'utf8',
  }).stdout;
  return new RegExp(`^${field}:(.*)$`, 'm').exec(out ?? '')?.[1]?.trim() ?? '';
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  master = await startRedisServer();
  replica = await startRedisServer(['--replicaof', '127.0.0.1', String(master.port)]);
  await until(() => info(replica!.port, 'master_link_status') === 'up', 'the replica to sync');
}, 30_000);
afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit().catch(() => undefined)));
  await replica?.stop();
  await master.stop();
});

function storageOnMaster(durability: 'replicas' | 'aof' = 'replicas') {
  const redis = client(master.url);
  const prefix = uniquePrefix('durable');
  return {
    redis,
    prefix,
    storage: new RedisStorage({
      redis,
      prefix,
      subjectSecret: 'durability',
      erasureDurability: { level: durability, timeoutMs: 300 },
    }),
  };
}

async function writeState(storage: RedisStorage, subject: DataSubject): Promise<void> {
  await runInSubjectScope(createSubjectScope(subject, { id: `conv-${subject.userId}` }), () =>
    storage.write({ [`${subject.channelId}/users/${subject.userId}/`]: { name: 'Ana' } }),
  );
}

it('rejects an unknown durability at construction', () => {
  const redis = testRedis();
  clients.push(redis);
  expect(() => new RedisStorage({ redis, erasureDurability: 'disk' as never })).toThrow(ConfigurationError);
  expect(() => new RedisStorage({ redis, erasureDurability: { level: 'replicas', replicas: 0 } })).toThrow(
    /replicas/,
  );
});

it("'replicas': the receipt comes once the replica has the erasure", async () => {
  const { storage } = storageOnMaster();
  const alice = { channelId: 'webchat', userId: 'alice-durable' };
  await writeState(storage, alice);
  const receipt = await storage.eraseSubject(alice);
  expect(receipt).toMatchObject({ verified: true, durable: true, keysRemoved: 1 });
  // Read from the replica itself: the erasure is there already (WAIT returned after it acknowledged).
  const onReplica = client(replica!.url);
  expect(await onReplica.exists(storage.keyspace.indexKey(receipt.subjectDigest))).toBe(0);
  expect(await onReplica.get(storage.keyspace.epochKey(receipt.subjectDigest))).toBe('1');
});

it("'aof' on a server without WAITAOF fails with a clear configuration error", async () => {
  const { storage } = storageOnMaster('aof');
  const subject = { channelId: 'webchat', userId: 'aof-user' };
  await writeState(storage, subject);
  const version = (await client(master.url).info('server')).match(/redis_version:(\d+)\.(\d+)/);
  const hasWaitAof =
    version !== null && (Number(version[1]) > 7 || (version[1] === '7' && Number(version[2]) >= 2));
  if (hasWaitAof) {
    // Redis 7.2+ without `appendonly yes`: WAITAOF refuses, and says why.
    await expect(storage.eraseSubject(subject)).rejects.toThrow(/append-only|appendonly/);
  } else {
    await expect(storage.eraseSubject(subject)).rejects.toThrow(/WAITAOF/);
  }
});

describe('with the replica down', () => {
  beforeAll(async () => {
    await replica?.stop();
    replica = undefined;
    await until(() => info(master.port, 'connected_slaves') === '0', 'the master to see the replica go');
  }, 20_000);

  it('an erasure is reported as not durable, within the timeout', async () => {
    const { storage } = storageOnMaster();
    const bob = { channelId: 'webchat', userId: 'bob-durable' };
    await writeState(storage, bob);
    const started = Date.now();
    const error = await storage.eraseSubject(bob).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ErasureNotDurableError);
    expect((error as ErasureNotDurableError).receipt).toMatchObject({ durable: false });
    expect((error as Error).message).not.toContain('bob');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('the person is told the deletion failed, not that their data is deleted', async () => {
    const made = storageOnMaster();
    const { adapter } = createTestBot({ storage: made, locale: 'en-US' });
    await adapter
      .send('hi')
      .assertReply((reply) => expect(reply.text).toBeTruthy())
      .send('PRIVACY_DELETE')
      .assertReply((reply) => expect(reply.text).toContain('Do you want to delete your data?'))
      .send('PRIVACY_DELETE_CONFIRM')
      .assertReply((reply) => {
        expect(reply.text).not.toMatch(/confirmation code|have been deleted/i);
        expect(reply.text).toMatch(/deleting your data failed/);
      })
      .startTest();
  });
});
