import type { Redis } from 'ioredis';
import { createSubjectScope, runInSubjectScope } from '../../src/core/subject-scope';
import { MemoryPrivacyStorage } from '../../src/storage/memory-privacy-storage';
import { RedisStorage } from '../../src/storage/redis-storage';
import { type DataSubject } from '../../src/core/subject';
import { classifyStateKey, resolveKeyOwner } from '../../src/storage/key-ownership';
import { snapshot, testStorage } from '../support/redis';

/** The keys the Agents SDK's TurnState reads and writes (agent id `agent-1`). */
const userKey = (s: DataSubject) => `${s.channelId}/agent-1/users/${s.userId}`;
const conversationKey = (s: DataSubject, conversationId: string) =>
  `${s.channelId}/agent-1/conversations/${conversationId}`;

const alice = { channelId: 'facebook', userId: 'alice-psid-1001' };
const bob = { channelId: 'facebook', userId: 'bob-psid-2002' };

type ErasableStorage = RedisStorage | MemoryPrivacyStorage;

async function writeAgentTurnState(
  storage: ErasableStorage,
  subject: DataSubject,
  conversationId: string,
  oneToOne = true,
): Promise<void> {
  await runInSubjectScope(createSubjectScope(subject, { id: conversationId, oneToOne }), () =>
    storage.write({
      [userKey(subject)]: { lastVisit: `visit of ${subject.userId}`, eTag: '*' },
      [conversationKey(subject, conversationId)]: {
        turns: 3,
        note: `chat with ${subject.userId}`,
        eTag: '*',
      },
    }),
  );
}

const stores: Array<
  [string, () => { storage: ErasableStorage; close(): Promise<unknown>; redis?: Redis; prefix?: string }]
> = [
  [
    'RedisStorage',
    () => {
      const { storage, redis, prefix } = testStorage();
      return { storage, redis, prefix, close: () => redis.quit() };
    },
  ],
  ['MemoryPrivacyStorage', () => ({ storage: new MemoryPrivacyStorage(), close: async () => undefined })],
];

describe.each(stores)('Agents SDK TurnState keys on %s', (_name, make) => {
  let store: ReturnType<typeof make>;
  beforeEach(() => {
    store = make();
  });
  afterEach(() => store.close());

  it('erases the user and one-to-one conversation TurnState with the user, and only theirs', async () => {
    await writeAgentTurnState(store.storage, alice, 'conv-alice');
    await writeAgentTurnState(store.storage, bob, 'conv-bob');

    const receipt = await store.storage.eraseSubject(alice);

    expect(receipt.keysRemoved).toBe(2);
    const aliceKeys = [userKey(alice), conversationKey(alice, 'conv-alice')];
    expect(await store.storage.read(aliceKeys)).toEqual({});
    const bobKeys = [userKey(bob), conversationKey(bob, 'conv-bob')];
    const bobState = await runInSubjectScope(createSubjectScope(bob, { id: 'conv-bob' }), () =>
      store.storage.read(bobKeys),
    );
    expect(bobState[userKey(bob)].lastVisit).toBe('visit of bob-psid-2002');
    expect(bobState[conversationKey(bob, 'conv-bob')].turns).toBe(3);
    if (store.redis && store.prefix) {
      const left = [...(await snapshot(store.redis, store.prefix)).entries()];
      expect(left.filter(([k, v]) => k.includes('alice') || v.includes('alice'))).toEqual([]);
      expect(left.filter(([k]) => k.includes('bob'))).toEqual([]); // ids never in key names
    }
  });

  it('keeps a group conversation when one member is erased', async () => {
    await writeAgentTurnState(store.storage, alice, 'group-1', false);
    await store.storage.eraseSubject(alice);
    const left = await runInSubjectScope(createSubjectScope(alice, { id: 'group-1', oneToOne: false }), () =>
      store.storage.read([conversationKey(alice, 'group-1'), userKey(alice)]),
    );
    expect(Object.keys(left)).toEqual([conversationKey(alice, 'group-1')]);
  });

  it('attributes a user TurnState key written outside any turn to the user it names', async () => {
    await store.storage.write({ [userKey(alice)]: { lastVisit: 'from a job', eTag: '*' } });
    await store.storage.eraseSubject(alice);
    expect(await store.storage.read([userKey(alice)])).toEqual({});
  });
});

describe('key ownership of Agents SDK keys', () => {
  const scope = createSubjectScope(alice, { id: 'conv-alice' });

  it('resolves TurnState keys to the turn user, never to somebody else', () => {
    expect(resolveKeyOwner('facebook/agent-1/users/alice-psid-1001', scope)).toEqual(alice);
    expect(resolveKeyOwner('facebook/agent-1/conversations/conv-alice', scope)).toEqual(alice);
    expect(resolveKeyOwner('facebook/agent-1/users/bob-psid-2002', scope)).toEqual(bob);
    expect(resolveKeyOwner('facebook/agent-1/conversations/conv-other', scope)).toBeUndefined();
    expect(resolveKeyOwner('webchat/agent-1/users/alice-psid-1001', scope)).toEqual({
      channelId: 'webchat',
      userId: 'alice-psid-1001',
    });
    expect(resolveKeyOwner('facebook/agent-1/conversations/conv-alice')).toBeUndefined();
  });

  it('leaves botbuilder keys and other keys as they were', () => {
    expect(resolveKeyOwner('facebook/users/alice-psid-1001/')).toEqual(alice);
    expect(resolveKeyOwner('facebook/users/alice-psid-1001/custom')).toBeUndefined();
    expect(resolveKeyOwner('facebook/agent-1/settings')).toBeUndefined();
    expect(resolveKeyOwner('facebook/agent-1/users/')).toBeUndefined();
  });

  it('classifies TurnState keys for retention', () => {
    expect(classifyStateKey('facebook/agent-1/users/alice')).toBe('user');
    expect(classifyStateKey('facebook/agent-1/conversations/c1')).toBe('conversation');
    expect(classifyStateKey('facebook/users/alice/')).toBe('user');
    expect(classifyStateKey('facebook/conversations/c1/users/alice/')).toBe('privateConversation');
    expect(classifyStateKey('facebook/agent-1/settings')).toBe('other');
  });
});
