import { configFromEnv, createBotApp } from '../../examples/home-services-bot/app';
import { MessengerHandover, PAGE_INBOX_APP_ID } from '../../src/messenger/handover';
import { RedisStorage } from '../../src/storage/redis-storage';
import { RedisTranscriptStore } from '../../src/storage/redis-transcript-store';
import { ConfigurationError } from '../../src/core/errors';
import { messengerMessage, serveBotApp } from '../examples/serve-example';
import { snapshot, testRedis, testRedisUrl, uniquePrefix } from '../support/redis';
import { json, startFakeGraph, type FakeGraph, type RecordedRequest } from './fake-graph';

// Handing a Messenger chat to a human agent and back (Conversation Routing keeps the Handover Protocol's
// calls and events): the example bot over HTTP on Redis, Graph played by a local fake server.

const APP_ID = '555000111';
const SECRET = 'handover-test-subject-secret';
const prefix = uniquePrefix('handover');
const redis = testRedis();
let graph: FakeGraph;
let bot: { url: string; close(): Promise<void> };

beforeAll(async () => {
  graph = await startFakeGraph((request, res) =>
    request.method === 'GET' ? json(res, 200, { data: [] }) : json(res, 200, { success: true }),
  );
  bot = await serveBotApp(
    createBotApp({
      ...configFromEnv({}),
      redisUrl: testRedisUrl(),
      redisPrefix: prefix,
      subjectSecret: SECRET,
      pageAccessToken: 'page-token',
      facebookAppId: APP_ID,
      graphBaseUrl: graph.url,
    }),
  );
});
afterAll(async () => {
  await bot.close();
  await graph.close();
  await redis.quit();
});

const PSID = `20318358${Math.floor(Math.random() * 1e8)}`;
const PAGE = 'page';

/** Posts an activity to the bot; the texts of its replies. */
async function post(activity: Record<string, unknown>): Promise<string[]> {
  const response = await fetch(`${bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  expect(response.status).toBe(200);
  const body = (await response.json().catch(() => ({}))) as { activities?: Array<{ text?: string }> };
  return (body.activities ?? []).map((activity) => activity.text ?? '');
}

const say = (text: string, extra: Record<string, unknown> = {}) => post(messengerMessage(text, PSID, extra));

/** What the person writes while the Page inbox holds the thread: a standby event, as the channel sends it. */
function standby(text: string, mid: string) {
  const event = {
    sender: { id: PSID },
    recipient: { id: PAGE },
    timestamp: Date.now(),
    message: { mid, text },
  };
  return post(
    messengerMessage('', PSID, {
      type: 'event',
      name: 'standby',
      text: undefined,
      channelData: { id: PAGE, time: Date.now(), standby: [event] },
      value: [event],
    }),
  );
}

/** A human agent's message from the Page inbox: a page echo, from the page to the person. */
function agentSays(text: string) {
  return post(
    messengerMessage(text, PSID, {
      from: { id: PAGE, name: 'Home Services' },
      recipient: { id: PSID, name: 'Paula Prueba' },
      channelData: {
        sender: { id: PAGE },
        recipient: { id: PSID },
        message: { is_echo: true, app_id: Number(PAGE_INBOX_APP_ID), mid: `m_${text.length}`, text },
      },
    }),
  );
}

/** Meta's `messaging_handovers` event: the inbox passes the thread back to this app. */
function inboxPassesBack() {
  return post(
    messengerMessage('', PSID, {
      type: 'event',
      text: undefined,
      channelData: {
        sender: { id: PSID },
        recipient: { id: PAGE },
        timestamp: Date.now(),
        pass_thread_control: {
          previous_owner_app_id: PAGE_INBOX_APP_ID,
          new_owner_app_id: APP_ID,
          metadata: 'Resolved',
        },
      },
    }),
  );
}

function threadCalls(): Array<{ path: string; body: Record<string, unknown> }> {
  return graph.requests
    .filter((r: RecordedRequest) => r.method === 'POST' && /thread_control$/.test(r.path))
    .map((r) => ({ path: r.path, body: JSON.parse(r.body) as Record<string, unknown> }));
}

async function storedText(): Promise<string> {
  return [...(await snapshot(redis, prefix)).entries()].map(([key, value]) => `${key}=${value}`).join('\n');
}

it('hands over to the Page inbox and back: silent meanwhile, history kept, menu and erasure still work', async () => {
  // The first reply comes after the automated-assistant notice.
  const first = await say('hello');
  expect(first[0]).toContain('automated assistant of Home Services');
  expect(first[1]).toContain('Hello Paula');

  // "agent": the bot says so, then passes the thread to the Page inbox through the Send API.
  expect(await say('agent')).toEqual([
    'I am passing you to someone from our team. They will answer you here.',
  ]);
  expect(threadCalls()).toEqual([
    {
      path: '/v25.0/me/pass_thread_control',
      body: {
        recipient: { id: PSID },
        target_app_id: PAGE_INBOX_APP_ID,
        metadata: 'botbuilder-privacy: the person asked for a human agent.',
      },
    },
  ]);
  expect(graph.requests.at(-1)!.query.get('access_token')).toBe('page-token');

  // While the human agent holds the thread the bot says nothing, whatever arrives.
  expect(await standby('my boiler leaks at Calle Mayor 1', 'm_standby_1')).toEqual([]);
  expect(await agentSays('Hi Paula, Ana here: a plumber comes at 5')).toEqual([]);
  expect(await say('book')).toEqual([]); // even a bot keyword
  expect(await standby('thanks!', 'm_standby_2')).toEqual([]);

  // Both sides are in the person's history (the agent's echoes are theirs).
  const storage = new RedisStorage({ redis, prefix, subjectSecret: SECRET });
  const transcripts = new RedisTranscriptStore({ keyspace: storage.keyspace });
  const person = { channelId: 'facebook', userId: PSID };
  const history = async () =>
    (await transcripts.exportSubject(person)).flatMap(
      (section) => section.data as Array<{ text: string; from: string }>,
    );
  for (let i = 0; i < 50 && !(await history()).some((m) => m.text === 'thanks!'); i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const texts = (await history()).map((m) => `${m.from}: ${m.text}`);
  expect(texts).toEqual(
    expect.arrayContaining([
      'user: my boiler leaks at Calle Mayor 1',
      'bot: Hi Paula, Ana here: a plumber comes at 5',
      'user: thanks!',
    ]),
  );

  // The inbox hands the thread back: the next reply says again that this is the automated assistant,
  // once.
  expect(await inboxPassesBack()).toEqual([]);
  const back = await say('hello again');
  expect(back[0]).toBe('You are back with the automated assistant of Home Services, not a person.');
  expect(back).toHaveLength(2);
  expect(await say('hi')).toHaveLength(1);

  // A human agent again; the persistent menu still opens the privacy menu: the bot takes the thread for it.
  await say('agent');
  const calls = threadCalls().length;
  const menu = await say('PRIVACY_DELETE', { channelData: { postback: { payload: 'PRIVACY_DELETE' } } });
  expect(menu.join('\n')).toContain('deletes everything');
  expect(threadCalls()[calls]).toEqual({
    path: '/v25.0/me/take_thread_control',
    body: { recipient: { id: PSID }, metadata: expect.stringContaining('privacy menu') },
  });

  // Erasure: done, and the inbox gets the thread back with a note that carries nothing of the person.
  const done = await say('PRIVACY_DELETE_CONFIRM', {
    channelData: { postback: { payload: 'PRIVACY_DELETE_CONFIRM' } },
  });
  expect(done.join('\n')).toMatch(/confirmation code is [A-Z2-9]{12}/);
  const note = threadCalls().at(-1)!;
  expect(note.path).toBe('/v25.0/me/pass_thread_control');
  expect(note.body.target_app_id).toBe(PAGE_INBOX_APP_ID);
  expect(note.body.metadata).toContain('had their data deleted');
  for (const request of threadCalls()) {
    const metadata = String(request.body.metadata);
    for (const personal of [PSID, 'Paula', 'Calle Mayor', 'boiler', 'Ana']) {
      expect(metadata).not.toContain(personal);
    }
  }

  // Redis holds nothing of the person, nor of what the agent told them.
  await transcripts.flush();
  const stored = await storedText();
  for (const gone of ['Calle Mayor', 'boiler', 'Ana here', 'thanks!', 'Paula', PSID]) {
    expect(stored).not.toContain(gone);
  }
});

it('a deleteUserData while a human agent holds the thread erases and tells the inbox, without personal data', async () => {
  const psid = `7${PSID}`;
  await post(messengerMessage('hello', psid));
  await post(messengerMessage('agent', psid));
  const before = threadCalls().length;
  expect(await post(messengerMessage('', psid, { type: 'deleteUserData', text: undefined }))).toEqual([]);
  expect(threadCalls().slice(before)).toEqual([
    {
      path: '/v25.0/me/take_thread_control',
      body: { recipient: { id: psid }, metadata: expect.stringContaining('had their data deleted') },
    },
    {
      path: '/v25.0/me/pass_thread_control',
      body: {
        recipient: { id: psid },
        target_app_id: PAGE_INBOX_APP_ID,
        metadata: expect.stringContaining('had their data deleted'),
      },
    },
  ]);
  expect(
    JSON.stringify(
      threadCalls()
        .slice(before)
        .map((c) => c.body.metadata),
    ),
  ).not.toContain(psid);
});

it('refuses bad options and calls without a person, with clear errors', async () => {
  expect(() => new MessengerHandover({ pageAccessToken: '' })).toThrow(ConfigurationError);
  expect(() => new MessengerHandover({ pageAccessToken: 't', appId: 'my-app' })).toThrow(/appId/);
  expect(() => new MessengerHandover({ pageAccessToken: 't', graphVersion: '25' })).toThrow(/graphVersion/);
  const handover = new MessengerHandover({ pageAccessToken: 't', graphBaseUrl: graph.url });
  await expect(handover.take('')).rejects.toThrow(/page-scoped id/);
});

it('a failed call is a GraphApiError without the token or the id; the bot tells the person and stays', async () => {
  const failing = await startFakeGraph((request, res) =>
    request.method === 'GET'
      ? json(res, 200, { data: [] })
      : json(res, 400, {
          error: { message: `(#10) Cannot pass thread of ${PSID}`, type: 'OAuthException', code: 10 },
        }),
  );
  try {
    const handover = new MessengerHandover({ pageAccessToken: 'secret-token', graphBaseUrl: failing.url });
    const error = await handover.pass(PSID, PAGE_INBOX_APP_ID, 'x').catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error).message)).toContain('code 10');
    expect(String((error as Error).message)).not.toContain(PSID);
    expect(String((error as Error).message)).not.toContain('secret-token');

    const other = await serveBotApp(
      createBotApp({
        ...configFromEnv({}),
        pageAccessToken: 'page-token',
        graphBaseUrl: failing.url,
      }),
    );
    try {
      const user = `1${PSID}`;
      const post2 = async (text: string) => {
        const response = await fetch(`${other.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(messengerMessage(text, user)),
        });
        return ((await response.json()) as { activities: Array<{ text: string }> }).activities.map(
          (a) => a.text,
        );
      };
      await post2('hello');
      const replies = await post2('agent');
      expect(replies.at(-1)).toContain('nobody from our team can take over the chat');
      // Still the bot's: it answers the next message.
      expect((await post2('hello')).join('\n')).toContain('Hello');
    } finally {
      await other.close();
    }
  } finally {
    await failing.close();
  }
});
