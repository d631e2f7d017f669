import { randomBytes } from 'node:crypto';
import {
  ConversationState,
  PrivateConversationState,
  TestAdapter,
  TranscriptLoggerMiddleware,
  UserState,
} from 'botbuilder-core';
import type { Redis } from 'ioredis';
import { SubjectScopeMiddleware } from '../../src/turn/subject-scope-middleware';
import { recordConsent } from '../../src/core/consent/record-consent';
import { ConfigurationError, InvalidSubjectError } from '../../src/core/errors';
import { EnvelopeCipher } from '../../src/core/sensitive/envelope-cipher';
import type { DataSubject } from '../../src/core/subject';
import { createSubjectScope, runInSubjectScope } from '../../src/core/subject-scope';
import type { Storage } from 'botbuilder-core';
import { MemoryPrivacyStorage } from '../../src/storage/memory-privacy-storage';
import { RedisStorage } from '../../src/storage/redis-storage';
import { contextFor, SUBJECT_SECRET, TAX_ID_PURPOSE } from '../consent/fixtures';
import { everyBackend, type BackendStores } from '../support/backends';
import { snapshot, testStorage } from '../support/redis';

/** Writes the three kinds of state botbuilder keeps for a user, in a turn of theirs. */
async function writeTurnState(
  storage: Storage,
  subject: DataSubject,
  conversationId: string,
  oneToOne = true,
): Promise<void> {
  const scope = createSubjectScope(subject, { id: conversationId, oneToOne });
  await runInSubjectScope(scope, async () => {
    const { channelId, userId } = subject;
    await storage.write({
      [`${channelId}/users/${userId}/`]: { profile: { name: `name of ${userId}` } },
      [`${channelId}/conversations/${conversationId}/`]: { dialogStack: [userId] },
      [`${channelId}/conversations/${conversationId}/users/${userId}/`]: { secret: `private ${userId}` },
    });
  });
}

function valuesMentioning(snap: Map<string, string>, text: string): string[] {
  return [...snap.entries()].filter(([k, v]) => k.includes(text) || v.includes(text)).map(([k]) => k);
}

const alice = { channelId: 'facebook', userId: 'alice-psid-1001' };
const bob = { channelId: 'facebook', userId: 'bob-psid-2002' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The same erasure rules on memory, one Redis server and a Redis Cluster.
describe.each(everyBackend().map((backend) => [backend.name, backend] as const))(
  'eraseSubject on %s',
  (_name, backend) => {
    let stores: BackendStores;
    beforeEach(() => {
      stores = backend.stores();
    });

    it("removes the user's user, private and one-to-one conversation state, and only theirs", async () => {
      await writeTurnState(stores.storage, alice, 'conv-alice');
      await writeTurnState(stores.storage, bob, 'conv-bob');
      const receipt = await stores.erasure.eraseSubject(alice);

      expect(receipt).toMatchObject({ keysRemoved: 3, verified: true, durable: true });
      expect(receipt.confirmationCode).toMatch(/^[A-Z2-9]{12}$/);
      expect(receipt.subjectDigest).not.toContain('alice');
      expect(await stores.stored([alice, bob])).not.toContain('alice');
      expect(await stores.subjectKeys(alice)).toEqual([]);
      const aliceState = await runInSubjectScope(createSubjectScope(alice, { id: 'conv-alice' }), () =>
        stores.storage.read(['facebook/users/alice-psid-1001/', 'facebook/conversations/conv-alice/']),
      );
      expect(aliceState).toEqual({});
      const bobState = await runInSubjectScope(createSubjectScope(bob, { id: 'conv-bob' }), () =>
        stores.storage.read(['facebook/users/bob-psid-2002/', 'facebook/conversations/conv-bob/']),
      );
      expect(bobState['facebook/users/bob-psid-2002/'].profile.name).toBe('name of bob-psid-2002');
      expect(bobState['facebook/conversations/conv-bob/'].dialogStack).toEqual([bob.userId]);
    });

    it('keeps group conversation state, which belongs to no single user', async () => {
      await writeTurnState(stores.storage, alice, 'group-1', false);
      expect((await stores.erasure.eraseSubject(alice)).keysRemoved).toBe(2);
      const group = await stores.storage.read(['facebook/conversations/group-1/']);
      expect(group['facebook/conversations/group-1/'].dialogStack).toEqual([alice.userId]);
      const own = await stores.storage.read([
        'facebook/users/alice-psid-1001/',
        'facebook/conversations/group-1/users/alice-psid-1001/',
      ]);
      expect(own).toEqual({});
    });

    it('is idempotent, and an unknown subject erases 0 keys', async () => {
      await writeTurnState(stores.storage, alice, 'conv-alice');
      expect((await stores.erasure.eraseSubject(alice)).keysRemoved).toBe(3);
      const again = await stores.erasure.eraseSubject(alice);
      expect(again).toMatchObject({ keysRemoved: 0, verified: true });
      expect(
        (await stores.erasure.eraseSubject({ channelId: 'webchat', userId: 'nobody' })).keysRemoved,
      ).toBe(0);
    });

    it('keeps a pseudonymous proof of the erasure, with no raw id', async () => {
      await writeTurnState(stores.storage, alice, 'conv-alice');
      const receipt = await stores.erasure.eraseSubject(alice);
      expect(await stores.erasureProof(receipt.confirmationCode)).toEqual(receipt);
      expect(JSON.stringify(receipt)).not.toContain(alice.userId);
      expect(await stores.erasureProof('NOSUCHCODE')).toBeUndefined();
    });

    it.each([
      [{ channelId: 'facebook', userId: '' }],
      [{ channelId: '', userId: 'u' }],
      [{ channelId: 'facebook' }],
      [undefined],
    ])('rejects an invalid subject %p with a clear error', async (subject) => {
      await expect(stores.erasure.eraseSubject(subject as unknown as DataSubject)).rejects.toThrow(
        InvalidSubjectError,
      );
    });

    it('erases state written through real BotState objects', async () => {
      const userState = new UserState(stores.storage);
      const conversationState = new ConversationState(stores.storage);
      const privateState = new PrivateConversationState(stores.storage);
      const adapter = new TestAdapter(async (context) => {
        await userState.createProperty<string>('name').set(context, 'Alice Real');
        await conversationState.createProperty<number>('turns').set(context, 1);
        await privateState.createProperty<string>('note').set(context, 'private note');
        await Promise.all([userState, conversationState, privateState].map((s) => s.saveChanges(context)));
        await context.sendActivity('ok');
      });
      adapter.use(new SubjectScopeMiddleware());
      await adapter.send('hi').assertReply('ok');
      const user1 = { channelId: 'test', userId: 'user1' };
      expect(await stores.stored([user1])).toContain('Alice Real');
      const receipt = await stores.erasure.eraseSubject(user1);
      expect(receipt.keysRemoved).toBe(3);
      expect(await stores.stored([user1])).not.toMatch(/Alice Real|private note/);
    });

    it('one erasure reaches every store of the keyspace, for any id, and only that person', async () => {
      stores = backend.stores({ subjectSecret: SUBJECT_SECRET }); // the consent fixtures' digests
      const transcripts = stores.transcripts();
      const consents = stores.consents();
      const sensitive = stores.sensitive(new EnvelopeCipher([{ kid: 'k1', key: randomBytes(32) }]));
      const grants = stores.grants();
      const links = stores.links();
      const userState = new UserState(stores.storage);
      const conversationState = new ConversationState(stores.storage);
      const adapter = new TestAdapter(async (context) => {
        const { id } = context.activity.from;
        const subject = { channelId: 'test', userId: id };
        await userState.createProperty<string>('name').set(context, `name of ${id}`);
        await conversationState.createProperty<number>('turns').set(context, 1);
        await Promise.all([userState.saveChanges(context), conversationState.saveChanges(context)]);
        await consents.save(subject, recordConsent([], TAX_ID_PURPOSE, 'given', contextFor(subject)));
        await sensitive.save(subject, TAX_ID_PURPOSE.id, `tax id of ${id}`, { ttlSeconds: 3600 });
        await grants.save(subject, `link-${Buffer.from(id).toString('hex')}-0000`, Date.now() + 60_000);
        await links.link(`asid-${Buffer.from(id).toString('hex')}`, subject);
        await context.sendActivity(`hello ${id}`);
      });
      adapter.use(new SubjectScopeMiddleware());
      adapter.use(new TranscriptLoggerMiddleware(transcripts));
      // Ids that would break a glob, a hash tag or a key layout.
      const users = ['alice', 'bob', '{x}', '*', 'a:b/c'];
      for (const id of users) {
        await adapter
          .send({
            type: 'message',
            text: 'hi',
            from: { id, name: id },
            conversation: { id: `conv-${id}` },
          } as never)
          .assertReply(`hello ${id}`)
          .startTest();
      }
      await transcripts.flush();
      const hex = (id: string) => Buffer.from(id).toString('hex');

      for (const erased of ['alice', '{x}', '*']) {
        const subject: DataSubject = { channelId: 'test', userId: erased };
        const keys = await stores.subjectKeys(subject);
        // user state, one-to-one conversation state, history, consent, kept value, link, ASID link
        expect(keys).toHaveLength(7);
        const receipt = await stores.erasure.eraseSubject(subject);
        expect(receipt).toMatchObject({ keysRemoved: 7, verified: true });
        expect(await stores.subjectKeys(subject)).toEqual([]);
        expect((await transcripts.getTranscriptActivities('test', `conv-${erased}`)).items).toEqual([]);
        expect(await transcripts.exportSubject(subject)).toEqual([]);
        expect(await consents.list(subject)).toEqual([]);
        expect(await sensitive.get(subject, TAX_ID_PURPOSE.id)).toBeUndefined();
        expect(await grants.has(subject, `link-${hex(erased)}-0000`)).toBe(false);
        expect(await links.subjectsFor(`asid-${hex(erased)}`)).toEqual([]);
        expect(await stores.stored([subject])).not.toContain(`name of ${erased}`);
      }
      const listed = (await transcripts.listTranscripts('test')).items.map((item) => item.id).sort();
      expect(listed).toEqual(['conv-a:b/c', 'conv-bob']);
      for (const kept of ['bob', 'a:b/c']) {
        const subject: DataSubject = { channelId: 'test', userId: kept };
        const state = await runInSubjectScope(createSubjectScope(subject, { id: `conv-${kept}` }), () =>
          stores.storage.read([`test/users/${kept}/`]),
        );
        expect(state[`test/users/${kept}/`].name).toBe(`name of ${kept}`);
        const history = await transcripts.getTranscriptActivities('test', `conv-${kept}`);
        expect(history.items.map((a) => a.text)).toEqual(['hi', `hello ${kept}`]);
        expect(await consents.list(subject)).toHaveLength(1);
        expect(await sensitive.get(subject, TAX_ID_PURPOSE.id)).toBe(`tax id of ${kept}`);
        expect(await grants.has(subject, `link-${hex(kept)}-0000`)).toBe(true);
        expect(await links.subjectsFor(`asid-${hex(kept)}`)).toEqual([subject]);
      }
    });

    it('forgets state after its retention, per key class, and refreshes it on write', async () => {
      const stores = backend.stores({ retention: { defaultSeconds: 3600, byKeyClass: { user: 1 } } });
      await writeTurnState(stores.storage, alice, 'conv-ttl');
      await sleep(600);
      await writeTurnState(stores.storage, alice, 'conv-ttl'); // refreshes the user state's retention
      await sleep(600);
      const read = () =>
        runInSubjectScope(createSubjectScope(alice, { id: 'conv-ttl' }), () =>
          stores.storage.read(['facebook/users/alice-psid-1001/', 'facebook/conversations/conv-ttl/']),
        );
      expect(Object.keys(await read())).toHaveLength(2);
      await sleep(600);
      const left = await read();
      expect(left['facebook/users/alice-psid-1001/']).toBeUndefined();
      expect(left['facebook/conversations/conv-ttl/'].dialogStack).toEqual([alice.userId]);
    });
  },
);

describe('eraseSubject in Redis', () => {
  let storage: RedisStorage;
  let redis: Redis;
  let prefix: string;
  beforeEach(() => {
    ({ storage, redis, prefix } = testStorage());
  });
  afterEach(async () => {
    await redis.quit();
  });

  it('keeps user and conversation ids out of Redis key names', async () => {
    await writeTurnState(storage, alice, 'conv-alice');
    await writeTurnState(storage, bob, 'group-of-bob', false);
    const names = [...(await snapshot(redis, prefix)).keys()].join('\n');
    expect(names).not.toMatch(/alice|bob|conv-|group-/);
  });

  it('never lists or scans the keyspace', async () => {
    await writeTurnState(storage, alice, 'conv-alice');
    await redis.config('RESETSTAT');
    await storage.eraseSubject(alice);
    const stats = await redis.info('commandstats');
    expect(stats).not.toMatch(/cmdstat_(scan|keys):/);
  });

  it('leaves only the tombstone and the proof of a subject erased after real BotState turns', async () => {
    const userState = new UserState(storage);
    const conversationState = new ConversationState(storage);
    const privateState = new PrivateConversationState(storage);
    const adapter = new TestAdapter(async (context) => {
      await userState.createProperty<string>('name').set(context, 'Alice Real');
      await conversationState.createProperty<number>('turns').set(context, 1);
      await privateState.createProperty<string>('note').set(context, 'private note');
      await Promise.all([userState, conversationState, privateState].map((s) => s.saveChanges(context)));
      await context.sendActivity('ok');
    });
    adapter.use(new SubjectScopeMiddleware());
    await adapter.send('hi').assertReply('ok');
    const snapBefore = await snapshot(redis, prefix);
    expect(valuesMentioning(snapBefore, 'Alice Real').length).toBe(1);
    const receipt = await storage.eraseSubject({ channelId: 'test', userId: 'user1' });
    expect(receipt.keysRemoved).toBe(3);
    const left = [...(await snapshot(redis, prefix)).keys()].map((k) => k.replace(/^[^:]+:/, ''));
    expect(left.sort()).toEqual(
      [`erasure:${receipt.confirmationCode}`, `{${receipt.subjectDigest}}:epoch`].sort(),
    );
  });

  it('sets a Redis TTL on everything it writes, per key class, and refreshes it on write', async () => {
    await redis.quit();
    ({ storage, redis, prefix } = testStorage({
      retention: { defaultSeconds: 3600, byKeyClass: { user: 60 } },
    }));
    const alice = { channelId: 'webchat', userId: 'ttl-user' };
    await writeTurnState(storage, alice, 'conv-ttl');
    const keys = await storage.keyspace.subjectKeys(alice);
    const ttls = new Map<string, number>();
    for (const key of keys) ttls.set(key, await redis.ttl(key));
    const { digester } = storage.keyspace;
    const userKey = storage.keyspace.ownedKey(
      digester.digest(alice),
      's',
      digester.keyDigest('webchat/users/ttl-user/'),
    );
    expect(keys).toContain(userKey);
    expect(ttls.get(userKey)).toBeGreaterThan(50);
    expect(ttls.get(userKey)).toBeLessThanOrEqual(60);
    for (const [key, ttl] of ttls) if (key !== userKey) expect(ttl).toBeGreaterThan(3500);
    // The index lives as long as the longest-lived item it lists.
    expect(
      await redis.ttl(storage.keyspace.indexKey(storage.keyspace.digester.digest(alice))),
    ).toBeGreaterThan(3500);
    await redis.expire(userKey, 10);
    await writeTurnState(storage, alice, 'conv-ttl');
    expect(await redis.ttl(userKey)).toBeGreaterThan(50);
  });

  it('rejects a retention that is not a positive number of seconds', () => {
    expect(() => new RedisStorage({ redis, retention: { defaultSeconds: -1 } })).toThrow(
      /positive whole numbers/,
    );
    expect(() => new RedisStorage({ redis, retention: { byKeyClass: { user: 1.5 } } })).toThrow(
      ConfigurationError,
    );
    expect(() => new RedisStorage({ redis, prefix: 'a{b}' })).toThrow(/prefix/);
    expect(() => new MemoryPrivacyStorage({ retention: { defaultSeconds: 0 } })).toThrow(
      /positive whole numbers/,
    );
  });
});
