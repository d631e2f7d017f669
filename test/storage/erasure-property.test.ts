import fc from 'fast-check';
import { Redis } from 'ioredis';
import { createSubjectScope, runInSubjectScope } from '../../src/core/subject-scope';
import { RedisStorage } from '../../src/storage/redis-storage';
import { type DataSubject } from '../../src/core/subject';
import { startRedisServer, type RunningRedis } from '../support/redis-server';
import { snapshot } from '../support/redis';

// Erasure must remove exactly one subject, whatever characters its id holds, while thousands of other
// subjects' data stays byte-for-byte intact. This file has its own redis-server so it can count keys.

const PREFIX = 'bbpp';
const OTHER_SUBJECTS = 2000;
const TRICKY_IDS = [
  '*',
  '?',
  '[a-z]',
  '\\',
  '{',
  '}',
  '{}',
  '{x}',
  'a/b',
  'a',
  'a:b',
  ' ',
  '😀',
  'users/',
  '/',
];

let server: RunningRedis;
let redis: Redis;
let storage: RedisStorage;
let baseline: Map<string, string>;

function stateKeys(subject: DataSubject, conversationId: string): string[] {
  const { channelId, userId } = subject;
  return [
    `${channelId}/users/${userId}/`,
    `${channelId}/conversations/${conversationId}/`,
    `${channelId}/conversations/${conversationId}/users/${userId}/`,
  ];
}

async function writeSubject(subject: DataSubject, conversationId: string): Promise<void> {
  const scope = createSubjectScope(subject, { id: conversationId, oneToOne: true });
  await runInSubjectScope(scope, () =>
    storage.write(
      Object.fromEntries(
        stateKeys(subject, conversationId).map((key, i) => [key, { owner: subject.userId, i }]),
      ),
    ),
  );
}

async function readSubject(subject: DataSubject, conversationId: string) {
  const scope = createSubjectScope(subject, { id: conversationId, oneToOne: true });
  return runInSubjectScope(scope, () => storage.read(stateKeys(subject, conversationId)));
}

beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url);
  storage = new RedisStorage({ redis, prefix: PREFIX, subjectSecret: 'property' });
  const others: DataSubject[] = [
    ...TRICKY_IDS.map((userId) => ({ channelId: 'facebook', userId })),
    ...Array.from({ length: OTHER_SUBJECTS }, (_, i) => ({
      channelId: i % 2 ? 'facebook' : 'webchat',
      userId: `u${i}`,
    })),
  ];
  for (let i = 0; i < others.length; i += 200) {
    await Promise.all(others.slice(i, i + 200).map((s, j) => writeSubject(s, `c-${i + j}`)));
  }
  baseline = await snapshot(redis, PREFIX);
}, 60_000);

afterAll(async () => {
  await redis.quit();
  await server.stop();
});

const idCharacters = fc.constantFrom(...'*?[]\\{}:/ -_.aZ09😀é\u0000'.split(''), ...TRICKY_IDS);
const userIds = fc.oneof(
  fc.array(idCharacters, { minLength: 1, maxLength: 12 }).map((parts) => parts.join('')),
  fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }),
  fc.string({ minLength: 1000, maxLength: 1024, unit: 'binary' }),
);

it('erases exactly the subject, for any user id, and leaves every other subject intact', async () => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(
      userIds,
      fc.constantFrom('facebook', 'webchat', 'emulator'),
      async (userId, channelId) => {
        run++;
        const target = { channelId, userId: `${userId}#${run}` };
        const conversationId = `conv-${userId}`;
        // Neighbours whose ids share a prefix, a suffix or glob characters with the target.
        const neighbours = [`${target.userId}*`, `${target.userId}/x`, target.userId.slice(0, -1) || 'n'].map(
          (id) => ({ channelId, userId: id }),
        );
        await writeSubject(target, conversationId);
        for (const n of neighbours) await writeSubject(n, `n-${n.userId}`);

        const receipt = await storage.eraseSubject(target);
        expect(receipt).toMatchObject({ keysRemoved: 3, verified: true });
        expect(await readSubject(target, conversationId)).toEqual({});
        expect(await storage.keyspace.subjectKeys(target)).toEqual([]);
        for (const n of neighbours) {
          const items = await readSubject(n, `n-${n.userId}`);
          expect(Object.values(items).map((item) => item.owner)).toEqual([n.userId, n.userId, n.userId]);
        }
        for (const n of neighbours) await storage.eraseSubject(n);
      },
    ),
    { numRuns: 60 },
  );
  const after = await snapshot(redis, PREFIX);
  for (const [key, value] of baseline) expect(after.get(key)).toBe(value);
}, 60_000);
