import { MemoryStorage } from 'botbuilder-core';
import type { DataSubject } from '../../src/core/subject';
import { createSubjectScope, runInSubjectScope } from '../../src/core/subject-scope';
import { everyBackend } from '../support/backends';
import { describeStorageContract } from './storage-contract';

const backends = everyBackend();

describeStorageContract('botbuilder MemoryStorage (reference)', () => new MemoryStorage());
for (const backend of backends) {
  describeStorageContract(backend.name, () => backend.stores().storage);
}

// Inside a turn, keys of the turn's user go to the subject-owned, indexed layout: same contract.
const subject: DataSubject = { channelId: 'facebook', userId: 'contract-user' };
describe.each(backends.map((backend) => [backend.name, backend] as const))(
  'inside a subject scope on %s',
  (_name, backend) => {
    const scope = () => createSubjectScope(subject, { id: 'conv-1', oneToOne: true });
    it('user, private and one-to-one conversation keys keep the contract, and are indexed', async () => {
      const stores = backend.stores();
      const { storage } = stores;
      const keys = [
        'facebook/users/contract-user/',
        'facebook/conversations/conv-1/',
        'facebook/conversations/conv-1/users/contract-user/',
      ];
      await runInSubjectScope(scope(), async () => {
        for (const key of keys) await storage.write({ [key]: { v: 1 } });
      });
      expect(await stores.subjectKeys(subject)).toHaveLength(3);
      await runInSubjectScope(scope(), async () => {
        const loaded = await storage.read(keys);
        for (const key of keys) expect(loaded[key].v).toBe(1);
        await storage.write({ [keys[1]]: { ...loaded[keys[1]], v: 2 } });
        await expect(storage.write({ [keys[1]]: { ...loaded[keys[1]], v: 3 } })).rejects.toThrow(
          /eTag conflict/,
        );
      });
    });

    it('rejects an item that is not an object with a TypeError, and keeps what was stored', async () => {
      const { storage } = backend.stores();
      await storage.write({ k: { v: 1 } });
      await expect(storage.write({ k: null as never })).rejects.toThrow(TypeError);
      await expect(storage.write({ k: 'text' as never })).rejects.toThrow(TypeError);
      expect((await storage.read(['k'])).k.v).toBe(1);
    });
  },
);
