import { ConfigurationError, EtagConflictError } from '../../src/core/errors';
import type { DataSubject } from '../../src/core/subject';
import { createSubjectScope, runInSubjectScope } from '../../src/core/subject-scope';
import { MemoryKeyspace } from '../../src/storage/memory-keyspace';

// What the memory keyspace adds over a Map: expiry, tombstones and proofs that end, shared listings that
// the erasure cleans, and nothing recorded for people it never held. (Its rules as the stores use them
// run in the storage, transcript, consent, sensitive-value, erasure and no-resurrection suites.)

const ana: DataSubject = { channelId: 'facebook', userId: 'ana-1' };

function clockedKeyspace(options: { tombstoneTtlSeconds?: number; erasureProofTtlSeconds?: number } = {}) {
  const clock = { now: 1_000_000 };
  return { clock, keyspace: new MemoryKeyspace({ ...options, now: () => clock.now }) };
}

it('forgets items after their TTL, and a subject whose items all expired leaves the index', async () => {
  const { clock, keyspace } = clockedKeyspace();
  const digest = keyspace.digester.digest(ana);
  keyspace.writeOwned(digest, 'x:short', 'a', { ttlMs: 1000 });
  keyspace.writeOwned(digest, 'x:long', 'b', { ttlMs: 5000 });
  clock.now += 1000;
  expect(keyspace.readOwned(digest, 'x:short')).toBeUndefined();
  expect(await keyspace.subjectKeys(ana)).toEqual(['x:long']);
  clock.now += 4000;
  // Nothing was left to erase: as in Redis, the erasure records nothing (no tombstone, no proof).
  const receipt = await keyspace.eraseSubject(ana);
  expect(receipt).toMatchObject({ keysRemoved: 0, verified: true });
  expect(await keyspace.erasureProof(receipt.confirmationCode)).toBeUndefined();
  expect(keyspace.epochOf(digest)).toBe('0');
});

it('an erasure takes the digest out of every shared listing and is verified', async () => {
  const { keyspace } = clockedKeyspace();
  const digest = keyspace.digester.digest(ana);
  keyspace.writeOwned(digest, 'x:v', 'a');
  keyspace.shareDigest(digest, 'listing:1');
  keyspace.shareDigest(digest, 'listing:2');
  const receipt = await keyspace.eraseSubject(ana);
  expect(receipt).toMatchObject({ keysRemoved: 1, verified: true, durable: true });
  expect(keyspace.sharedDigests('listing:1')).toEqual([]);
  expect(keyspace.sharedDigests('listing:2')).toEqual([]);
});

it('keeps the tombstone for tombstoneTtlSeconds: a turn that read before the erasure cannot write back', async () => {
  const { clock, keyspace } = clockedKeyspace({ tombstoneTtlSeconds: 60 });
  const digest = keyspace.digester.digest(ana);
  keyspace.writeOwned(digest, 'x:v', 'before');
  const scope = createSubjectScope(ana);
  runInSubjectScope(scope, () => keyspace.readOwned(digest, 'x:v'));
  await keyspace.eraseSubject(ana);
  expect(runInSubjectScope(scope, () => keyspace.writeOwned(digest, 'x:v', 'stale'))).toBe('erased');
  expect(keyspace.epochOf(digest)).toBe('1');
  clock.now += 60_000;
  expect(keyspace.epochOf(digest)).toBe('0');
  expect(keyspace.readOwned(digest, 'x:v')).toBeUndefined();
  // A new turn writes normally.
  expect(runInSubjectScope(createSubjectScope(ana), () => keyspace.writeOwned(digest, 'x:v', 'new'))).toBe(
    'written',
  );
});

it('keeps a proof for erasureProofTtlSeconds, and records nothing for someone it never held', async () => {
  const { clock, keyspace } = clockedKeyspace({ erasureProofTtlSeconds: 3600 });
  const digest = keyspace.digester.digest(ana);
  keyspace.writeOwned(digest, 'x:v', 'a');
  const receipt = await keyspace.eraseSubject(ana);
  expect(await keyspace.erasureProof(receipt.confirmationCode)).toEqual(receipt);
  clock.now += 3600_000;
  expect(await keyspace.erasureProof(receipt.confirmationCode)).toBeUndefined();
  const stranger: DataSubject = { channelId: 'facebook', userId: 'never-seen' };
  const none = await keyspace.eraseSubject(stranger);
  expect(none).toMatchObject({ keysRemoved: 0, verified: true });
  expect(await keyspace.erasureProof(none.confirmationCode)).toBeUndefined();
  expect(keyspace.epochOf(keyspace.digester.digest(stranger))).toBe('0');
});

it('rejects a stale eTag on owned and unowned items, naming no key', () => {
  const { keyspace } = clockedKeyspace();
  const digest = keyspace.digester.digest(ana);
  keyspace.writeOwned(digest, 'x:facebook/users/ana-1/', 'e1\n{}');
  expect(() =>
    keyspace.writeOwned(digest, 'x:facebook/users/ana-1/', 'e2\n{}', { expectedEtag: 'old' }),
  ).toThrow(EtagConflictError);
  expect(() =>
    keyspace.writeOwned(digest, 'x:facebook/users/ana-1/', 'e2\n{}', { expectedEtag: 'old' }),
  ).not.toThrow(/ana-1/);
  keyspace.writeUnowned('group', 'g1\n{}');
  expect(() => keyspace.writeUnowned('group', 'g2\n{}', { expectedEtag: 'old' })).toThrow(/eTag conflict/);
  keyspace.writeUnowned('group', 'g2\n{}', { expectedEtag: 'g1' });
  expect(keyspace.readUnowned('group')).toBe('g2\n{}');
});

it('rejects TTL options that are not whole seconds', () => {
  expect(() => new MemoryKeyspace({ tombstoneTtlSeconds: 0 })).toThrow(ConfigurationError);
  expect(() => new MemoryKeyspace({ erasureProofTtlSeconds: 1.5 })).toThrow(/whole numbers of seconds/);
});
