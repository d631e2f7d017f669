import type { Redis } from 'ioredis';
import { decideConsent } from '../../src/core/consent/consent-decision';
import { recordConsent } from '../../src/core/consent/record-consent';
import { StorageUnavailableError } from '../../src/core/errors';
import { createRedisClient } from '../../src/storage/redis-client';
import { RedisKeyspace } from '../../src/storage/redis-keyspace';
import { RedisConsentStore } from '../../src/storage/redis-consent-store';
import { everyBackend } from '../support/backends';
import { snapshot, testRedis, uniquePrefix } from '../support/redis';
import { startRedisServer } from '../support/redis-server';
import { describeConsentStoreContract } from './consent-store-contract';
import { contextFor, digester, freshSubject, SUBJECT_SECRET, TAX_ID_PURPOSE } from './fixtures';

const clients: Redis[] = [];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit()));
});

function redisSetup(options: { retentionDays?: number } = {}) {
  const redis = testRedis();
  clients.push(redis);
  const prefix = uniquePrefix('consent');
  const keyspace = new RedisKeyspace({ redis, prefix, subjectSecret: SUBJECT_SECRET });
  return { redis, prefix, keyspace, store: new RedisConsentStore({ keyspace, ...options }) };
}

// The same contract on memory, one Redis server and a Redis Cluster.
for (const backend of everyBackend()) {
  describeConsentStoreContract(backend.name, () => {
    const stores = backend.stores({ subjectSecret: SUBJECT_SECRET });
    return { store: stores.consents(), eraseSubject: (subject) => stores.erasure.eraseSubject(subject) };
  });
}

describe('RedisConsentStore in Redis', () => {
  it('stores receipts as subject-owned keys named by digest, with no raw user id anywhere', async () => {
    const { redis, prefix, keyspace, store } = redisSetup();
    const subject = freshSubject();
    const receipt = recordConsent([], TAX_ID_PURPOSE, 'given', contextFor(subject));
    await store.save(subject, receipt);
    const digest = digester.digest(subject);
    const stored = await snapshot(redis, prefix);
    expect([...stored.keys()].sort()).toEqual(
      [`${prefix}:{${digest}}:consent:${receipt.receiptId}`, `${prefix}:{${digest}}:index`].sort(),
    );
    for (const [key, value] of stored) expect(`${key} ${value}`).not.toContain(subject.userId);
    expect(await keyspace.subjectKeys(subject)).toContain(
      `${prefix}:{${digest}}:consent:${receipt.receiptId}`,
    );
    expect(await redis.pttl(`${prefix}:{${digest}}:consent:${receipt.receiptId}`)).toBe(-1);
  });

  it('keeps receipts for the configured retention', async () => {
    const { redis, prefix, store } = redisSetup({ retentionDays: 30 });
    const subject = freshSubject();
    const receipt = recordConsent([], TAX_ID_PURPOSE, 'given', contextFor(subject));
    await store.save(subject, receipt);
    const ttl = await redis.pttl(`${prefix}:{${digester.digest(subject)}}:consent:${receipt.receiptId}`);
    expect(ttl).toBeGreaterThan(29 * 24 * 3600 * 1000);
    expect(ttl).toBeLessThanOrEqual(30 * 24 * 3600 * 1000);
  });

  it('ignores a damaged record instead of treating it as consent', async () => {
    const { redis, prefix, keyspace, store } = redisSetup();
    const subject = freshSubject();
    const digest = digester.digest(subject);
    const given = recordConsent([], TAX_ID_PURPOSE, 'given', contextFor(subject));
    await keyspace.writeOwned(digest, `${prefix}:{${digest}}:consent:${given.receiptId}`, '{"state":"given"');
    expect(await store.list(subject)).toEqual([]);
    await redis.set(
      `${prefix}:{${digest}}:consent:${given.receiptId}`,
      JSON.stringify({ ...given, state: 'yes' }),
    );
    expect(decideConsent(await store.list(subject), TAX_ID_PURPOSE, { askedThisConversation: false })).toBe(
      'ask',
    );
  });

  it('does not list other keys of the subject (state, transcripts) as receipts', async () => {
    const { prefix, keyspace, store } = redisSetup();
    const subject = freshSubject();
    const digest = digester.digest(subject);
    await keyspace.writeOwned(digest, `${prefix}:{${digest}}:s:facebook/users/x/`, '1\n{"a":1}');
    await store.save(subject, recordConsent([], TAX_ID_PURPOSE, 'given', contextFor(subject)));
    expect((await store.list(subject)).map((r) => r.purposeId)).toEqual(['invoice_tax_id']);
  });

  it('rejects bad options', () => {
    const { keyspace } = redisSetup();
    expect(() => new RedisConsentStore({ keyspace, retentionDays: 0.5 })).toThrow(
      /retentionDays must be a whole number/,
    );
    expect(() => new RedisConsentStore({} as never)).toThrow(/needs the RedisKeyspace/);
  });

  it('rejects with StorageUnavailableError when Redis stops answering, so the gate can fail closed', async () => {
    const server = await startRedisServer();
    const redis = createRedisClient(server.url, 300);
    const keyspace = new RedisKeyspace({
      redis,
      prefix: uniquePrefix('down'),
      subjectSecret: SUBJECT_SECRET,
      operationTimeoutMs: 300,
    });
    const store = new RedisConsentStore({ keyspace });
    const subject = freshSubject();
    try {
      await store.save(subject, recordConsent([], TAX_ID_PURPOSE, 'given', contextFor(subject)));
      expect(await store.list(subject)).toHaveLength(1);
      process.kill(server.pid, 'SIGSTOP'); // a hung or partitioned Redis: connected, never answering
      await expect(store.list(subject)).rejects.toThrow(StorageUnavailableError);
      await expect(
        store.save(subject, recordConsent([], TAX_ID_PURPOSE, 'refused', contextFor(subject))),
      ).rejects.toThrow(StorageUnavailableError);
    } finally {
      redis.disconnect();
      process.kill(server.pid, 'SIGCONT');
      await server.stop();
    }
  });
});
