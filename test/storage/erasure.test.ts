import { ConversationState, PrivateConversationState, UserState } from 'botbuilder-core';
import { createSubjectScope, runInSubjectScope } from '../../src/core/subject-scope';
import { ConfigurationError, InvalidSubjectError } from '../../src/core/errors';
import { RedisStorage } from '../../src/storage/redis-storage';
import { type DataSubject } from '../../src/core/subject';
import type { Redis } from 'ioredis';
import { snapshot, testStorage } from '../support/redis';

let storage: RedisStorage;
let redis: Redis;
let prefix: string;

beforeEach(() => {
  ({ storage, redis, prefix } = testStorage());
});
afterEach(async () => {
  await redis.quit();
});

/** Writes the three kinds of state botbuilder keeps for a user, in a turn of theirs. */
async function writeTurnState(subject: DataSubject, conversationId: string, oneToOne = true): Promise<void> {
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

describe('eraseSubject', () => {
  const alice = { channelId: 'facebook', userId: 'alice-psid-1001' };
  const bob = { channelId: 'facebook', userId: 'bob-psid-2002' };

  it("removes the user's user, private and one-to-one conversation state, and only theirs", async () => {
    await writeTurnState(alice, 'conv-alice');
    await writeTurnState(bob, 'conv-bob');
    const receipt = await storage.eraseSubject(alice);

    expect(receipt.keysRemoved).toBe(3);
    expect(receipt.verified).toBe(true);
    expect(receipt.confirmationCode).toMatch(/^[A-Z2-9]{12}$/);
    expect(receipt.subjectDigest).not.toContain('alice');
    const snap = await snapshot(redis, prefix);
    expect(valuesMentioning(snap, 'alice')).toEqual([]);
    const bobState = await runInSubjectScope(createSubjectScope(bob, { id: 'conv-bob' }), () =>
      storage.read(['facebook/users/bob-psid-2002/', 'facebook/conversations/conv-bob/']),
    );
    expect(bobState['facebook/users/bob-psid-2002/'].profile.name).toBe('name of bob-psid-2002');
  });

  it('keeps group conversation state, which belongs to no single user', async () => {
    await writeTurnState(alice, 'group-1', false);
    await storage.eraseSubject(alice);
    const group = await storage.read(['facebook/conversations/group-1/']);
    expect(group['facebook/conversations/group-1/'].dialogStack).toEqual([alice.userId]);
    const snap = await snapshot(redis, prefix);
    // Only the group's shared state is left; the user's own and private state are gone.
    expect(valuesMentioning(snap, 'name of alice')).toEqual([]);
    expect(valuesMentioning(snap, 'private alice')).toEqual([]);
  });

  it('is idempotent, and an unknown subject erases 0 keys', async () => {
    await writeTurnState(alice, 'conv-alice');
    expect((await storage.eraseSubject(alice)).keysRemoved).toBe(3);
    const again = await storage.eraseSubject(alice);
    expect(again).toMatchObject({ keysRemoved: 0, verified: true });
    expect((await storage.eraseSubject({ channelId: 'webchat', userId: 'nobody' })).keysRemoved).toBe(0);
  });

  it('keeps a pseudonymous proof of the erasure, with no raw id', async () => {
    await writeTurnState(alice, 'conv-alice');
    const receipt = await storage.eraseSubject(alice);
    expect(await storage.keyspace.erasureProof(receipt.confirmationCode)).toEqual(receipt);
    expect(await storage.keyspace.erasureProof('NOSUCHCODE')).toBeUndefined();
    const snap = await snapshot(redis, prefix);
    expect(valuesMentioning(snap, alice.userId)).toEqual([]);
  });

  it('keeps user and conversation ids out of Redis key names', async () => {
    await writeTurnState(alice, 'conv-alice');
    await writeTurnState(bob, 'group-of-bob', false);
    const names = [...(await snapshot(redis, prefix)).keys()].join('\n');
    expect(names).not.toMatch(/alice|bob|conv-|group-/);
  });

  it('never lists or scans the keyspace', async () => {
    await writeTurnState(alice, 'conv-alice');
    await redis.config('RESETSTAT');
    await storage.eraseSubject(alice);
    const stats = await redis.info('commandstats');
    expect(stats).not.toMatch(/cmdstat_(scan|keys):/);
  });

  it.each([
    [{ channelId: 'facebook', userId: '' }],
    [{ channelId: '', userId: 'u' }],
    [{ channelId: 'facebook' }],
    [undefined],
  ])('rejects an invalid subject %p with a clear error', async (subject) => {
    await expect(storage.eraseSubject(subject as unknown as DataSubject)).rejects.toThrow(
      InvalidSubjectError,
    );
  });

  it('erases state written through real BotState objects', async () => {
    const userState = new UserState(storage);
    const conversationState = new ConversationState(storage);
    const privateState = new PrivateConversationState(storage);
    const { TestAdapter } = await import('botbuilder-core');
    const { SubjectScopeMiddleware } = await import('../../src/botbuilder/subject-scope-middleware');
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
});

describe('retention', () => {
  it('sets a TTL on everything it writes, per key class, and refreshes it on write', async () => {
    await redis.quit();
    ({ storage, redis, prefix } = testStorage({
      retention: { defaultSeconds: 3600, byKeyClass: { user: 60 } },
    }));
    const alice = { channelId: 'webchat', userId: 'ttl-user' };
    await writeTurnState(alice, 'conv-ttl');
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
    await writeTurnState(alice, 'conv-ttl');
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
  });
});
