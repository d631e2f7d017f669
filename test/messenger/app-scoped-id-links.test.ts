import type { Redis } from 'ioredis';
import { createSubjectScope, runInSubjectScope } from '../../src/core/subject-scope';
import type { DataSubject } from '../../src/core/subject';
import type { AppScopedIdLinks } from '../../src/messenger/app-scoped-id-links';
import { MemoryAppScopedIdLinks } from '../../src/messenger/memory-app-scoped-id-links';
import { MemoryKeyspace } from '../../src/storage/memory-keyspace';
import { RedisAppScopedIdLinks } from '../../src/messenger/redis-app-scoped-id-links';
import { RedisKeyspace } from '../../src/storage/redis-keyspace';
import { snapshot, testRedis, uniquePrefix } from '../support/redis';

const ASID = '10150000111122223';
const OTHER_ASID = '10150000999988887';
const alice: DataSubject = { channelId: 'facebook', userId: '7001000200030004' };
const alice2: DataSubject = { channelId: 'facebook', userId: '7009000800070006' };
const bob: DataSubject = { channelId: 'facebook', userId: '7005555566667777' };

let redis: Redis;
beforeAll(() => {
  redis = testRedis();
});
afterAll(() => redis.quit());

function redisLinks(ttlSeconds?: number) {
  const prefix = uniquePrefix('asid');
  const keyspace = new RedisKeyspace({ redis, prefix, subjectSecret: 'test-secret' });
  return { links: new RedisAppScopedIdLinks({ keyspace, ttlSeconds }), keyspace, prefix };
}

describe.each<[string, () => AppScopedIdLinks]>([
  ['MemoryAppScopedIdLinks', () => new MemoryAppScopedIdLinks({ keyspace: new MemoryKeyspace() })],
  ['RedisAppScopedIdLinks', () => redisLinks().links],
])('%s', (_, make) => {
  it('finds every subject linked to an app-scoped id, and nothing for an unknown one', async () => {
    const links = make();
    await links.link(ASID, alice);
    await links.link(ASID, alice2);
    await links.link(ASID, alice); // idempotent
    await links.link(OTHER_ASID, bob);
    expect(await links.subjectsFor(ASID)).toEqual(expect.arrayContaining([alice, alice2]));
    expect(await links.subjectsFor(ASID)).toHaveLength(2);
    expect(await links.subjectsFor(OTHER_ASID)).toEqual([bob]);
    expect(await links.subjectsFor('unknown-asid')).toEqual([]);
  });

  it('unlink forgets an app-scoped id and leaves the others', async () => {
    const links = make();
    await links.link(ASID, alice);
    await links.link(OTHER_ASID, bob);
    await links.unlink(ASID);
    expect(await links.subjectsFor(ASID)).toEqual([]);
    expect(await links.subjectsFor(OTHER_ASID)).toEqual([bob]);
  });

  it('unlinkSubject forgets the links of one subject only', async () => {
    const links = make();
    await links.link(ASID, alice);
    await links.link(ASID, alice2);
    await links.link(OTHER_ASID, alice);
    expect(await links.unlinkSubject(alice)).toBe(2);
    expect(await links.subjectsFor(ASID)).toEqual([alice2]);
    expect(await links.subjectsFor(OTHER_ASID)).toEqual([]);
    expect(await links.unlinkSubject(alice)).toBe(0);
  });

  it('refuses ids that are empty or not printable, with a message that does not echo them', async () => {
    const links = make();
    await expect(links.link('', alice)).rejects.toThrow(TypeError);
    await expect(links.subjectsFor('bad id\n')).rejects.toThrow(/printable/);
    await expect(links.link(ASID, { channelId: 'facebook', userId: '' })).rejects.toThrow(/userId/);
  });
});

describe('RedisAppScopedIdLinks in Redis', () => {
  it('never stores the app-scoped id in plaintext, and erasing the subject removes the link', async () => {
    const { links, keyspace, prefix } = redisLinks();
    await links.link(ASID, alice);
    await links.link(OTHER_ASID, bob);
    const before = [...(await snapshot(redis, prefix)).entries()].join('\n');
    expect(before).not.toContain(ASID);
    expect(before).toContain(alice.userId); // the link record itself is the subject's data...

    const receipt = await keyspace.eraseSubject(alice); // ...and goes with it
    expect(receipt.keysRemoved).toBe(1);
    expect(await links.subjectsFor(ASID)).toEqual([]);
    const after = [...(await snapshot(redis, prefix)).entries()].join('\n');
    expect(after).not.toContain(alice.userId);
    expect(after).not.toContain(ASID);
    // The lookup entry of the erased subject was dropped when read; bob's link is untouched.
    expect(
      [...(await snapshot(redis, prefix)).keys()].filter((k) => k.startsWith(`${prefix}:asid:`)),
    ).toHaveLength(1);
    expect(await links.subjectsFor(OTHER_ASID)).toEqual([bob]);
  });

  it('drops a link written by a turn that erased the subject', async () => {
    const { links, keyspace } = redisLinks();
    await runInSubjectScope(createSubjectScope(alice), async () => {
      await keyspace.eraseSubject(alice);
      await links.link(ASID, alice);
    });
    expect(await links.subjectsFor(ASID)).toEqual([]);
  });

  it('gives links the configured time to live', async () => {
    const { links, prefix } = redisLinks(3600);
    await links.link(ASID, alice);
    const keys = [...(await snapshot(redis, prefix)).keys()].filter((k) => !k.endsWith(':epoch'));
    expect(keys.length).toBeGreaterThanOrEqual(3); // record, subject index, lookup
    for (const key of keys) {
      const ttl = await redis.ttl(key);
      expect(ttl).toBeGreaterThan(3500);
      expect(ttl).toBeLessThanOrEqual(3600);
    }
  });
});
