import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { createSubjectScope, runInSubjectScope } from '../../src/core/subject-scope';
import { RedisStorage } from '../../src/storage/redis-storage';
import { snapshot, testRedis, testRedisUrl, uniquePrefix } from '../support/redis';
import { startAgent, type RunningAgent } from './agent-process';

/**
 * The Agents SDK example (`npm run start:agents`) as a channel sees it: a real process on a real port,
 * on the test run's real Redis, driven over HTTP with `deliveryMode: expectReplies`.
 */
const ROOT = join(__dirname, '../..');
const SUBJECT_SECRET = `agents-example-${randomBytes(8).toString('hex')}`;
const PREFIX = uniquePrefix('agents');

interface Reply {
  text?: string;
  suggestedActions?: { actions: Array<{ title: string; value: unknown }> };
}

/** A Messenger user talking to the agent over HTTP (`type` other than message: e.g. deleteUserData). */
function messengerUser(url: string, userId: string) {
  const conversationId = `conv-${userId}`;
  let sent = 0;
  return async (text: string, type = 'message'): Promise<Reply[]> => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type,
        id: `${userId}-${++sent}`,
        text,
        channelId: 'facebook',
        locale: 'en-US',
        serviceUrl: 'https://facebook.botframework.invalid/',
        from: { id: userId, role: 'user' },
        recipient: { id: 'home-services-page', role: 'bot' },
        conversation: { id: conversationId },
        deliveryMode: 'expectReplies',
      }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { activities: Reply[] }).activities;
  };
}

/**
 * Runs the QA convos against `url` through the QA command line, as a person would (`npm run qa -- qa/convos
 * --url ...`): the one call to re-point when the runner changes.
 */
async function expectConvosPass(url: string): Promise<void> {
  const qa = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', 'scripts/qa.ts', 'qa/convos', '--url', url],
    { cwd: ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let report = '';
  qa.stdout!.on('data', (chunk: Buffer) => (report += chunk.toString()));
  qa.stderr!.on('data', (chunk: Buffer) => (report += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => qa.once('exit', resolve));
  expect(report).toContain('14 passed, 0 failed');
  expect(report).not.toContain('FAIL');
  expect(code).toBe(0);
}

const texts = (replies: Reply[]) => replies.map((r) => r.text ?? '').join('\n');

describe('the Agents SDK example on Redis, over HTTP', () => {
  let agent: RunningAgent;
  let redis: Redis;

  beforeAll(async () => {
    agent = await startAgent({
      REDIS_URL: testRedisUrl(),
      REDIS_PREFIX: PREFIX,
      PRIVACY_SUBJECT_SECRET: SUBJECT_SECRET,
    });
    redis = testRedis();
  }, 40_000);

  afterAll(async () => {
    await redis?.quit();
    if (agent) expect(await agent.stop()).toContain('Stopped.'); // graceful shutdown, Redis closed
  });

  it('says first that it keeps everything in Redis', () => {
    expect(agent.output().split('\n')[0]).toBe('Storage: Redis (REDIS_URL is set)');
  });

  it('passes the QA convos unchanged (npm run qa -- qa/convos --url)', async () => {
    await expectConvosPass(agent.url);
  }, 90_000);

  it("passes them on Botium's own engine too, with the shipped botium.json unchanged", async () => {
    const botium = spawn(process.execPath, [join(ROOT, 'test/qa/botium-core-plain.js'), 'qa/convos'], {
      cwd: ROOT,
      env: { ...process.env, BOTIUM_SIMPLEREST_URL: agent.url, BOTIUM_TEMPDIR: join(tmpdir(), 'botium') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    botium.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    botium.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => botium.once('close', resolve));
    expect(out).toContain('14 passed, 0 failed');
    expect(code).toBe(0);
  }, 90_000);

  it("erases a Messenger user's state, TurnState, history and consents from Redis via the menu, and nobody else's", async () => {
    const alice = `alice-psid-${randomBytes(4).toString('hex')}`;
    const bob = `bob-psid-${randomBytes(4).toString('hex')}`;
    const aliceSays = messengerUser(agent.url, alice);
    const bobSays = messengerUser(agent.url, bob);

    await bobSays('hello');
    await bobSays('book');
    await bobSays('Plumbing');
    const beforeAlice = await snapshot(redis, PREFIX);

    await aliceSays('hello');
    await aliceSays('invoice');
    await aliceSays('Yes, I agree');
    expect(texts(await aliceSays('12345678Z'))).toContain('Customer C-1001');
    const aliceDay = `Friday-${randomBytes(3).toString('hex')}`;
    await aliceSays('book');
    await aliceSays('Electrical');
    expect(texts(await aliceSays(aliceDay))).toContain(`Electrical visit booked for ${aliceDay}`);
    const withAlice = await snapshot(redis, PREFIX);
    const aliceKeys = [...withAlice.keys()].filter((key) => !beforeAlice.has(key));
    expect(aliceKeys.length).toBeGreaterThan(3);

    // Her Agents SDK TurnState, written by the AgentApplication through RedisStorage.
    const storage = new RedisStorage({ redis, prefix: PREFIX, subjectSecret: SUBJECT_SECRET });
    const turnStateKeys = [
      `facebook/home-services-page/users/${alice}`,
      `facebook/home-services-page/conversations/conv-${alice}`,
    ];
    const aliceScope = () =>
      createSubjectScope({ channelId: 'facebook', userId: alice }, { id: `conv-${alice}` });
    const turnState = await runInSubjectScope(aliceScope(), () => storage.read(turnStateKeys));
    expect(Object.keys(turnState).sort()).toEqual([...turnStateKeys].sort());

    const menu = await aliceSays('privacy');
    expect(menu[0].suggestedActions?.actions.map((a) => a.title)).toContain('Delete my data');
    expect(texts(await aliceSays('Delete my data'))).toContain('deletes everything');
    expect(texts(await aliceSays('Yes, delete'))).toMatch(
      /your data has been deleted[\s\S]*confirmation code/,
    );

    const after = await snapshot(redis, PREFIX);
    const leftOfAlice = aliceKeys.filter((key) => after.has(key));
    // What may stay: the anonymous daily counters (outside every index by design), which name nobody.
    for (const key of leftOfAlice) expect(key.startsWith(`${PREFIX}:m:`)).toBe(true);
    const mentions = [...after.entries()].filter(([key, value]) =>
      [alice, '12345678Z', aliceDay].some((s) => key.includes(s) || value.includes(s)),
    );
    expect(mentions).toEqual([]);
    expect(await runInSubjectScope(aliceScope(), () => storage.read(turnStateKeys))).toEqual({});

    // Bob's data is untouched: every key he had is still there, his conversation carries on. (The
    // counters and the audit trail, which records Alice's erasure under her digest, name nobody.)
    for (const [key, value] of beforeAlice) {
      if (!key.startsWith(`${PREFIX}:m:`) && !key.startsWith(`${PREFIX}:{audit}:`))
        expect([key, after.get(key)]).toEqual([key, value]);
    }
    expect(texts(await bobSays('Tuesday'))).toContain('Plumbing visit booked for Tuesday');
  }, 60_000);

  it('erases the user on a Bot Framework deleteUserData activity', async () => {
    const carol = `carol-psid-${randomBytes(4).toString('hex')}`;
    const carolSays = messengerUser(agent.url, carol);
    await carolSays('hello');
    await carolSays('book');
    const mentionsCarol = async () =>
      [...(await snapshot(redis, PREFIX)).entries()].filter(
        ([k, v]) => k.includes(carol) || v.includes(carol),
      );
    expect((await mentionsCarol()).length).toBeGreaterThan(0); // her history names her (plaintext values)
    await carolSays('', 'deleteUserData');
    expect(await mentionsCarol()).toEqual([]);
  }, 30_000);

  it('counts the privacy menu and erasures anonymously: /metrics names no user', async () => {
    const metrics = await (await fetch(agent.url.replace('/api/messages', '/metrics'))).text();
    expect(metrics).toContain('event="click",dimension="PRIVACY_DELETE",channel="facebook"');
    expect(metrics).toMatch(/event="erasure.completed"[^\n]*channel="facebook"\} [1-9]/);
    expect(metrics).not.toMatch(/psid|qa-user-|12345678Z/); // Messenger users here, QA runner users
  });

  it('answers 400, not 500, to an activity the Agents SDK refuses, and keeps serving', async () => {
    const response = await fetch(agent.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'hi', channelId: 'facebook', conversation: { id: 7 } }),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).not.toContain('hi');
    expect(texts(await messengerUser(agent.url, 'dave-psid')('hello'))).toContain('Hello');
  });
});

describe('the Agents SDK example in memory (no REDIS_URL)', () => {
  it('says so first, passes the same QA convos and stops cleanly', async () => {
    const agent = await startAgent({ REDIS_URL: '' });
    try {
      expect(agent.output().split('\n')[0]).toBe(
        'Storage: in-memory (REDIS_URL is not set; data is lost on restart)',
      );
      await expectConvosPass(agent.url);
    } finally {
      expect(await agent.stop()).toContain('Stopped.');
    }
  }, 90_000);
});
