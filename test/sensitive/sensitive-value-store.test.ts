import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { StorageUnavailableError } from '../../src/core/errors';
import {
  DecryptionError,
  EnvelopeCipher,
  type EncryptionKey,
} from '../../src/core/sensitive/envelope-cipher';
import { validateCardNumber } from '../../src/core/sensitive/payment-card';
import { validateTin } from '../../src/core/sensitive/tax-id';
import { createRedisClient } from '../../src/storage/redis-client';
import { RedisKeyspace } from '../../src/storage/redis-keyspace';
import { RedisStorage } from '../../src/storage/redis-storage';
import { MemoryKeyspace } from '../../src/storage/memory-keyspace';
import { MemorySensitiveValueStore } from '../../src/storage/memory-sensitive-value-store';
import { RedisSensitiveValueStore } from '../../src/storage/redis-sensitive-value-store';
import { createSubjectScope, runInSubjectScope } from '../../src/core/subject-scope';
import { everyBackend } from '../support/backends';
import { snapshot, testRedis, uniquePrefix } from '../support/redis';
import { startRedisServer } from '../support/redis-server';
import { digester, freshSubject, SUBJECT_SECRET } from '../consent/fixtures';
import { describeSensitiveValueStoreContract } from './sensitive-value-store-contract';

const newKey = (kid: string): EncryptionKey => ({ kid, key: randomBytes(32) });
const cipher = new EnvelopeCipher([newKey('k1')]);
const HOUR = { ttlSeconds: 3600 };

const clients: Redis[] = [];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit()));
});

function redisSetup(storeCipher = cipher) {
  const redis = testRedis();
  clients.push(redis);
  const prefix = uniquePrefix('sensitive');
  const keyspace = new RedisKeyspace({ redis, prefix, subjectSecret: SUBJECT_SECRET });
  return { redis, prefix, keyspace, store: new RedisSensitiveValueStore({ keyspace, cipher: storeCipher }) };
}

// The same contract on memory, one Redis server and a Redis Cluster.
for (const backend of everyBackend()) {
  describeSensitiveValueStoreContract(backend.name, () => {
    const stores = backend.stores({ subjectSecret: SUBJECT_SECRET });
    return {
      store: stores.sensitive(cipher),
      eraseSubject: (subject) => stores.erasure.eraseSubject(subject),
      reopen: (other) => stores.sensitive(other),
    };
  });
}

describe('RedisSensitiveValueStore in Redis', () => {
  it('leaves no tax id or card number in plaintext anywhere in Redis, and no user id in its keys', async () => {
    const { redis, prefix, keyspace, store } = redisSetup();
    const storage = new RedisStorage({ redis, prefix, subjectSecret: SUBJECT_SECRET });
    const tins = [
      '12345678Z',
      'X1234567L',
      'B58378431',
      '811228-9874',
      '556036-0793',
      '536-90-4399',
      '04-2103594',
    ];
    const cards = ['4111 1111 1111 1111', '5555555555554444', '3782 822463 10005'];
    const secrets: string[] = [];
    const userIds: string[] = [];
    for (const [i, input] of tins.entries()) {
      const tin = validateTin(input, ['ES', 'SE', 'US']);
      if (!tin.valid) throw new Error(`fixture ${i} is not a valid tax id`);
      const subject = freshSubject();
      await store.save(
        subject,
        'invoice_tax_id',
        JSON.stringify({ kind: tin.kind, value: tin.normalized }),
        HOUR,
      );
      secrets.push(input, tin.normalized, input.replace(/\D/g, ''));
      userIds.push(subject.userId);
    }
    for (const input of cards) {
      const card = validateCardNumber(input);
      if (!card.valid) throw new Error('fixture is not a valid card');
      const subject = freshSubject();
      // The bot's own state for the same user lives next to it (without the number).
      await runInSubjectScope(createSubjectScope(subject), () =>
        storage.write({ [`facebook/users/${subject.userId}/`]: { brand: card.brand, last4: card.last4 } }),
      );
      await store.save(
        subject,
        'card_payment',
        JSON.stringify({ number: card.reveal(), expiry: '12/29' }),
        HOUR,
      );
      secrets.push(input, card.reveal(), card.reveal().slice(0, 12));
      userIds.push(subject.userId);
    }

    const stored = await snapshot(redis, prefix);
    expect(stored.size).toBeGreaterThanOrEqual(tins.length + cards.length);
    const everything = [...stored].map(([key, value]) => `${key}\n${value}`).join('\n');
    for (const secret of secrets) expect(everything).not.toContain(secret);
    const sensitiveKeys = [...stored].filter(([key]) => key.includes(':sensitive:'));
    expect(sensitiveKeys).toHaveLength(tins.length + cards.length);
    const ours = sensitiveKeys.map(([key, value]) => `${key}\n${value}`).join('\n');
    for (const userId of userIds) expect(ours).not.toContain(userId);
    // ...and the values are still there for the bot to use.
    const subject = freshSubject();
    await store.save(subject, 'invoice_tax_id', '12345678Z', HOUR);
    expect(await store.get(subject, 'invoice_tax_id')).toBe('12345678Z');
    expect(await keyspace.subjectKeys(subject)).toEqual([
      `${prefix}:{${digester.digest(subject)}}:sensitive:invoice_tax_id`,
    ]);
  });

  it('stores the value with the TTL it was given, under the subject index', async () => {
    const { redis, prefix, store } = redisSetup();
    const subject = freshSubject();
    await store.save(subject, 'card_payment', '4111111111111111', { ttlSeconds: 600 });
    const key = `${prefix}:{${digester.digest(subject)}}:sensitive:card_payment`;
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(590_000);
    expect(ttl).toBeLessThanOrEqual(600_000);
    expect(await redis.sismember(`${prefix}:{${digester.digest(subject)}}:index`, key)).toBe(1);
  });

  it('refuses a value that was tampered with, or moved to another subject', async () => {
    const { redis, prefix, store } = redisSetup();
    const alice = freshSubject();
    const bob = freshSubject();
    await store.save(alice, 'invoice_tax_id', '12345678Z', HOUR);
    await store.save(bob, 'invoice_tax_id', 'X1234567L', HOUR);
    const aliceKey = `${prefix}:{${digester.digest(alice)}}:sensitive:invoice_tax_id`;
    const bobKey = `${prefix}:{${digester.digest(bob)}}:sensitive:invoice_tax_id`;
    const alices = (await redis.get(aliceKey))!;
    await redis.set(bobKey, alices);
    await expect(store.get(bob, 'invoice_tax_id')).rejects.toThrow(DecryptionError);
    const [v, kid, iv, ct, tag] = alices.split('.');
    const flipped = Buffer.from(ct, 'base64url');
    flipped[0] ^= 1;
    await redis.set(aliceKey, [v, kid, iv, flipped.toString('base64url'), tag].join('.'));
    await expect(store.get(alice, 'invoice_tax_id')).rejects.toThrow(DecryptionError);
  });

  it('reads values sealed with an older key after rotation, and seals new ones with the new key', async () => {
    const oldKey = newKey('2024');
    const { redis, prefix, keyspace, store: before } = redisSetup(new EnvelopeCipher([oldKey]));
    const subject = freshSubject();
    await before.save(subject, 'invoice_tax_id', '12345678Z', HOUR);
    const after = new RedisSensitiveValueStore({
      keyspace,
      cipher: new EnvelopeCipher([newKey('2025'), oldKey]),
    });
    expect(await after.get(subject, 'invoice_tax_id')).toBe('12345678Z');
    await after.save(subject, 'invoice_tax_id', '12345678Z', HOUR);
    const envelope = (await redis.get(`${prefix}:{${digester.digest(subject)}}:sensitive:invoice_tax_id`))!;
    expect(EnvelopeCipher.kidOf(envelope)).toBe('2025');
    await expect(before.get(subject, 'invoice_tax_id')).rejects.toThrow(/"2025", which is not configured/);
  });

  it('rejects with StorageUnavailableError when Redis stops answering', async () => {
    const server = await startRedisServer();
    const redis = createRedisClient(server.url, 300);
    const keyspace = new RedisKeyspace({
      redis,
      prefix: uniquePrefix('down'),
      subjectSecret: SUBJECT_SECRET,
      operationTimeoutMs: 300,
    });
    const store = new RedisSensitiveValueStore({ keyspace, cipher });
    const subject = freshSubject();
    try {
      await store.save(subject, 'invoice_tax_id', '12345678Z', HOUR);
      process.kill(server.pid, 'SIGSTOP');
      await expect(store.get(subject, 'invoice_tax_id')).rejects.toThrow(StorageUnavailableError);
      await expect(store.save(subject, 'invoice_tax_id', '12345678Z', HOUR)).rejects.toThrow(
        StorageUnavailableError,
      );
      await expect(store.deleteForPurpose(subject, 'invoice_tax_id')).rejects.toThrow(
        StorageUnavailableError,
      );
    } finally {
      redis.disconnect();
      process.kill(server.pid, 'SIGCONT');
      await server.stop();
    }
  });

  it('needs a keyspace and a cipher', () => {
    expect(() => new RedisSensitiveValueStore({ keyspace: redisSetup().keyspace } as never)).toThrow(
      /needs `keyspace`/,
    );
    expect(() => new MemorySensitiveValueStore({ keyspace: new MemoryKeyspace() } as never)).toThrow(
      /needs `keyspace` \(a MemoryKeyspace\) and `cipher`/,
    );
  });
});
