import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { configFromEnv, createBotApp } from '../../examples/home-services-bot/app';
import { chatHistoryFromEnv } from '../../examples/home-services-bot/chat-history';
import { ConfigurationError } from '../../src/core/errors';
import { snapshot, testRedis, testRedisUrl, uniquePrefix } from '../support/redis';
import { messengerMessage, serveBotApp } from './serve-example';

// The example bot over real HTTP on a real Redis, with a small history cap (PRIVACY_HISTORY_MAX_ENTRIES):
// after more messages than the cap, the person's download holds only the newest ones, and Redis no more.

const prefix = uniquePrefix('history');
const redis = testRedis();
const MAX_ENTRIES = 10;
let server: { url: string; close(): Promise<void> };

beforeAll(async () => {
  server = await serveBotApp(
    createBotApp(
      configFromEnv({
        REDIS_URL: testRedisUrl(),
        REDIS_PREFIX: prefix,
        PRIVACY_CENTER_SECRET: 'history-cap-test-secret-0123456789abcdef',
        PRIVACY_HISTORY_MAX_ENTRIES: String(MAX_ENTRIES),
      }),
    ),
  );
});
afterAll(async () => {
  await server.close();
  await redis.quit();
});

interface Reply {
  text?: string;
  channelData?: { attachment?: { payload?: { buttons?: Array<{ type?: string; url?: string }> } } };
}

async function say(text: string, user: string): Promise<Reply[]> {
  const response = await fetch(`${server.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(messengerMessage(text, user)),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { activities?: Reply[] }).activities ?? [];
}

it('after more messages than PRIVACY_HISTORY_MAX_ENTRIES, the download and Redis hold only the newest', async () => {
  const user = `psid-history-${Date.now()}`;
  const notes = Array.from({ length: 14 }, (_, i) => `note-${String(i + 1).padStart(2, '0')}`);
  for (const note of notes) await say(note, user);

  const replies = await say('PRIVACY_EXPORT', user);
  const button = replies
    .flatMap((reply) => reply.channelData?.attachment?.payload?.buttons ?? [])
    .find((b) => b.type === 'web_url' && b.url?.endsWith('/my-data.json'));
  expect(button).toBeDefined();
  // The link names the configured public URL; the server under test listens on a port of its own.
  const download = await fetch(`${server.url}${new URL(button!.url!).pathname}`);
  expect(download.status).toBe(200);
  const body = JSON.stringify(await download.json());

  // Every turn logs the person's message and the bot's answer(s): the newest notes are there, in order...
  const exported = notes.filter((note) => body.includes(`"${note}"`));
  expect(exported.length).toBeGreaterThan(0);
  expect(exported).toEqual(notes.slice(notes.length - exported.length));
  expect(exported).toContain('note-14');
  // ...and no more than the cap of entries: the oldest notes are gone from the export and from Redis.
  expect(exported.length).toBeLessThan(MAX_ENTRIES);
  const stored = [...(await snapshot(redis, prefix)).values()].join('\n');
  for (const note of notes.slice(0, notes.length - MAX_ENTRIES)) {
    expect(body).not.toContain(note);
    expect(stored).not.toContain(note);
  }
  const lists = [...(await snapshot(redis, prefix)).entries()].filter(([key]) => /:t:/.test(key));
  expect(lists).toHaveLength(1);
  expect(lists[0][1].split('\u0001')).toHaveLength(MAX_ENTRIES);
});

it('refuses a bad PRIVACY_HISTORY_MAX_ENTRIES or PRIVACY_HISTORY_MAX_DAYS with an error naming it', () => {
  expect(chatHistoryFromEnv({})).toEqual({ maxEntries: 1000, maxAgeDays: 90 });
  expect(chatHistoryFromEnv({ PRIVACY_HISTORY_MAX_ENTRIES: ' 50 ', PRIVACY_HISTORY_MAX_DAYS: '30' })).toEqual(
    {
      maxEntries: 50,
      maxAgeDays: 30,
    },
  );
  for (const [name, value] of [
    ['PRIVACY_HISTORY_MAX_ENTRIES', '0'],
    ['PRIVACY_HISTORY_MAX_ENTRIES', '1e3'],
    ['PRIVACY_HISTORY_MAX_ENTRIES', 'lots'],
    ['PRIVACY_HISTORY_MAX_DAYS', '-5'],
    ['PRIVACY_HISTORY_MAX_DAYS', '7.5'],
    ['PRIVACY_HISTORY_MAX_DAYS', '99999'],
  ]) {
    expect(() => configFromEnv({ [name]: value })).toThrow(ConfigurationError);
    expect(() => configFromEnv({ [name]: value })).toThrow(new RegExp(`^${name} must be a whole number`));
  }
});

it('the terms of use state the history cap the bot runs with', async () => {
  const memoryBot = await serveBotApp(
    createBotApp(configFromEnv({ PRIVACY_HISTORY_MAX_ENTRIES: '2500', PRIVACY_HISTORY_MAX_DAYS: '30' })),
  );
  try {
    const response = await fetch(`${memoryBot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(messengerMessage('PRIVACY_TERMS', 'psid-terms')),
    });
    const { activities } = (await response.json()) as { activities: Reply[] };
    expect(activities.map((a) => a.text ?? '').join('\n')).toContain(
      'The chat history: to answer you and book your visits. Legal basis: providing the service you asked for. Kept: the last 30 days, at most 2,500 messages (yours and ours) per conversation. Shared with: nobody.',
    );
  } finally {
    await memoryBot.close();
  }
});

it('npm start with PRIVACY_HISTORY_MAX_DAYS=abc refuses to start: one line naming the variable, exit 1', async () => {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', 'examples/home-services-bot/index.ts'],
    {
      cwd: join(__dirname, '../..'),
      env: { PATH: process.env.PATH ?? '', PORT: '0', PRIVACY_HISTORY_MAX_DAYS: 'abc' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code).toBe(1);
  expect(stderr.trim().split('\n')).toEqual([
    'Refusing to start: PRIVACY_HISTORY_MAX_DAYS must be a whole number from 1 to 36500 (default 90); it is "abc".',
  ]);
  expect(stdout).not.toContain('listening');
}, 30_000);
