import type { Storage } from 'botbuilder-core';

/** Keys that must round-trip through every store, from botbuilder's own storage tests and beyond. */
export const AWKWARD_KEYS = [
  '!@#$%^&*()~/\\><,.?\';"`~',
  'webchat/users/{user}/',
  'facebook/users/*/',
  'facebook/conversations/a?b[c]/users/x\\y/',
  'emoji/users/😀 space/',
  'colon:key:with:parts',
  'x'.repeat(1024),
];

/**
 * The behaviour every botbuilder Storage must share (botbuilder's MemoryStorage is the reference).
 * `makeStorage` returns a fresh, empty store per test.
 */
export function describeStorageContract(name: string, makeStorage: () => Storage | Promise<Storage>): void {
  describe(`Storage contract: ${name}`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await makeStorage();
    });

    it('reads back what it wrote, with an eTag, and nothing for unknown keys', async () => {
      await storage.write({ a: { count: 1, nested: { list: [1, 'two', null], flag: true } } });
      const items = await storage.read(['a', 'missing']);
      expect(items.a).toMatchObject({ count: 1, nested: { list: [1, 'two', null], flag: true } });
      expect(typeof items.a.eTag).toBe('string');
      expect(items).not.toHaveProperty('missing');
    });

    it.each(
      AWKWARD_KEYS.map((key) => [key.length > 40 ? `${key.slice(0, 20)}... (${key.length})` : key, key]),
    )('round-trips the key %s', async (_label, key) => {
      await storage.write({ [key]: { value: key } });
      const items = await storage.read([key]);
      expect(items[key]?.value).toBe(key);
      await storage.delete([key]);
      expect(await storage.read([key])).toEqual({});
    });

    it('stores a fresh eTag on every write', async () => {
      await storage.write({ k: { v: 1 } });
      const first = (await storage.read(['k'])).k.eTag;
      await storage.write({ k: { v: 2, eTag: '*' } });
      const second = (await storage.read(['k'])).k;
      expect(second.v).toBe(2);
      expect(second.eTag).not.toBe(first);
    });

    it('overwrites with eTag "*" or without an eTag', async () => {
      await storage.write({ k: { v: 1 } });
      await storage.write({ k: { v: 2, eTag: '*' } });
      await storage.write({ k: { v: 3 } });
      expect((await storage.read(['k'])).k.v).toBe(3);
    });

    it('accepts a write with the current eTag and rejects a stale one, keeping the newer data', async () => {
      await storage.write({ k: { v: 1 } });
      const loaded = (await storage.read(['k'])).k;
      await storage.write({ k: { ...loaded, v: 2 } });
      await expect(storage.write({ k: { ...loaded, v: 3 } })).rejects.toThrow(/eTag conflict/);
      expect((await storage.read(['k'])).k.v).toBe(2);
    });

    it('writes an item with an eTag when nothing is stored yet', async () => {
      await storage.write({ fresh: { v: 1, eTag: 'some-old-etag' } });
      expect((await storage.read(['fresh'])).fresh.v).toBe(1);
    });

    it('reads and writes several keys at once', async () => {
      await storage.write({ x: { n: 1 }, y: { n: 2 }, z: { n: 3 } });
      const items = await storage.read(['x', 'y', 'z']);
      expect([items.x.n, items.y.n, items.z.n]).toEqual([1, 2, 3]);
    });

    it('deletes, and deleting unknown keys does not throw', async () => {
      await storage.write({ d: { v: 1 } });
      await storage.delete(['d', 'never-written']);
      expect(await storage.read(['d'])).toEqual({});
    });
  });
}
