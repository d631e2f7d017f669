import { MemoryStorage } from 'botbuilder-core';
import type { Redis } from 'ioredis';
import { createSubjectScope, runInSubjectScope } from '../../src/core/subject-scope';
import { MemoryPrivacyStorage } from '../../src/storage/memory-privacy-storage';
import { type DataSubject } from '../../src/core/subject';
import { testStorage } from '../support/redis';
import { describeStorageContract } from './storage-contract';

const clients: Redis[] = [];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit()));
});

function redisStorage() {
  const { storage, redis } = testStorage();
  clients.push(redis);
  return storage;
}

describeStorageContract('botbuilder MemoryStorage (reference)', () => new MemoryStorage());
describeStorageContract('MemoryPrivacyStorage', () => new MemoryPrivacyStorage());
describeStorageContract('RedisStorage', redisStorage);

// Inside a turn, keys of the turn's user go to the subject-owned, indexed layout: same contract.
const subject: DataSubject = { channelId: 'facebook', userId: 'contract-user' };
describe('inside a subject scope', () => {
  const scope = () => createSubjectScope(subject, { id: 'conv-1', oneToOne: true });
  for (const [name, make] of [
    ['RedisStorage', redisStorage],
    ['MemoryPrivacyStorage', () => new MemoryPrivacyStorage()],
  ] as const) {
    it(`${name}: user, private and one-to-one conversation keys keep the contract`, async () => {
      const storage = make();
      const keys = [
        'facebook/users/contract-user/',
        'facebook/conversations/conv-1/',
        'facebook/conversations/conv-1/users/contract-user/',
      ];
      await runInSubjectScope(scope(), async () => {
        for (const key of keys) await storage.write({ [key]: { v: 1 } });
      });
      await runInSubjectScope(scope(), async () => {
        const loaded = await storage.read(keys);
        for (const key of keys) expect(loaded[key].v).toBe(1);
        await storage.write({ [keys[1]]: { ...loaded[keys[1]], v: 2 } });
        await expect(storage.write({ [keys[1]]: { ...loaded[keys[1]], v: 3 } })).rejects.toThrow(
          /eTag conflict/,
        );
      });
    });
  }
});
