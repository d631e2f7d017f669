import { configFromEnv, createBotApp, type BotAppConfig } from '../../examples/home-services-bot/app';
import { createSignedRequest } from '../../src/messenger/signed-request';
import { SubjectDigester, type DataSubject } from '../../src/core/subject';
import {
  appSecretProof,
  idMatchingHandler,
  json,
  startFakeGraph,
  type FakeGraph,
} from '../messenger/fake-graph';
import { snapshot, testRedis, testRedisUrl, uniquePrefix } from '../support/redis';
import { serveBotApp } from './serve-example';

// Meta's data deletion callback, end to end: the example bot over real HTTP, real Redis, and a fake
// Graph API over real HTTP that answers ID matching (ids_for_pages, ids_for_apps) and checks credentials.

const APP_ID = '900000000000042';
const APP_SECRET = 'e2e-app-secret';
const PAGE_TOKEN = 'e2e-page-token';
const PATH = '/privacy/facebook/data-deletion';

// Page-scoped ids (what the bot sees) and app-scoped ids (what the callback names).
const P1 = '7004444333322221';
const P2 = '7002222333344445';
const P3 = '7003333444455556';
const P5 = '7005555666677778';
const OTHER = '7009999888877776';
const ASID_P1 = '10158765432100001';
const ASID_TWO_PAGES = '10158765432100002';
const ASID_RECORDED = '10158765432100005';
const ASID_UNKNOWN = '10158765432100009';
const ALL_IDS = [P1, P2, P3, P5, OTHER, ASID_P1, ASID_TWO_PAGES, ASID_RECORDED, ASID_UNKNOWN];

const graphData = {
  appId: APP_ID,
  appSecret: APP_SECRET,
  pageToken: PAGE_TOKEN,
  idsForPages: { [ASID_P1]: [[P1]], [ASID_TWO_PAGES]: [[P2], [P3]] },
  idsForApps: { [P5]: [ASID_RECORDED] },
};
const digester = new SubjectDigester(process.env.PRIVACY_SUBJECT_SECRET);
const fb = (userId: string): DataSubject => ({ channelId: 'facebook', userId });

function config(graph: FakeGraph, overrides: Partial<BotAppConfig> = {}): BotAppConfig {
  return {
    ...configFromEnv({}),
    facebookAppId: APP_ID,
    facebookAppSecret: APP_SECRET,
    pageAccessToken: PAGE_TOKEN,
    graphBaseUrl: graph.url,
    publicUrl: 'https://bot.example.com',
    ...overrides,
  };
}

/** One chat turn over HTTP (`expectReplies`), as Messenger's channel delivers it. */
async function say(url: string, userId: string, text: string, channelId = 'facebook'): Promise<string[]> {
  const response = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      text,
      channelId,
      from: { id: userId, name: 'Paula Prueba' },
      recipient: { id: 'page', name: 'Home Services' },
      conversation: { id: `${userId}-page` },
      serviceUrl: 'http://127.0.0.1:1',
      deliveryMode: 'expectReplies',
      locale: 'es-ES',
    }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { activities?: Array<{ text?: string }> };
  return (body.activities ?? []).map((a) => a.text ?? '');
}

/** A conversation that leaves state and history (with a marker text) behind. */
async function chat(url: string, userId: string, channelId = 'facebook'): Promise<string> {
  const marker = `jueves ${userId.slice(-4)}`;
  const greeting = (await say(url, userId, 'hola', channelId)).join(' ');
  if (channelId === 'facebook') expect(greeting).toContain('Paula');
  await say(url, userId, 'reservar', channelId);
  await say(url, userId, 'Fontanería', channelId);
  await say(url, userId, marker, channelId);
  return marker;
}

async function callback(url: string, asid: string, secret = APP_SECRET) {
  const signed = createSignedRequest(
    { algorithm: 'HMAC-SHA256', user_id: asid, issued_at: Math.floor(Date.now() / 1000) },
    secret,
  );
  const response = await fetch(`${url}${PATH}`, {
    method: 'POST',
    body: new URLSearchParams({ signed_request: signed }),
  });
  const text = await response.text();
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    text,
    body: JSON.parse(text) as { url?: string; confirmation_code?: string; error?: string },
  };
}

async function statusPage(url: string, code: string, lang = 'en') {
  const html = await (await fetch(`${url}${PATH}/status/${code}?lang=${lang}`)).text();
  const json = (await (await fetch(`${url}${PATH}/status/${code}?format=json`)).json()) as Record<
    string,
    unknown
  >;
  return { html: html.replace(/\s+/g, ' '), json };
}

/** A snapshot value (`zset:member\u0001score\u0001...`) without one member; other values as they are. */
function withoutZsetMember(value: string, member: string): string {
  if (!value.startsWith('zset:')) return value;
  const parts = value.slice('zset:'.length).split('\u0001');
  const kept: string[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    if (parts[i] !== member) kept.push(parts[i], parts[i + 1]);
  }
  return `zset:${kept.join('\u0001')}`;
}

const tagOf = (userId: string) => `{${digester.digest(fb(userId))}}`;

describe('Facebook data deletion callback, end to end (Redis)', () => {
  const prefix = uniquePrefix('fbdel');
  const redis = testRedis();
  let graph: FakeGraph;
  let bot: { url: string; close(): Promise<void> };
  const logged: string[] = [];
  const spies: jest.SpyInstance[] = [];

  const dump = () => snapshot(redis, prefix);
  /** Everything but the anonymous counters (written in the background by earlier turns). */
  const dumpText = async () =>
    [...(await dump())].filter(([key]) => !key.startsWith(`${prefix}:m:`)).join('\n');

  beforeAll(async () => {
    for (const method of ['log', 'error', 'warn', 'info'] as const) {
      spies.push(
        jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
          logged.push(args.map(String).join(' '));
        }),
      );
    }
    graph = await startFakeGraph(idMatchingHandler(graphData));
    bot = await serveBotApp(createBotApp(config(graph, { redisUrl: testRedisUrl(), redisPrefix: prefix })));
  });
  afterAll(async () => {
    await bot.close();
    await graph.close();
    await redis.quit();
    for (const spy of spies) spy.mockRestore();
  });
  afterEach(() => {
    graph.handler = idMatchingHandler(graphData);
  });

  it('erases every key of the person Graph maps the app-scoped id to, leaves others byte-for-byte, and says deleted', async () => {
    const marker = await chat(bot.url, P1);
    await chat(bot.url, OTHER);
    await chat(bot.url, 'webchat-user-1', 'webchat');
    const before = await dump();
    const p1Keys = [...before.keys()].filter((key) => key.includes(tagOf(P1)));
    expect(p1Keys.length).toBeGreaterThanOrEqual(3); // state, history, index...
    expect([...before.values()].join('\n')).toContain(marker);

    graph.requests.length = 0;
    const { status, body } = await callback(bot.url, ASID_P1);
    expect(status).toBe(200);
    expect(body.confirmation_code).toMatch(/^[A-Z2-9]{12}$/);
    expect(body.url).toBe(`https://bot.example.com${PATH}/status/${body.confirmation_code}`);

    // Graph was asked with the app access token and its proof.
    const asked = graph.requests.filter((r) => r.path.endsWith('/ids_for_pages'));
    expect(asked.map((r) => r.path)).toEqual([`/v25.0/${ASID_P1}/ids_for_pages`]);
    expect(asked[0].query.get('access_token')).toBe(`${APP_ID}|${APP_SECRET}`);
    expect(asked[0].query.get('appsecret_proof')).toBe(appSecretProof(`${APP_ID}|${APP_SECRET}`, APP_SECRET));

    const after = await dump();
    // Every key of p1 is gone: only the erasure epoch (the no-resurrection tombstone) is left.
    expect([...after.keys()].filter((key) => key.includes(tagOf(P1)) && !key.endsWith(':epoch'))).toEqual([]);
    const afterText = [...after].join('\n');
    expect(afterText).not.toContain(P1);
    expect(afterText).not.toContain(marker);
    expect(afterText).not.toContain(ASID_P1);
    // Everything else is byte-for-byte as it was (new: the erasure proof, the status, the counters, the
    // audit trail's entry). Shared listings (transcripts per channel and conversation) lose p1's digest.
    const p1Digest = tagOf(P1).slice(1, -1);
    for (const [key, value] of before) {
      if (key.includes(tagOf(P1)) || key.startsWith(`${prefix}:m:`) || key.startsWith(`${prefix}:{audit}:`))
        continue;
      const expected = withoutZsetMember(value, p1Digest);
      // A listing that named only p1 is gone altogether (Redis drops an empty sorted set).
      expect([key, after.get(key)]).toEqual([key, expected === 'zset:' ? undefined : expected]);
    }

    const page = await statusPage(bot.url, body.confirmation_code!);
    expect(page.html).toContain('All data this bot held about you has been deleted.');
    expect(page.json).toMatchObject({ status: 'completed', subjects_erased: 1, verified: true });
    expect(page.json.items_removed).toBeGreaterThanOrEqual(2);
    expect((await statusPage(bot.url, body.confirmation_code!, 'es')).html).toContain(
      'Hemos eliminado todos los datos',
    );
  });

  it('counts the erasure as facebook_callback in the anonymous metrics', async () => {
    const text = await (await fetch(`${bot.url}/metrics`)).text();
    for (const event of ['erasure.requested', 'erasure.completed']) {
      expect(text).toMatch(
        new RegExp(
          `bbp_events_total\\{[^}]*event="${event}"[^}]*dimension="facebook_callback"[^}]*\\} [1-9]`,
        ),
      );
    }
    expect(text).not.toMatch(/event="erasure.failed"[^}]*dimension="facebook_callback"/);
  });

  describe.each<[string, (graph: FakeGraph) => Promise<FakeGraph>]>([
    [
      'Graph is down (connection refused)',
      async (fake) => {
        const port = Number(new URL(fake.url).port);
        await fake.close();
        // Closed while the callback runs; back on the same port for the next tests.
        return { ...fake, close: async () => undefined, restartOn: port } as FakeGraph;
      },
    ],
    [
      'Graph hangs',
      async (fake) => {
        fake.handler = () => undefined;
        return fake;
      },
    ],
    [
      'Graph answers 500',
      async (fake) => {
        fake.handler = (request, res) =>
          json(res, 500, { error: { message: `Unexpected error on ${request.path}`, code: 2 } });
        return fake;
      },
    ],
  ])('when %s', (_, breakGraph) => {
    it('answers 503 with Retry-After, issues no code, writes no status and erases nothing', async () => {
      await chat(bot.url, P1);
      const before = await dumpText();
      const broken = (await breakGraph(graph)) as FakeGraph & { restartOn?: number };
      try {
        const started = Date.now();
        const { status, retryAfter, body, text } = await callback(bot.url, ASID_P1);
        expect(status).toBe(503);
        expect(Date.now() - started).toBeLessThan(10_000);
        expect(Number(retryAfter)).toBeGreaterThan(0);
        expect(body.confirmation_code).toBeUndefined();
        expect(body.error).toMatch(/try again/i);
        for (const id of ALL_IDS) expect(text).not.toContain(id);
        expect(await dumpText()).toBe(before); // intact: no erasure, no status, no counter
      } finally {
        if (broken.restartOn !== undefined) {
          graph = await startFakeGraph(idMatchingHandler(graphData), broken.restartOn);
        }
      }
    });
  });

  it('follows paging.next and erases every page-scoped id of the person (two pages)', async () => {
    const m2 = await chat(bot.url, P2);
    const m3 = await chat(bot.url, P3);
    graph.requests.length = 0;
    const { status, body } = await callback(bot.url, ASID_TWO_PAGES);
    expect(status).toBe(200);
    expect(graph.requests.filter((r) => r.path.endsWith('/ids_for_pages'))).toHaveLength(2);
    const after = await dumpText();
    for (const gone of [P2, P3, m2, m3]) expect(after).not.toContain(gone);
    expect((await statusPage(bot.url, body.confirmation_code!)).json).toMatchObject({
      status: 'completed',
      subjects_erased: 2,
    });
  });

  it('tells an unknown person honestly that no conversation could be linked, and how to delete in the chat', async () => {
    const before = await dump();
    const { status, body } = await callback(bot.url, ASID_UNKNOWN);
    expect(status).toBe(200);
    const { html, json: status_ } = await statusPage(bot.url, body.confirmation_code!);
    expect(html).toContain(
      'No Messenger conversation with this bot could be linked to your Facebook account',
    );
    expect(html).toContain('write &#34;privacy&#34;');
    expect(html).toContain('&#34;Delete my data&#34;');
    expect(html).not.toMatch(/held no data|nothing was held|no data about you/i);
    expect(status_).toMatchObject({ status: 'not-linked', subjects_erased: 0 });
    const sv = (await statusPage(bot.url, body.confirmation_code!, 'sv')).html;
    expect(sv).toContain('Ingen Messenger-konversation med den här boten kunde kopplas');
    // Nobody's data changed.
    const after = await dump();
    for (const [key, value] of before)
      if (!key.startsWith(`${prefix}:m:`)) expect(after.get(key)).toBe(value);
  });

  it('records the link at the first Messenger message (ids_for_apps) and uses it when ids_for_pages is empty', async () => {
    graph.requests.length = 0;
    const marker = await chat(bot.url, P5);
    const lookups = graph.requests.filter((r) => r.path.endsWith('/ids_for_apps'));
    expect(lookups.map((r) => r.path)).toEqual([`/v25.0/${P5}/ids_for_apps`]); // once, at the first message
    expect(lookups[0].query.get('access_token')).toBe(PAGE_TOKEN);
    expect(lookups[0].query.get('appsecret_proof')).toBe(appSecretProof(PAGE_TOKEN, APP_SECRET));
    const linkKeys = [...(await dump()).keys()].filter((k) => k.includes(tagOf(P5)) && k.includes(':asid:'));
    expect(linkKeys).toHaveLength(1); // owned by the person: in their keyspace

    const { status, body } = await callback(bot.url, ASID_RECORDED);
    expect(status).toBe(200);
    const after = await dump();
    expect([...after.keys()].filter((key) => key.includes(tagOf(P5)) && !key.endsWith(':epoch'))).toEqual([]);
    expect([...after.keys()].filter((key) => key.includes(':asid:'))).toEqual([]); // link and lookup gone
    expect([...after].join('\n')).not.toContain(marker);
    expect((await statusPage(bot.url, body.confirmation_code!)).json).toMatchObject({
      status: 'completed',
      subjects_erased: 1,
    });
  });

  it('answers 400 to a tampered request and erases nothing', async () => {
    await chat(bot.url, P1);
    const before = await dumpText();
    const wrongSecret = await callback(bot.url, ASID_P1, 'not-the-app-secret');
    expect(wrongSecret.status).toBe(400);
    const signed = createSignedRequest(
      { algorithm: 'HMAC-SHA256', user_id: ASID_P1, issued_at: Math.floor(Date.now() / 1000) },
      APP_SECRET,
    );
    const [signature, payload] = signed.split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({ algorithm: 'HMAC-SHA256', user_id: ASID_TWO_PAGES, issued_at: 1 }),
    ).toString('base64url');
    const swapped = await fetch(`${bot.url}${PATH}`, {
      method: 'POST',
      body: new URLSearchParams({ signed_request: `${signature}.${forgedPayload}` }),
    });
    expect(payload).not.toBe(forgedPayload);
    expect(swapped.status).toBe(400);
    expect(await dumpText()).toBe(before);
  });

  it('never wrote a page-scoped or app-scoped id into the logs', () => {
    expect(logged.some((line) => line.includes('Data deletion callback'))).toBe(true); // the 503s were logged
    for (const id of ALL_IDS) expect(logged.join('\n')).not.toContain(id);
  });
});

describe('Facebook data deletion callback, end to end (memory store)', () => {
  it('erases the person and their recorded link, so a second request finds no linked conversation', async () => {
    const graph = await startFakeGraph(idMatchingHandler(graphData));
    const bot = await serveBotApp(createBotApp(config(graph)));
    try {
      await chat(bot.url, P5);
      const first = await callback(bot.url, ASID_RECORDED);
      expect(first.status).toBe(200);
      const done = (await statusPage(bot.url, first.body.confirmation_code!)).json;
      expect(done).toMatchObject({ status: 'completed', subjects_erased: 1, verified: true });
      expect(done.items_removed).toBeGreaterThan(1);

      const second = await callback(bot.url, ASID_RECORDED);
      expect((await statusPage(bot.url, second.body.confirmation_code!)).json).toMatchObject({
        status: 'not-linked',
      });
    } finally {
      await bot.close();
      await graph.close();
    }
  });
});
