import { verifyAuditChain, verifyAuditStore } from '../../src/core/audit/audit-chain';
import type { AuditKeyring } from '../../src/core/audit/audit-keyring';
import type { AuditEvent, AuditStore } from '../../src/core/audit/audit-log';

/** A store under test and its keys; `tamper` gives raw access for the tests that break it. */
export interface AuditLogUnderTest {
  store: AuditStore;
  keys: AuditKeyring;
}

const event = (n: number): AuditEvent => ({
  operation: 'erasure',
  origin: 'menu',
  subjectDigest: `digest${n}`,
  detail: { keysRemoved: n, verified: true },
});

/** What every audit log (memory, Redis) must do. `make` returns a fresh, empty log per test. */
export function describeAuditLogContract(name: string, make: () => Promise<AuditLogUnderTest>): void {
  describe(`AuditLog contract: ${name}`, () => {
    it('appends entries in one chain that verifies, and reads them back as appended', async () => {
      const { store, keys } = await make();
      const appended = [];
      for (let n = 1; n <= 5; n += 1) appended.push(await store.append(event(n)));
      expect(appended.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(appended[0].previous).toBe('genesis');
      expect(appended[1].previous).toBe(appended[0].chain);
      const read = await store.read();
      expect(read).toEqual(appended);
      expect(await verifyAuditStore(store, keys)).toEqual({
        ok: true,
        count: 5,
        head: { seq: 5, chain: appended[4].chain },
      });
    });

    it('an empty log verifies with count 0', async () => {
      const { store, keys } = await make();
      expect(await verifyAuditStore(store, keys)).toEqual({ ok: true, count: 0 });
    });

    it('concurrent appends from one process keep one chain, none lost', async () => {
      const { store, keys } = await make();
      await Promise.all(Array.from({ length: 30 }, (_, n) => store.append(event(n))));
      const read = await store.read();
      expect(read).toHaveLength(30);
      expect(verifyAuditChain(read, keys, undefined).ok).toBe(true);
    });

    it('reads a time range, both ends included', async () => {
      const { store } = await make();
      const first = await store.append(event(1));
      await new Promise((r) => setTimeout(r, 20));
      const middle = await store.append(event(2));
      await new Promise((r) => setTimeout(r, 20));
      await store.append(event(3));
      const ms = Number(middle.id.split('-')[0]);
      const inRange = await store.read({ from: new Date(ms), to: new Date(ms) });
      expect(inRange.map((e) => e.seq)).toEqual([2]);
      const fromStart = await store.read({ to: new Date(Number(first.id.split('-')[0])) });
      expect(fromStart.map((e) => e.seq)).toEqual([1]);
    });

    it('trimming old entries records a sealed anchor and the rest still verifies', async () => {
      const { store, keys } = await make();
      await store.append(event(1));
      const second = await store.append(event(2));
      await new Promise((r) => setTimeout(r, 20));
      const cutoff = new Date();
      await new Promise((r) => setTimeout(r, 5));
      await store.append(event(3));
      await store.append(event(4));
      const anchor = await store.trim(cutoff);
      expect(anchor).toMatchObject({ seq: 2, id: second.id, chain: second.chain });
      expect((await store.read()).map((e) => e.seq)).toEqual([3, 4]);
      expect(await verifyAuditStore(store, keys)).toMatchObject({ ok: true, count: 2 });
      // Appending after a trim continues the same chain.
      await store.append(event(5));
      expect(await verifyAuditStore(store, keys)).toMatchObject({ ok: true, count: 3 });
      // Nothing older: nothing to trim, the anchor stays.
      expect(await store.trim(cutoff)).toBeUndefined();
      expect((await store.checkpoint()).anchor).toEqual(anchor);
    });

    it('without the anchor, the kept entries do not verify (the trim is not hidden)', async () => {
      const { store, keys } = await make();
      await store.append(event(1));
      await new Promise((r) => setTimeout(r, 20));
      const cutoff = new Date();
      await new Promise((r) => setTimeout(r, 5));
      await store.append(event(2));
      await store.trim(cutoff);
      const result = verifyAuditChain(await store.read(), keys, undefined);
      expect(result).toMatchObject({ ok: false, broken: { seq: 2, reason: 'removed_before' } });
    });

    it('refuses an event with an unknown operation or free text in a detail, and keeps the chain', async () => {
      const { store, keys } = await make();
      await store.append(event(1));
      await expect(
        store.append({ ...event(2), operation: 'deleted-everything' as AuditEvent['operation'] }),
      ).rejects.toThrow(/Unknown audit operation/);
      await expect(store.append({ ...event(2), detail: { note: 'x'.repeat(500) } })).rejects.toThrow(
        /Audit event details/,
      );
      await store.append(event(3));
      expect(await verifyAuditStore(store, keys)).toMatchObject({ ok: true, count: 2 });
    });
  });
}
