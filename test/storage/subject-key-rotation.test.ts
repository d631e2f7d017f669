import { randomBytes } from 'node:crypto';
import {
  AutoSaveStateMiddleware,
  ConversationState,
  TestAdapter,
  TranscriptLoggerMiddleware,
  UserState,
  type Activity,
  type ConversationAccount,
  type TurnContext,
} from 'botbuilder-core';
import { Cluster, type Redis } from 'ioredis';
import type { AuditEntry, AuditEvent, AuditLog } from '../../src/core/audit/audit-log';
import { recordConsent } from '../../src/core/consent/record-consent';
import { ConfigurationError } from '../../src/core/errors';
import { EnvelopeCipher } from '../../src/core/sensitive/envelope-cipher';
import type { DataSubject } from '../../src/core/subject';
import { resolveSubjectKeyRing, SubjectKeyRing } from '../../src/core/subject-key-ring';
import { RedisAppScopedIdLinks } from '../../src/messenger/redis-app-scoped-id-links';
import { RedisConsentStore } from '../../src/storage/redis-consent-store';
import { RedisSensitiveValueStore } from '../../src/storage/redis-sensitive-value-store';
import { RedisStorage } from '../../src/storage/redis-storage';
import { RedisTranscriptStore } from '../../src/storage/redis-transcript-store';
import { subjectOfActivity, SubjectScopeMiddleware } from '../../src/turn/subject-scope-middleware';
import { contextFor, TAX_ID_PURPOSE } from '../consent/fixtures';
import { escapeGlob, testRedis, uniquePrefix } from '../support/redis';
import { startRedisCluster, type RunningRedisCluster } from '../support/redis-cluster';

const K1 = 'old-secret-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const K2 = 'new-secret-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const RING_BEFORE = SubjectKeyRing.parse(`k1:${K1}`);
const RING_AFTER = SubjectKeyRing.parse(`k2:${K2},k1:${K1}`);
const cipher = new EnvelopeCipher([{ kid: 'e1', key: randomBytes(32) }]);

/** Every key, and every member / entry of every collection, under a prefix (on every master). */
async function everything(client: Redis | Cluster, prefix: string): Promise<string[]> {
  const nodes = client instanceof Cluster ? client.nodes('master') : [client];
  return (await Promise.all(nodes.map((node) => everythingOn(node, prefix)))).flat();
}

async function everythingOn(redis: Redis, prefix: string): Promise<string[]> {
  const entries: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${escapeGlob(prefix)}:*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      entries.push(key);
      const type = await redis.type(key);
      const members =
        type === 'set'
          ? await redis.smembers(key)
          : type === 'zset'
            ? await redis.zrange(key, '0', '-1')
            : type === 'list'
              ? await redis.lrange(key, 0, -1)
              : type === 'string'
                ? [(await redis.get(key)) ?? '']
                : [];
      for (const member of members) entries.push(`${key} = ${member}`);
    }
  } while (cursor !== '0');
  return entries;
}

/** One process of the bot: its own client and stores, on the subject key ring it was started with. */
function botProcess(
  prefix: string,
  ring: SubjectKeyRing,
  connect: () => Redis | Cluster = testRedis,
  audit?: AuditLog,
) {
  const redis = connect();
  const storage = new RedisStorage({ redis, prefix, subjectSecret: ring, audit });
  const keyspace = storage.keyspace;
  const stack = {
    redis,
    storage,
    keyspace,
    transcripts: new RedisTranscriptStore({ keyspace }),
    consents: new RedisConsentStore({ keyspace }),
    sensitive: new RedisSensitiveValueStore({ keyspace, cipher }),
    links: new RedisAppScopedIdLinks({ keyspace }),
  };
  const userState = new UserState(storage);
  const conversationState = new ConversationState(storage);
  const name = userState.createProperty<string>('name');
  const turns = conversationState.createProperty<number>('turns');
  const logic = async (context: TurnContext) => {
    const text = context.activity.text ?? '';
    const subject = subjectOfActivity(context.activity)!;
    if (text.startsWith('my name is ')) await name.set(context, text.slice('my name is '.length));
    const count = (await turns.get(context, 0)) + 1;
    await turns.set(context, count);
    if (text === 'consent') {
      const receipts = await stack.consents.list(subject);
      await stack.consents.save(
        subject,
        recordConsent(
          receipts,
          TAX_ID_PURPOSE,
          'given',
          contextFor(subject, { subjectDigest: stack.consents.subjectDigest(subject) }),
        ),
      );
      await stack.sensitive.save(subject, TAX_ID_PURPOSE.id, '12345678Z', { ttlSeconds: 3600 });
      await stack.links.link(`asid-of-${subject.userId}`, subject);
    }
    await context.sendActivity(`name=${(await name.get(context)) ?? '?'} turns=${count}`);
  };
  const adapter = new TestAdapter(logic);
  adapter.use(new SubjectScopeMiddleware());
  adapter.use(new TranscriptLoggerMiddleware(stack.transcripts));
  adapter.use(new AutoSaveStateMiddleware(userState, conversationState));
  const say = async (text: string, user: string): Promise<string> => {
    const replies: string[] = [];
    const activity: Partial<Activity> = {
      ...adapter.makeActivity(text),
      channelId: 'facebook',
      from: { id: user, name: `Name of ${user}` },
      conversation: { id: `${user}-page` } as ConversationAccount,
    };
    await adapter.processActivity(activity, async (context) => {
      context.onSendActivities(async (_ctx, activities, next) => {
        for (const sent of activities) replies.push(sent.text ?? '');
        return next();
      });
      await logic(context);
    });
    await stack.transcripts.flush();
    return replies.join('\n');
  };
  return { ...stack, say };
}

const alice: DataSubject = { channelId: 'facebook', userId: 'alice-4711' };

describe.each(['redis', 'cluster'] as const)('subject key rotation on %s', (backend) => {
  let prefix: string;
  let processes: Array<ReturnType<typeof botProcess>>;
  let cluster: RunningRedisCluster | undefined;
  if (backend === 'cluster') {
    beforeAll(async () => {
      cluster = await startRedisCluster({ masters: 3, replicas: 0 });
    }, 60_000);
    afterAll(async () => {
      await cluster?.stop();
    });
  }
  // Each "process" has its own client; on a Cluster, a person's old and new keys sit in different slots.
  const connect = (): Redis | Cluster =>
    backend === 'redis'
      ? testRedis()
      : new Cluster(cluster!.nodes, { redisOptions: { maxRetriesPerRequest: 1 } });
  const start = (ring: SubjectKeyRing, audit?: AuditLog) => {
    const made = botProcess(prefix, ring, connect, audit);
    processes.push(made);
    return made;
  };

  beforeEach(() => {
    prefix = uniquePrefix('rot');
    processes = [];
  });
  afterEach(async () => {
    await Promise.all(processes.map((p) => p.redis.quit()));
  });

  it('a person active before the rotation finds everything after it, and nothing is left under the old key', async () => {
    const before = start(RING_BEFORE);
    expect(await before.say('my name is Alice', alice.userId)).toBe('name=Alice turns=1');
    await before.say('consent', alice.userId);
    const oldDigest = before.keyspace.digester.digest(alice);
    const [oldReceipt] = await before.consents.list(alice);
    expect(oldReceipt.subjectDigest).toBe(oldDigest);

    const audited: AuditEvent[] = [];
    const audit: AuditLog = {
      append: async (event) => {
        audited.push(event);
        return { ...event, id: '1', at: '', previous: '', chain: '' } as AuditEntry;
      },
    };
    const after = start(RING_AFTER, audit);
    const newDigest = after.keyspace.digester.digest(alice);
    expect(newDigest).not.toBe(oldDigest);
    // Their next turn: name and conversation state are there (moved before the turn read them).
    expect(await after.say('hello again', alice.userId)).toBe('name=Alice turns=3');

    const receipts = await after.consents.list(alice);
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({ receiptId: oldReceipt.receiptId, subjectDigest: newDigest });
    expect(await after.sensitive.get(alice, TAX_ID_PURPOSE.id)).toBe('12345678Z');
    expect(await after.links.subjectsFor(`asid-of-${alice.userId}`)).toEqual([alice]);
    const [history] = await after.transcripts.exportSubject(alice);
    const texts = JSON.stringify(history.data);
    for (const text of ['my name is Alice', 'consent', 'hello again']) expect(texts).toContain(text);

    const stored = await everything(after.redis, prefix);
    expect(stored.filter((entry) => entry.includes(oldDigest))).toEqual([]);
    expect(stored).toContain(`${prefix}:{${newDigest}}:index:k2`);
    expect(stored.some((entry) => entry.endsWith(':index:k1'))).toBe(false);
    // Sensitive values stay sealed at rest, for the new digest.
    expect(stored.filter((entry) => entry.includes('12345678Z'))).toEqual([]);
    // The move is in the audit trail: the new digest and the key ids, never an id.
    expect(audited).toEqual([
      {
        operation: 'secret.rotated',
        origin: 'system',
        subjectDigest: newDigest,
        detail: { secret: 'subject', fromKey: 'k1', toKey: 'k2', keys: expect.any(Number) },
      },
    ]);
  });

  it('turns running at once, in two processes, during the move see the whole state, never half of it', async () => {
    const before = start(RING_BEFORE);
    await before.say('my name is Alice', alice.userId);
    for (let i = 0; i < 4; i++) await before.say(`message ${i}`, alice.userId);
    const one = start(RING_AFTER);
    const two = start(RING_AFTER);
    const replies = await Promise.all([
      one.say('a', alice.userId),
      two.say('b', alice.userId),
      one.say('c', alice.userId),
      two.say('d', alice.userId),
    ]);
    // Every turn saw the name and the 5 turns counted before the rotation (never a fresh state).
    for (const reply of replies) expect(reply).toMatch(/^name=Alice turns=(6|7|8|9)$/);
    const [history] = await one.transcripts.exportSubject(alice);
    const texts = (history.data as Array<{ text?: string }>).map((entry) => entry.text);
    // Moved once: no entry of the old history is doubled by the two processes.
    expect(texts.filter((text) => text === 'message 0')).toHaveLength(1);
    expect(texts.filter((text) => text === 'my name is Alice')).toHaveLength(1);
  });

  it('a person still under the old key is erased completely by an erasure request after the rotation', async () => {
    const before = start(RING_BEFORE);
    await before.say('my name is Alice', alice.userId);
    await before.say('consent', alice.userId);
    await before.say('someone else', 'bob-0815');
    const oldDigest = before.keyspace.digester.digest(alice);

    const after = start(RING_AFTER);
    const newDigest = after.keyspace.digester.digest(alice);
    const receipt = await after.storage.eraseSubject(alice);
    expect(receipt).toMatchObject({ verified: true, subjectDigest: newDigest });
    expect(receipt.keysRemoved).toBeGreaterThanOrEqual(5);

    const left = (await everything(after.redis, prefix)).filter(
      (entry) => entry.includes(oldDigest) || entry.includes(newDigest) || entry.includes('alice'),
    );
    // Only the tombstones (one per key of the ring) remain, and the proof names the new digest only.
    expect(left.filter((entry) => !/:epoch( = \d+)?$/.test(entry) && !entry.includes(':erasure:'))).toEqual(
      [],
    );
    expect(await after.links.subjectsFor(`asid-of-${alice.userId}`)).toEqual([]);
    expect(await after.say('hello', alice.userId)).toBe('name=? turns=1');
    expect(await after.say('hello', 'bob-0815')).toBe('name=? turns=2');
  });

  it('a person who cannot be moved (an item no store knows) gets an error, not an empty state; erasure still works', async () => {
    const before = start(RING_BEFORE);
    await before.say('my name is Alice', alice.userId);
    const oldDigest = before.keyspace.digester.digest(alice);
    await before.keyspace.writeOwned(oldDigest, before.keyspace.ownedKey(oldDigest, 'custom', 'x'), 'v');
    const after = start(RING_AFTER);
    await expect(after.keyspace.moveSubject(alice)).rejects.toThrow(
      'No store registered to move items of kind "custom".',
    );
    await expect(after.say('hello', alice.userId)).rejects.toThrow(/kind "custom"/);
    // Nothing moved, nothing lost: the old key still holds it all, and erasure finds it there.
    expect(
      (await everything(after.redis, prefix)).filter((e) => e.includes(oldDigest)).length,
    ).toBeGreaterThan(3);
    await after.storage.eraseSubject(alice);
    const left = (await everything(after.redis, prefix)).filter((e) => e.includes(oldDigest));
    expect(left.filter((entry) => !/:epoch( = \d+)?$/.test(entry))).toEqual([]);
  });

  it('new people are written under the newest key only, and a one-key ring pays no look-up', async () => {
    const after = start(RING_AFTER);
    await after.say('my name is Carol', 'carol-1');
    const digest = after.keyspace.digester.digest({ channelId: 'facebook', userId: 'carol-1' });
    const stored = await everything(after.redis, prefix);
    expect(stored).toContain(`${prefix}:{${digest}}:index:k2`);
    expect(stored.some((entry) => entry.includes(':index:k1'))).toBe(false);
    const single = start(RING_BEFORE);
    expect(single.keyspace.pendingMove({ channelId: 'facebook', userId: 'carol-1' })).toBeUndefined();
  });
});

describe('subject key ring configuration', () => {
  const production = { NODE_ENV: 'production' };

  it('refuses a missing or short subject secret in production, naming the variable only', () => {
    expect(() => resolveSubjectKeyRing(undefined, production)).toThrow(ConfigurationError);
    expect(() => resolveSubjectKeyRing(undefined, production)).toThrow(/^PRIVACY_SUBJECT_SECRET is not set/);
    expect(() =>
      resolveSubjectKeyRing(undefined, { ...production, PRIVACY_SUBJECT_SECRET: 'short-one' }),
    ).toThrow(/^PRIVACY_SUBJECT_SECRET is too short: use at least 32 characters/);
    expect(() =>
      resolveSubjectKeyRing(undefined, { ...production, PRIVACY_SUBJECT_SECRETS: `k2:tiny,k1:${K1}` }),
    ).toThrow(/^PRIVACY_SUBJECT_SECRETS, key "k2" is too short/);
    // The library itself refuses, not only the example: a store cannot be built.
    const saved = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    const secrets = [process.env.PRIVACY_SUBJECT_SECRET, process.env.PRIVACY_SUBJECT_SECRETS];
    delete process.env.PRIVACY_SUBJECT_SECRET;
    delete process.env.PRIVACY_SUBJECT_SECRETS;
    const redis = testRedis();
    try {
      expect(() => new RedisStorage({ redis })).toThrow(/PRIVACY_SUBJECT_SECRET is not set/);
      expect(() => new RedisStorage({ redis, subjectSecret: K2 })).not.toThrow();
    } finally {
      process.env.NODE_ENV = saved;
      if (secrets[0] !== undefined) process.env.PRIVACY_SUBJECT_SECRET = secrets[0];
      if (secrets[1] !== undefined) process.env.PRIVACY_SUBJECT_SECRETS = secrets[1];
      void redis.quit();
    }
  });

  it('keeps working in development, and an older short key may stay in the ring while data leaves it', () => {
    expect(resolveSubjectKeyRing(undefined, { NODE_ENV: 'test' }).keys).toHaveLength(1);
    const ring = resolveSubjectKeyRing(undefined, {
      ...production,
      PRIVACY_SUBJECT_SECRETS: `k2:${K2},k1:short`,
    });
    expect(ring.keys.map((key) => key.id)).toEqual(['k2', 'k1']);
  });

  it('rejects bad key ids, repeated ids and repeated secrets with clear errors that never show a secret', () => {
    const cases: Array<[string, RegExp]> = [
      [`k 2:${K2}`, /entry 1: expected "id:secret"/],
      [`${K2}`, /entry 1: expected "id:secret"/],
      [`k2:${K2},k2:${K1}`, /key id "k2" is listed twice/],
      [`k2:${K2},k1:${K2}`, /same secret/],
      [`k2:${K2},k1:`, /key "k1": the secret is empty/],
      [`k2:${K2},${'x'.repeat(33)}:${K1}`, /entry 2: expected "id:secret"/],
    ];
    for (const [text, message] of cases) {
      let error: unknown;
      try {
        SubjectKeyRing.parse(text);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).toMatch(/^PRIVACY_SUBJECT_SECRETS/);
      expect((error as Error).message).not.toContain(K1);
      expect((error as Error).message).not.toContain(K2);
    }
  });
});
