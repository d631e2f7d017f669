import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { verifyAuditStore } from '../../src/core/audit/audit-chain';
import { AuditKeyring } from '../../src/core/audit/audit-keyring';
import { SubjectDigester } from '../../src/core/subject';
import { RedisAuditLog } from '../../src/storage/redis-audit-log';
import {
  book,
  CONFIRMATION_CODE,
  decodedAttachments,
  eraseThroughMenu,
  randomTurn,
  seededRandom,
  sendTurn,
  simulatedUser,
  type SimulatedUser,
} from '../support/bot-traffic';
import { freePort } from '../support/redis-server';
import { snapshot, testRedis, testRedisUrl, uniquePrefix } from '../support/redis';

// Two example processes, started as `npm start` starts them, share one Redis. 50 people chat with random
// turns spread over both; 10 of them erase through the privacy menu (on either process, while the others
// keep chatting, half of them with a turn of their own racing the erasure on the other process).
// Afterwards nothing of the 10 is left in Redis nor comes back, and the 40 are intact.

const SECRET = randomBytes(32).toString('base64');
const AUDIT_SECRET = randomBytes(32).toString('base64');
const PEOPLE = 50;
const ERASERS = 10;
const TURNS_EACH = 6;

interface RunningBot {
  url: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
}

async function startBot(prefix: string): Promise<RunningBot> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', 'examples/home-services-bot/index.ts'],
    {
      cwd: join(__dirname, '../..'),
      env: {
        PATH: process.env.PATH ?? '',
        PORT: String(port),
        REDIS_URL: testRedisUrl(),
        REDIS_PREFIX: prefix,
        PRIVACY_SUBJECT_SECRET: SECRET,
        PRIVACY_AUDIT_SECRET: AUDIT_SECRET,
        PRIVACY_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 40_000;
  while (!output.includes('listening') && child.exitCode === null && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!output.includes('listening')) throw new Error(`the example did not start:\n${output}`);
  return { url: `http://127.0.0.1:${port}`, child, exited, output: () => output };
}

/** Every string of one person that must not be in Redis after their erasure. */
function traces(user: SimulatedUser): string[] {
  return [user.userId, user.name, user.name.split(' ')[0], user.day, user.conversationId, digestOf(user)];
}

const digester = new SubjectDigester(SECRET);
function digestOf(user: SimulatedUser): string {
  return digester.digest({ channelId: user.channelId, userId: user.userId });
}

/** The person's own keys (named by their digest), except the epoch tombstone. */
function ownKeys(stored: Map<string, string>, user: SimulatedUser): Map<string, string> {
  const tag = `{${digestOf(user)}}`;
  return new Map([...stored].filter(([key]) => key.includes(tag) && !key.endsWith('}:epoch')));
}

function stampsOf(stored: Map<string, string>, user: SimulatedUser): Set<string> {
  const stamps = new Set<string>();
  for (const value of ownKeys(stored, user).values()) {
    for (const stamp of value.match(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g) ?? []) stamps.add(stamp);
  }
  return stamps;
}

function found(stored: Map<string, string>, needle: string): string[] {
  return [...stored].filter(([key, value]) => key.includes(needle) || value.includes(needle)).map(([k]) => k);
}

/**
 * What an erasure leaves on purpose, named by the subject digest only: the epoch tombstone (it stops
 * writes of turns that loaded state before the erasure) and the pseudonymous proof under the confirmation
 * code. The shared transcript listings (`tl:<channel>`, `tc:<conversation>`) are issue 10's finding 3, fixed
 * on its own branch; they are exempted here until it is merged.
 */
function leftOnPurpose(key: string, prefix: string): boolean {
  return key.endsWith('}:epoch') || key.startsWith(`${prefix}:erasure:`);
}

describe('two example processes on one Redis', () => {
  const prefix = uniquePrefix('two');
  const redis = testRedis();
  let bots: RunningBot[] = [];

  beforeAll(async () => {
    bots = await Promise.all([startBot(prefix), startBot(prefix)]);
  }, 60_000);
  afterAll(async () => {
    for (const bot of bots) bot.child.kill('SIGTERM');
    const codes = await Promise.all(bots.map((bot) => bot.exited));
    await redis.quit();
    expect(codes).toEqual([0, 0]);
  });

  it('erases 10 of 50 people completely, with nothing resurrected, and leaves the 40 intact', async () => {
    const random = seededRandom(Number(process.env.DISTRIBUTED_SEED ?? 10));
    const either = () => bots[Math.floor(random() * bots.length)].url;
    const run = randomBytes(3).toString('hex');
    const people = Array.from({ length: PEOPLE }, (_, i) => simulatedUser(run, i));
    const erasers = people.slice(0, ERASERS);
    const keepers = people.slice(ERASERS);

    // Everyone books a visit whose day is their own unique word, then chats at random, on both processes.
    await Promise.all(
      people.map(async (user) => {
        expect((await book(either, user)).texts.join(' ')).toContain(user.day);
        for (let i = 0; i < TURNS_EACH; i++) {
          expect((await randomTurn(either, user, random)).status).toBe(200);
        }
      }),
    );
    const before = await snapshot(redis, prefix);
    expect(people.filter((user) => found(before, user.day).length === 0)).toEqual([]);

    // The 10 erase while the 40 keep chatting; every other eraser has a turn racing on the other process.
    const codes = await Promise.all([
      ...erasers.map(async (user, i) => {
        if (i % 2 === 1) {
          // The racing turn meets the erasure itself (the confirmation), not the menu's first steps: a turn
          // that loaded state before "privacy" was saved would, as botbuilder's last writer, reopen the menu
          // at its first step, and the confirmation would then be "not understood".
          await sendTurn(bots[0].url, user, 'privacy');
          await sendTurn(bots[0].url, user, 'PRIVACY_DELETE');
          const [done] = await Promise.all([
            sendTurn(bots[0].url, user, 'PRIVACY_DELETE_CONFIRM'),
            sendTurn(bots[1].url, user, 'help'),
          ]);
          // A racing turn that starts after the erasure is a new first contact: when its writes land before
          // the erasure's re-check, the re-check finds them and the person is told to try again (erasure is
          // idempotent). They do, as a person would; the second erasure must succeed.
          if (CONFIRMATION_CODE.test(done.texts.join(' '))) return done;
          return eraseThroughMenu(bots[0].url, user);
        }
        return eraseThroughMenu(either, user);
      }),
      ...keepers.map(async (user) => {
        for (let i = 0; i < 3; i++) await randomTurn(either, user, random);
        return undefined;
      }),
    ]);
    for (const done of codes.slice(0, ERASERS)) {
      expect(done?.status).toBe(200);
      expect(done?.texts.join(' ')).toMatch(CONFIRMATION_CODE);
    }

    // Late writes (transcripts are logged after the reply) have time to land, or to be dropped.
    await new Promise((r) => setTimeout(r, 1_000));
    const after = await snapshot(redis, prefix);
    const left = erasers.flatMap((user, i) =>
      // A turn racing the erasure may legitimately start a new, empty life for that person (their
      // greeting, captured name); what they said before the erasure must not come back.
      (i % 2 === 1 ? [user.day] : traces(user)).flatMap((needle) =>
        found(after, needle)
          .filter((key) => !(needle === digestOf(user) && leftOnPurpose(key, prefix)))
          .map((key) => `${needle} in ${key}`),
      ),
    );
    expect(left).toEqual([]);

    // Both processes appended to one audit trail at once: one chain, which verifies, with every erasure.
    const keys = new AuditKeyring([{ id: 'k1', secret: AUDIT_SECRET }]);
    const audit = new RedisAuditLog({ redis, prefix, keys });
    expect(await verifyAuditStore(audit, keys)).toMatchObject({ ok: true });
    const erasures = (await audit.read()).filter((e) => e.operation === 'erasure' && e.origin === 'menu');
    expect(new Set(erasures.map((e) => e.subjectDigest))).toEqual(new Set(erasers.map(digestOf)));

    // No resurrection: a racing turn that loaded state before the erasure must not save it afterwards.
    // Every state and history value carries timestamps of its own life (nameCheckedAt, activity times):
    // none of the old life's may be in the person's keys now.
    const resurrected = erasers
      .filter((_, i) => i % 2 === 1)
      .flatMap((user) => {
        const old = stampsOf(before, user);
        expect(old.size).toBeGreaterThan(0);
        return [...ownKeys(after, user)]
          .filter(([, value]) => [...old].some((stamp) => value.includes(stamp)))
          .map(([key]) => `${user.userId}: ${key}`);
      });
    expect(resurrected).toEqual([]);

    // The 40: their booking is still in Redis, and each process exports it.
    for (const user of keepers) expect(found(after, user.day)).not.toEqual([]);
    for (const user of keepers.filter((u) => u.channelId === 'webchat')) {
      for (const bot of bots) {
        const exported = await sendTurn(bot.url, user, 'PRIVACY_EXPORT');
        expect(decodedAttachments(exported)).toContain(user.day);
      }
    }
    expect(bots.map((bot) => bot.output())).not.toContainEqual(expect.stringMatching(/Turn failed|HTTP 500/));
  }, 120_000);
});
