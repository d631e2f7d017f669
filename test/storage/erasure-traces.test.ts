import { randomBytes } from 'node:crypto';
import {
  AutoSaveStateMiddleware,
  ConversationState,
  PrivateConversationState,
  TestAdapter,
  TranscriptLoggerMiddleware,
  UserState,
  type Activity,
  type ConversationAccount,
  type TurnContext,
} from 'botbuilder-core';
import type { Redis } from 'ioredis';
import { type SubjectErasure } from '../../src/core/erasure';
import { EnvelopeCipher } from '../../src/core/sensitive/envelope-cipher';
import { type AppScopedIdLinks } from '../../src/messenger/app-scoped-id-links';
import { MemoryAppScopedIdLinks } from '../../src/messenger/memory-app-scoped-id-links';
import { MemoryConsentStore } from '../../src/storage/memory-consent-store';
import { MemoryPrivacyStorage } from '../../src/storage/memory-privacy-storage';
import { MemoryPrivacyTranscriptStore } from '../../src/storage/memory-privacy-transcript-store';
import { MemorySensitiveValueStore } from '../../src/storage/memory-sensitive-value-store';
import { RedisAppScopedIdLinks } from '../../src/messenger/redis-app-scoped-id-links';
import { RedisConsentStore } from '../../src/storage/redis-consent-store';
import { RedisSensitiveValueStore } from '../../src/storage/redis-sensitive-value-store';
import { RedisTranscriptStore } from '../../src/storage/redis-transcript-store';
import { subjectOfActivity, SubjectScopeMiddleware } from '../../src/turn/subject-scope-middleware';
import { type ConsentStore } from '../../src/core/consent/consent-store';
import { type DataSubject } from '../../src/core/subject';
import { type RedisStorage } from '../../src/storage/redis-storage';
import { type SensitiveValueStore } from '../../src/core/sensitive/sensitive-value-store';
import { recordConsent } from '../../src/core/consent/record-consent';
import { sayOnMessenger, serveExample } from '../examples/serve-example';
import { escapeGlob, testRedis, testRedisUrl, testStorage, uniquePrefix } from '../support/redis';
import { contextFor, SUBJECT_SECRET, TAX_ID_PURPOSE } from '../consent/fixtures';

// Erasure leaves nothing: every key and every member of every collection (sets, sorted sets, hashes,
// lists) is snapshotted before a person's first message; after their turns and their erasure, the only
// new entries are the documented tombstone and proof.

/** Every key, and every member / field / list entry of every collection, under a prefix. */
async function collections(redis: Redis, prefix: string): Promise<Set<string>> {
  const entries = new Set<string>();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${escapeGlob(prefix)}:*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      entries.add(key);
      const type = await redis.type(key);
      const members =
        type === 'set'
          ? await redis.smembers(key)
          : type === 'zset'
            ? await redis.zrange(key, '0', '-1')
            : type === 'hash'
              ? await redis.hkeys(key)
              : type === 'list'
                ? await redis.lrange(key, 0, -1)
                : [];
      for (const member of members) entries.add(`${key} ∋ ${member}`);
    }
  } while (cursor !== '0');
  return entries;
}

function added(before: Set<string>, after: Set<string>): string[] {
  return [...after].filter((entry) => !before.has(entry)).sort();
}

interface Stack {
  storage: RedisStorage | MemoryPrivacyStorage;
  transcripts: RedisTranscriptStore | MemoryPrivacyTranscriptStore;
  consents: ConsentStore;
  sensitive: SensitiveValueStore;
  links: AppScopedIdLinks;
  erasure: SubjectErasure;
}

/** A bot with every store a person's data can reach: state of all kinds, history, consent, a kept value, a link. */
function bot(stack: Stack) {
  const userState = new UserState(stack.storage);
  const conversationState = new ConversationState(stack.storage);
  const privateState = new PrivateConversationState(stack.storage);
  const logic = async (context: TurnContext) => {
    const text = context.activity.text ?? '';
    const subject = subjectOfActivity(context.activity)!;
    await userState.createProperty<string>('name').set(context, `name of ${subject.userId}`);
    await conversationState.createProperty<string>('last').set(context, text);
    await privateState.createProperty<string>('note').set(context, `note ${text}`);
    if (text === 'consent') {
      await stack.consents.save(subject, recordConsent([], TAX_ID_PURPOSE, 'given', contextFor(subject)));
      await stack.sensitive.save(subject, TAX_ID_PURPOSE.id, '12345678Z', { ttlSeconds: 3600 });
      await stack.links.link(`asid-of-${subject.userId}`, subject);
    }
    await context.sendActivity(`echo: ${text}`);
  };
  const adapter = new TestAdapter(logic);
  adapter.use(new SubjectScopeMiddleware());
  adapter.use(new TranscriptLoggerMiddleware(stack.transcripts));
  adapter.use(new AutoSaveStateMiddleware(userState, conversationState, privateState));
  return async (text: string, user: string, conversation: string, group = false) => {
    const activity: Partial<Activity> = {
      ...adapter.makeActivity(text),
      channelId: 'facebook',
      from: { id: user, name: `Name of ${user}` },
      conversation: { id: conversation, isGroup: group } as ConversationAccount,
    };
    await adapter.processActivity(activity, logic);
    await stack.transcripts.flush();
  };
}

/** Alice: a one-to-one conversation, a group conversation with bob, a consent, a kept value, a link. */
async function aliceTalks(say: ReturnType<typeof bot>): Promise<void> {
  await say('hello', 'alice-4711', 'alice-4711-page');
  await say('consent', 'alice-4711', 'alice-4711-page');
  await say('hi team', 'alice-4711', 'team', true);
}

describe('with Redis', () => {
  let redis: Redis;
  let prefix: string;
  let stack: Stack;
  let keyspace: RedisStorage['keyspace'];

  beforeEach(() => {
    const made = testStorage({ retention: { defaultSeconds: 3600 }, subjectSecret: SUBJECT_SECRET });
    ({ redis, prefix } = made);
    keyspace = made.storage.keyspace;
    const cipher = new EnvelopeCipher([{ kid: 'k1', key: randomBytes(32) }]);
    stack = {
      storage: made.storage,
      transcripts: new RedisTranscriptStore({ keyspace, retentionSeconds: 3600 }),
      consents: new RedisConsentStore({ keyspace }),
      sensitive: new RedisSensitiveValueStore({ keyspace, cipher }),
      links: new RedisAppScopedIdLinks({ keyspace, ttlSeconds: 3600 }),
      erasure: made.storage,
    };
  });
  afterEach(async () => {
    await redis.quit();
  });

  it('after erasure, no key or member is left of the person but the documented tombstone and proof', async () => {
    const say = bot(stack);
    // Other people first, so the shared listings exist before alice's first message.
    await say('hello', 'bob-0815', 'bob-0815-page');
    await say('consent', 'bob-0815', 'bob-0815-page');
    await say('bob in the team', 'bob-0815', 'team', true);
    const before = await collections(redis, prefix);

    await aliceTalks(say);
    const alice: DataSubject = { channelId: 'facebook', userId: 'alice-4711' };
    const digest = keyspace.digester.digest(alice);
    expect(added(before, await collections(redis, prefix)).length).toBeGreaterThan(10);

    const receipt = await keyspace.eraseSubject(alice);
    expect(receipt).toMatchObject({ verified: true, durable: true });
    expect(added(before, await collections(redis, prefix))).toEqual(
      [`${prefix}:{${digest}}:epoch`, `${prefix}:erasure:${receipt.confirmationCode}`].sort(),
    );
    // What remains is what the README documents, with its TTL.
    expect(await redis.ttl(`${prefix}:{${digest}}:epoch`)).toBeLessThanOrEqual(24 * 3600);
    expect(await redis.ttl(`${prefix}:erasure:${receipt.confirmationCode}`)).toBeGreaterThan(399 * 24 * 3600);
    // Bob is intact.
    expect(await stack.links.subjectsFor('asid-of-bob-0815')).toEqual([
      { channelId: 'facebook', userId: 'bob-0815' },
    ]);
    expect((await stack.transcripts.getTranscriptActivities('facebook', 'team')).items).toHaveLength(2);
  });

  it('an erasure of someone who never wrote anything writes nothing', async () => {
    const say = bot(stack);
    await say('hello', 'bob-0815', 'bob-0815-page');
    const before = await collections(redis, prefix);
    const receipt = await keyspace.eraseSubject({ channelId: 'facebook', userId: 'never-seen' });
    expect(receipt).toMatchObject({ keysRemoved: 0, verified: true });
    expect(added(before, await collections(redis, prefix))).toEqual([]);
    expect(await keyspace.erasureProof(receipt.confirmationCode)).toBeUndefined();
  });

  it('verified checks the shared listings too: a listing the erasure could not clean is reported', async () => {
    const say = bot(stack);
    await aliceTalks(say);
    const alice: DataSubject = { channelId: 'facebook', userId: 'alice-4711' };
    // The person's digest is put back into the channel listing while the erasure runs (as a stuck
    // writer in another process could): the re-check must see it.
    const zrem = redis.zrem.bind(redis);
    const digest = keyspace.digester.digest(alice);
    (redis as unknown as { zrem: typeof zrem }).zrem = ((key: string, ...members: string[]) =>
      zrem(key, ...members).then(async (removed) => {
        if (key.includes(':tl:')) await redis.zadd(key, 0, digest);
        return removed;
      })) as typeof zrem;
    const receipt = await keyspace.eraseSubject(alice);
    expect(receipt.verified).toBe(false);
  });

  it('an erasure that failed half-way, retried, still takes the person out of the listings', async () => {
    const say = bot(stack);
    await aliceTalks(say);
    const alice: DataSubject = { channelId: 'facebook', userId: 'alice-4711' };
    const digest = keyspace.digester.digest(alice);
    const zrem = redis.zrem.bind(redis);
    const patched = redis as unknown as { zrem: typeof zrem };
    patched.zrem = (() => Promise.reject(new Error('connection lost'))) as unknown as typeof zrem;
    await expect(keyspace.eraseSubject(alice)).rejects.toThrow(/failed/);
    patched.zrem = zrem;
    expect(await redis.zscore(`${prefix}:tl:{facebook}`, digest)).not.toBeNull(); // left by the failure
    const receipt = await keyspace.eraseSubject(alice);
    expect(receipt.verified).toBe(true);
    expect(await redis.zscore(`${prefix}:tl:{facebook}`, digest)).toBeNull();
    expect(await redis.exists(keyspace.refsKey(digest))).toBe(0);
  });
});

describe('the example bot over HTTP, with Redis', () => {
  it('after "Delete my data", nothing of the person is left but the tombstone, the proof and anonymous counts', async () => {
    const prefix = uniquePrefix('traces');
    const redis = testRedis();
    const bot = await serveExample({ redisUrl: testRedisUrl(), redisPrefix: prefix });
    const say = (user: string, text: string) => sayOnMessenger(bot.url, text, user);
    try {
      await say('bob-psid', 'hello');
      await say('bob-psid', 'invoice');
      const before = await collections(redis, prefix);

      const alice = 'alice-psid-4711';
      for (const text of [
        'hello',
        'book',
        'invoice',
        'Yes, I agree',
        '12345678Z',
        'privacy',
        'Delete my data',
      ]) {
        await say(alice, text);
      }
      expect((await say(alice, 'Yes, delete')).join(' ')).toMatch(/your data has been deleted/);
      const digest = new (await import('../../src/core/subject')).SubjectDigester(
        process.env.PRIVACY_SUBJECT_SECRET,
      ).digest({ channelId: 'facebook', userId: alice });
      const auditKeys = `${prefix}:{audit}:`;
      const left = added(before, await collections(redis, prefix)).filter(
        // Anonymous daily counters (clicks per button, erasures): no id, outside every subject. The audit
        // trail (one stream for everyone, kept apart from people) is checked below.
        (entry) => !entry.startsWith(`${prefix}:m:`) && !entry.startsWith(auditKeys),
      );
      // The audit trail survives the erasure it records, naming the person by digest only.
      const trail = JSON.stringify(await redis.xrange(`${auditKeys}log`, '-', '+'));
      expect(trail).toContain(digest);
      expect(trail).not.toContain(alice);
      expect(left.filter((entry) => !/:erasure:[A-Z2-9]{12}$/.test(entry))).toEqual([
        `${prefix}:{${digest}}:epoch`,
      ]);
      expect(left.filter((entry) => /:erasure:/.test(entry))).toHaveLength(1);

      // deleteUserData (Bot Framework's own erasure request) for someone the bot never saw writes nothing.
      const beforeUnknown = await collections(redis, prefix);
      const response = await fetch(`${bot.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'deleteUserData',
          channelId: 'facebook',
          from: { id: 'never-seen-psid' },
          recipient: { id: 'page' },
          conversation: { id: 'never-seen-psid-page' },
          serviceUrl: 'http://127.0.0.1:1',
          deliveryMode: 'expectReplies',
        }),
      });
      expect(response.status).toBeLessThan(300);
      const written = added(beforeUnknown, await collections(redis, prefix));
      expect(
        written.filter((entry) => !entry.startsWith(`${prefix}:m:`) && !entry.startsWith(auditKeys)),
      ).toEqual([]);
      expect(JSON.stringify(await redis.xrange(`${auditKeys}log`, '-', '+'))).not.toContain('never-seen');
    } finally {
      await bot.close();
      await redis.quit();
    }
  });
});

describe('in memory', () => {
  it('one keyspace erasure drops state, history, consents, kept values and account links', async () => {
    const storage = new MemoryPrivacyStorage({ subjectSecret: SUBJECT_SECRET });
    const { keyspace } = storage;
    const transcripts = new MemoryPrivacyTranscriptStore({ keyspace });
    const consents = new MemoryConsentStore({ keyspace });
    const sensitive = new MemorySensitiveValueStore({
      keyspace,
      cipher: new EnvelopeCipher([{ kid: 'k1', key: randomBytes(32) }]),
    });
    const links = new MemoryAppScopedIdLinks({ keyspace });
    const stack: Stack = {
      storage,
      transcripts,
      consents,
      sensitive,
      links,
      // As the example bot wires its memory stores: one keyspace, one erasure.
      erasure: keyspace,
    };
    const say = bot(stack);
    await say('bob in the team', 'bob-0815', 'team', true);
    await aliceTalks(say);
    const alice: DataSubject = { channelId: 'facebook', userId: 'alice-4711' };
    expect(await links.subjectsFor('asid-of-alice-4711')).toEqual([alice]);

    const receipt = await stack.erasure.eraseSubject(alice);
    expect(receipt).toMatchObject({ verified: true, durable: true });
    expect(await links.subjectsFor('asid-of-alice-4711')).toEqual([]);
    for (const source of [storage, transcripts, consents, sensitive]) {
      expect(await source.exportSubject(alice)).toEqual([]);
    }
    expect((await transcripts.listTranscripts('facebook')).items.map((item) => item.id)).toEqual(['team']);
  });
});
