import type { Redis } from 'ioredis';
import { configFromEnv, createBotApp, type BotAppConfig } from '../../examples/home-services-bot/app';
import { SubjectDigester, type DataSubject } from '../../src/core/subject';
import { idMatchingHandler, json, startFakeGraph, type FakeGraph } from '../messenger/fake-graph';
import { snapshot, testRedis, testRedisUrl, uniquePrefix } from '../support/redis';
import { captureConsole, sayOnMessenger, serveBotApp } from './serve-example';

// The operator's privacy requests, end to end: the example bot over real HTTP on real Redis, with a fake
// Graph API (ID matching) over real HTTP for app-scoped ids.

const TOKEN = 'operator-token-for-tests-0123456789';
const APP_ID = '900000000000077';
const APP_SECRET = 'requests-app-secret';
const P1 = '7101111222233334';
const P2 = '7102222333344445';
const P3 = '7103333444455556';
const ASID_P3 = '10159999000000003';
const digester = new SubjectDigester(process.env.PRIVACY_SUBJECT_SECRET);
const fb = (userId: string): DataSubject => ({ channelId: 'facebook', userId });
const graphData = {
  appId: APP_ID,
  appSecret: APP_SECRET,
  pageToken: 'page-token',
  idsForPages: { [ASID_P3]: [[P3]] },
  idsForApps: {},
};

function config(overrides: Partial<BotAppConfig>): BotAppConfig {
  return { ...configFromEnv({}), publicUrl: 'https://bot.example.com', ...overrides };
}

async function api(
  url: string,
  path: string,
  init: { method?: string; body?: unknown; token?: string | null; accept?: string } = {},
) {
  const headers: Record<string, string> = { accept: init.accept ?? 'application/json' };
  if (init.token !== null) headers.authorization = `Bearer ${init.token ?? TOKEN}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${url}${path}`, {
    method: init.method ?? (init.body !== undefined ? 'POST' : 'GET'),
    headers,
    body:
      init.body === undefined
        ? undefined
        : typeof init.body === 'string'
          ? init.body
          : JSON.stringify(init.body),
  });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON (a page): the test looks at the text
  }
  return { status: response.status, body, text, headers: response.headers };
}

async function until(url: string, id: string, states: string[]): Promise<Record<string, unknown>> {
  const end = Date.now() + 20_000;
  for (;;) {
    const { body } = await api(url, `/privacy/requests/${id}`);
    if (states.includes(body.state as string) || Date.now() > end) return body;
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
}

describe('privacy requests API, end to end (Redis)', () => {
  const prefix = uniquePrefix('preq');
  let redis: Redis;
  let graph: FakeGraph;
  let bot: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    redis = testRedis();
    graph = await startFakeGraph(idMatchingHandler(graphData));
    bot = await serveBotApp(
      createBotApp(
        config({
          redisUrl: testRedisUrl(),
          redisPrefix: prefix,
          operatorToken: TOKEN,
          facebookAppId: APP_ID,
          facebookAppSecret: APP_SECRET,
          graphBaseUrl: graph.url,
        }),
      ),
    );
  });
  afterAll(async () => {
    await bot.close();
    await graph.close();
    await redis.quit();
  });
  afterEach(() => {
    graph.handler = idMatchingHandler(graphData);
  });

  it('answers 401 without the bearer token or with a wrong one, and changes nothing', async () => {
    for (const token of [null, 'wrong-token-wrong-token-wrong', '']) {
      expect((await api(bot.url, '/privacy/requests', { token })).status).toBe(401);
      const filed = await api(bot.url, '/privacy/requests', {
        token,
        body: { kind: 'erase', subjects: [{ channelId: 'facebook', userId: P1 }] },
      });
      expect(filed.status).toBe(401);
      expect(
        (await api(bot.url, '/privacy/requests/req_aaaaaaaaaaaaaaaaaaaa/result', { token })).status,
      ).toBe(401);
      expect((await api(bot.url, '/privacy/requests/anything/else', { token })).status).toBe(401);
    }
    expect((await api(bot.url, '/privacy/requests')).body).toEqual({ requests: [] });
  });

  it('refuses bad input with 400 and a clear message, and files nothing', async () => {
    const bad: Array<[unknown, RegExp]> = [
      ['{not json', /valid JSON/],
      [[1, 2], /JSON object/],
      [
        { kind: 'delete', subjects: [{ channelId: 'facebook', userId: P1 }] },
        /kind must be "export" or "erase"/,
      ],
      [{ kind: 'erase' }, /at least one person/],
      [{ kind: 'erase', subjects: [{ channelId: 'facebook' }] }, /subjects\[0\]\.userId/],
      [{ kind: 'erase', subjects: 'x' }, /subjects must be an array/],
      [{ kind: 'erase', appScopedIds: ['abc'] }, /appScopedIds\[0\]/],
      [
        { kind: 'erase', subjects: [{ channelId: 'facebook', userId: P1 }], verify: 'maybe' },
        /verify must be/,
      ],
      [{ kind: 'erase', subjects: [{ channelId: 'facebook', userId: P1 }], subject: 1 }, /Unknown field/],
      [
        {
          kind: 'erase',
          subjects: Array.from({ length: 600 }, (_, i) => ({ channelId: 'webchat', userId: `u${i}` })),
          appScopedIds: Array.from({ length: 401 }, (_, i) => String(1000 + i)),
        },
        /at most 1000 .* \(got 1001\)/,
      ],
      [
        {
          kind: 'erase',
          subjects: [
            { channelId: 'facebook', userId: P1 },
            { channelId: 'facebook', userId: P2 },
          ],
          verify: 'in_chat',
        },
        /verify "in_chat" needs exactly one person/,
      ],
    ];
    for (const [body, message] of bad) {
      const { status, body: answer } = await api(bot.url, '/privacy/requests', { body });
      expect([status, answer.error]).toEqual([400, expect.stringMatching(message)]);
      expect(String(answer.error)).not.toContain(P1);
    }
    expect((await api(bot.url, '/privacy/requests')).body).toEqual({ requests: [] });
    expect((await api(bot.url, '/privacy/requests/req_aaaaaaaaaaaaaaaaaaaa')).status).toBe(404);
    expect((await api(bot.url, '/privacy/requests/not-an-id/result')).status).toBe(404);
  });

  it('erases people by channel user id and by app-scoped id, keeps receipts by digest, and names no id afterwards', async () => {
    for (const user of [P1, P2, P3]) await sayOnMessenger(bot.url, `hola, soy ${user.slice(-4)}`, user);
    const before = [...(await snapshot(redis, prefix))].join('\n');
    expect(before).toContain(digester.digest(fb(P1)));

    const filed = await api(bot.url, '/privacy/requests', {
      body: {
        kind: 'erase',
        subjects: [
          { channelId: 'facebook', userId: P1 },
          { channelId: 'facebook', userId: P2 },
          { channelId: 'facebook', userId: P1 }, // named twice: erased once
        ],
        appScopedIds: [ASID_P3],
        note: 'Email from the person, ticket 77',
      },
    });
    expect(filed.status).toBe(202);
    expect(filed.body).toEqual({ id: expect.stringMatching(/^req_[a-z2-9]{20}$/), state: 'received' });
    expect(filed.headers.get('location')).toBe(`/privacy/requests/${filed.body.id}`);
    const id = String(filed.body.id);

    const done = await until(bot.url, id, ['completed', 'failed']);
    expect(done).toMatchObject({
      id,
      kind: 'erase',
      state: 'completed',
      requested: 4,
      subjects: 3,
      done: 3,
      overdue: false,
    });
    const received = new Date(String(done.receivedAt));
    expect(done.receivedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const due = new Date(received);
    due.setUTCMonth(due.getUTCMonth() + 1);
    expect(new Date(String(done.dueAt)).getTime()).toBeLessThanOrEqual(due.getTime());
    expect(new Date(String(done.dueAt)).getTime()).toBeGreaterThan(received.getTime() + 27 * 86_400_000);
    expect(done.subjectDigests).toEqual([P1, P2, P3].map((u) => digester.digest(fb(u))));
    expect(done.note).toBe('Email from the person, ticket 77');
    expect(done.summary).toMatchObject({ subjects: 3, verified: true });
    expect(done.result).toMatchObject({ available: true });

    const result = await api(bot.url, `/privacy/requests/${id}/result`);
    expect(result.status).toBe(200);
    expect(result.headers.get('content-disposition')).toBe(`attachment; filename="erase-${id}.json"`);
    const receipts = result.body.receipts as Array<{
      subjectDigest: string;
      confirmationCode: string;
      verified: boolean;
    }>;
    expect(receipts.map((r) => r.subjectDigest)).toEqual(done.subjectDigests);
    expect(receipts.every((r) => r.verified && /^[A-Z2-9]{12}$/.test(r.confirmationCode))).toBe(true);
    expect((await api(bot.url, `/privacy/requests/${id}/result`)).status).toBe(410);
    expect((await api(bot.url, `/privacy/requests/${id}`)).body.result).toMatchObject({ available: false });

    // Everyone erased stays erased, and nothing in Redis names them (the request log included).
    const after = await snapshot(redis, prefix);
    for (const user of [P1, P2, P3]) {
      const tag = `{${digester.digest(fb(user))}}`;
      expect([...after.keys()].filter((key) => key.includes(tag) && !key.endsWith(':epoch'))).toEqual([]);
    }
    const text = [...after].join('\n');
    for (const secret of [P1, P2, P3, ASID_P3, 'ticket 77']) expect(text).not.toContain(secret);
    expect(text).toContain(id); // the request log survives the erasure it records
  });

  it('exports a person’s data as a file downloadable once', async () => {
    const user = '7104444555566667';
    await sayOnMessenger(bot.url, 'hola', user);
    const filed = await api(bot.url, '/privacy/requests', {
      body: { kind: 'export', subjects: [{ channelId: 'facebook', userId: user }] },
    });
    const id = String(filed.body.id);
    expect((await until(bot.url, id, ['completed'])).state).toBe('completed');
    const file = await api(bot.url, `/privacy/requests/${id}/result`);
    expect(file.status).toBe(200);
    const subjects = file.body.subjects as Array<{
      subjectDigest: string;
      sections: Array<{ kind: string }>;
    }>;
    expect(subjects).toHaveLength(1);
    expect(subjects[0].subjectDigest).toBe(digester.digest(fb(user)));
    expect(subjects[0].sections.map((s) => s.kind)).toContain('transcript');
    expect(file.text).toContain('hola');
    expect((await api(bot.url, `/privacy/requests/${id}/result`)).status).toBe(410);
    // The person's data is still there: an export erases nothing.
    expect(
      [...(await snapshot(redis, prefix)).keys()].some((k) =>
        k.includes(`{${digester.digest(fb(user))}}:index`),
      ),
    ).toBe(true);
  });

  it('fails a request when the app-scoped ids cannot be resolved (Graph down), erasing nobody', async () => {
    const user = '7105555666677778';
    await sayOnMessenger(bot.url, 'hola', user);
    graph.handler = (request, res) =>
      json(res, 500, { error: { message: `down on ${request.path}`, code: 2 } });
    const { result } = await captureConsole(async () => {
      const filed = await api(bot.url, '/privacy/requests', {
        body: { kind: 'erase', subjects: [{ channelId: 'facebook', userId: user }], appScopedIds: [ASID_P3] },
      });
      return until(bot.url, String(filed.body.id), ['failed', 'completed']);
    });
    expect(result.state).toBe('failed');
    expect(result.failureReason).toMatch(/could not be resolved.*nothing was done/);
    expect(result).not.toHaveProperty('result');
    expect((await api(bot.url, `/privacy/requests/${result.id}/result`)).status).toBe(410);
    const keys = [...(await snapshot(redis, prefix)).keys()];
    expect(keys.some((k) => k.includes(`{${digester.digest(fb(user))}}:index`))).toBe(true);
  });

  it('erases a batch of 300 people in one request, and records an extension with its reason', async () => {
    const people = Array.from({ length: 300 }, (_, i) => ({
      channelId: 'webchat',
      userId: `batch-user-${i}`,
    }));
    const filed = await api(bot.url, '/privacy/requests', { body: { kind: 'erase', subjects: people } });
    const id = String(filed.body.id);
    const done = await until(bot.url, id, ['completed', 'failed']);
    expect(done).toMatchObject({ state: 'completed', subjects: 300, done: 300 });
    // A finished request cannot be extended or refused; the API says why.
    const late = await api(bot.url, `/privacy/requests/${id}/extend`, { body: { reason: 'More time' } });
    expect([late.status, late.body.error]).toEqual([
      409,
      expect.stringMatching(/completed request cannot be extended/),
    ]);
    const refused = await api(bot.url, `/privacy/requests/${id}/refuse`, { body: { reason: 'No' } });
    expect(refused.status).toBe(409);
    const list = (await api(bot.url, '/privacy/requests')).body.requests as Array<{ id: string }>;
    expect(list.map((r) => r.id)).toContain(id);
  });
});

describe('privacy requests routes without PRIVACY_OPERATOR_TOKEN', () => {
  it('answer 404 on every route', async () => {
    const bot = await serveBotApp(
      createBotApp(config({ redisUrl: testRedisUrl(), redisPrefix: uniquePrefix('preq') })),
    );
    try {
      for (const [path, body] of [
        ['/privacy/requests', undefined],
        ['/privacy/requests', { kind: 'erase', subjects: [{ channelId: 'facebook', userId: P1 }] }],
        ['/privacy/requests/req_aaaaaaaaaaaaaaaaaaaa', undefined],
        ['/privacy/requests/req_aaaaaaaaaaaaaaaaaaaa/result', undefined],
      ] as const) {
        expect((await api(bot.url, path, { body })).status).toBe(404);
      }
    } finally {
      await bot.close();
    }
  });
});

describe('privacy requests rate limit', () => {
  it('answers 429 with Retry-After once an operator makes too many requests in a minute', async () => {
    const bot = await serveBotApp(
      createBotApp(
        config({
          redisUrl: testRedisUrl(),
          redisPrefix: uniquePrefix('preq'),
          operatorToken: TOKEN,
          operatorRequestsPerMinute: 3,
        }),
      ),
    );
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await api(bot.url, '/privacy/requests')).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      const limited = await api(bot.url, '/privacy/requests');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      // Wrong tokens are limited too (20 a minute from anyone), so the token cannot be guessed quickly.
      const wrong: number[] = [];
      for (let i = 0; i < 22; i++)
        wrong.push((await api(bot.url, '/privacy/requests', { token: `guess-${i}` })).status);
      expect(wrong.slice(0, 20).every((s) => s === 401)).toBe(true);
      expect(wrong.slice(20)).toEqual([429, 429]);
    } finally {
      await bot.close();
    }
  });
});

describe('identity verification in the chat (verify: "in_chat")', () => {
  const prefix = uniquePrefix('preq');
  let redis: Redis;
  let bot: { url: string; close(): Promise<void> };
  let connector: { url: string; close(): Promise<void> };
  const sent: Array<{ path: string; activity: Record<string, unknown> }> = [];

  beforeAll(async () => {
    redis = testRedis();
    // The channel's connector, where the bot posts proactive messages: a local fake over real HTTP.
    const { listen } = await import('../messenger/listen');
    connector = await listen((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        sent.push({ path: req.url ?? '', activity: JSON.parse(body || '{}') as Record<string, unknown> });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'sent-1' }));
      });
    });
    bot = await serveBotApp(
      createBotApp(config({ redisUrl: testRedisUrl(), redisPrefix: prefix, operatorToken: TOKEN })),
    );
  });
  afterAll(async () => {
    await bot.close();
    await connector.close();
    await redis.quit();
  });

  it('sends a one-time code into the person’s own chat; their answer there carries the request out', async () => {
    const user = '7106666777788889';
    await sayOnMessenger(bot.url, 'hola', user, { serviceUrl: connector.url, locale: 'es-ES' });
    const filed = await api(bot.url, '/privacy/requests', {
      body: { kind: 'erase', subjects: [{ channelId: 'facebook', userId: user }], verify: 'in_chat' },
    });
    expect(filed.status).toBe(202);
    expect(filed.body.state).toBe('awaiting_confirmation');
    const id = String(filed.body.id);
    const waiting = (await api(bot.url, `/privacy/requests/${id}`)).body;
    expect(waiting.state).toBe('awaiting_confirmation');
    const expires =
      Date.parse(String(waiting.confirmationExpiresAt)) - Date.parse(String(waiting.receivedAt));
    expect(expires).toBe(7 * 86_400_000);

    // The code went to the person's conversation on the channel, in their language, with a button.
    expect(sent).toHaveLength(1);
    expect(sent[0].path).toContain(encodeURIComponent(`${user}-page`));
    const text = String(sent[0].activity.text);
    expect(text).toContain('Home Services recibió una solicitud');
    const code = /(\d{6})/.exec(text)![1];
    const actions = (
      sent[0].activity.suggestedActions as { actions: Array<{ title: string; value: string }> }
    ).actions;
    expect(actions).toEqual([expect.objectContaining({ title: 'Confirmar', value: code })]);

    // Someone else sending the code confirms nothing; the person does.
    const other = await sayOnMessenger(bot.url, code, '7109999000011112', { locale: 'es-ES' });
    expect(other.join(' ')).not.toContain('confirmada');
    expect((await api(bot.url, `/privacy/requests/${id}`)).body.state).toBe('awaiting_confirmation');
    const answer = await sayOnMessenger(bot.url, code, user, { serviceUrl: connector.url, locale: 'es-ES' });
    expect(answer).toEqual(['Gracias: tu solicitud está confirmada y en curso.']);
    const done = await until(bot.url, id, ['completed', 'failed']);
    expect(done.state).toBe('completed');
    const after = [...(await snapshot(redis, prefix))].join('\n');
    expect(after).not.toContain(user); // the stored conversation reference went with the rest
  });

  it('refuses at once when no conversation with the person is known, and lets the operator refuse a waiting request', async () => {
    const never = await api(bot.url, '/privacy/requests', {
      body: {
        kind: 'export',
        subjects: [{ channelId: 'facebook', userId: '7107777000000001' }],
        verify: 'in_chat',
      },
    });
    expect(never.body.state).toBe('refused');
    const refused = (await api(bot.url, `/privacy/requests/${never.body.id}`)).body;
    expect(refused.refusalReason).toMatch(/could not be reached in their chat/);

    const user = '7107777000000002';
    await sayOnMessenger(bot.url, 'hola', user, { serviceUrl: connector.url });
    const waiting = await api(bot.url, '/privacy/requests', {
      body: { kind: 'export', subjects: [{ channelId: 'facebook', userId: user }], verify: 'in_chat' },
    });
    const id = String(waiting.body.id);
    const extended = await api(bot.url, `/privacy/requests/${id}/extend`, {
      body: { reason: 'Waiting for the person', months: 2 },
    });
    expect(extended.status).toBe(200);
    expect(extended.body.extensions).toEqual([
      expect.objectContaining({ reason: 'Waiting for the person', dueAt: extended.body.dueAt }),
    ]);
    const byOperator = await api(bot.url, `/privacy/requests/${id}/refuse`, {
      body: { reason: 'The person says it was not them' },
    });
    expect(byOperator.status).toBe(200);
    expect(byOperator.body).toMatchObject({
      state: 'refused',
      refusalReason: 'The person says it was not them',
    });
    const noReason = await api(bot.url, `/privacy/requests/${id}/refuse`, { body: {} });
    expect(noReason.status).toBe(409);
  });
});
