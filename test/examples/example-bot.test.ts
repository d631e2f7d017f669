import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createSignedRequest } from '../../src/messenger/signed-request';
import { configFromEnv, createBotApp } from '../../examples/home-services-bot/app';
import { freePort } from '../support/redis-server';
import { snapshot, testRedis, testRedisUrl, uniquePrefix } from '../support/redis';
import { messengerMessage, serveBotApp } from './serve-example';

// The example bot over real HTTP, with a real Redis: what a developer gets from `npm start`.

const APP_SECRET = 'test-app-secret';

function signedPayload(asid: string) {
  return { algorithm: 'HMAC-SHA256', user_id: asid, issued_at: Math.floor(Date.now() / 1000) };
}

/** A Messenger message in Spanish (the example's Messenger page speaks to Spanish users in these tests). */
function message(text: string, userId: string, extra: Record<string, unknown> = {}) {
  return messengerMessage(text, userId, { locale: 'es-ES', ...extra });
}

async function post(
  url: string,
  body: unknown,
): Promise<{ status: number; json: { activities?: Array<{ text?: string }> } }> {
  const response = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json().catch(() => ({}))) as never };
}

describe('with Redis', () => {
  const prefix = uniquePrefix('example');
  const redis = testRedis();
  let server: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    server = await serveBotApp(
      createBotApp({
        ...configFromEnv({}),
        redisUrl: testRedisUrl(),
        redisPrefix: prefix,
        facebookAppSecret: APP_SECRET,
      }),
    );
  });
  afterAll(async () => {
    await server.close();
    await redis.quit();
  });

  it('greets a Messenger user by name, and after "Delete my data" Redis holds nothing of them', async () => {
    const user = `psid-${Date.now()}`;
    const [notice, greeting] = (await post(server.url, message('hola', user))).json.activities ?? [];
    expect(notice.text).toContain('asistente automático'); // said before the first reply
    expect(greeting.text).toContain('Paula');
    await post(server.url, message('reservar', user));
    await post(server.url, message('Fontanería', user));
    const day = `jueves ${Math.random().toString(36).slice(2)}`;
    await post(server.url, message(day, user));
    expect([...(await snapshot(redis, prefix))].join('\n')).toContain(day);
    await post(server.url, message('PRIVACY_DELETE', user));
    const done = await post(server.url, message('Sí, borrar', user));
    expect(done.json.activities?.[0].text).toMatch(/código de confirmación es [A-Z2-9]{12}/);
    const stored = [...(await snapshot(redis, prefix))].join('\n');
    expect(stored).not.toContain(user);
    expect(stored).not.toContain('Paula');
    expect(stored).not.toContain(day);
  });

  it('serves anonymous Prometheus metrics that count privacy clicks and erasures, with no ids or names', async () => {
    const user = `psid-metrics-${Date.now()}`;
    await post(server.url, message('hola', user));
    await post(server.url, {
      ...message('PRIVACY_MENU', user),
      channelData: { postback: { payload: 'PRIVACY_MENU' } },
    });
    await post(server.url, message('PRIVACY_DELETE', user));
    await post(server.url, message('PRIVACY_DELETE_CONFIRM', user));
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/bbp_events_total\{[^}]*event="click"[^}]*dimension="PRIVACY_MENU"[^}]*\} [1-9]/);
    expect(text).toMatch(/bbp_events_total\{[^}]*event="erasure.completed"[^}]*\} [1-9]/);
    expect(text).not.toContain(user);
    expect(text).not.toContain('Paula');
    expect(text).not.toContain('psid-');
  });

  it('reports Redis as up on /healthz', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', redis: 'up' });
  });

  it('answers bad requests with a JSON error, no stack trace, and security headers', async () => {
    const bad = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type": "message", ',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'The request body is not valid JSON.' });
    expect(bad.headers.get('x-content-type-options')).toBe('nosniff');
    expect(bad.headers.get('x-powered-by')).toBeNull();

    const big = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'x'.repeat(400 * 1024) }),
    });
    expect(big.status).toBe(413);
    expect(JSON.stringify(await big.json())).not.toMatch(/at .*\.ts|node_modules/);
  });

  it('erases a Messenger user on a signed Facebook data-deletion request', async () => {
    const user = `psid-del-${Date.now()}`;
    await post(server.url, message('hola', user));
    // Link the app-scoped id to the page-scoped one, as a bot does when it learns it.
    const { RedisAppScopedIdLinks } = await import('../../src/messenger/redis-app-scoped-id-links');
    const { RedisStorage } = await import('../../src/storage/redis-storage');
    const keyspace = new RedisStorage({ redis, prefix }).keyspace;
    await new RedisAppScopedIdLinks({ keyspace }).link('asid-777', { channelId: 'facebook', userId: user });
    const body = new URLSearchParams({
      signed_request: createSignedRequest(signedPayload('asid-777'), APP_SECRET),
    });
    const response = await fetch(`${server.url}/privacy/facebook/data-deletion`, { method: 'POST', body });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { url: string; confirmation_code: string };
    expect(answer.url).toContain(answer.confirmation_code);
    const stored = [...(await snapshot(redis, prefix))].join('\n');
    expect(stored).not.toContain(user);
    expect(stored).not.toContain('asid-777');

    const tampered = new URLSearchParams({
      signed_request: createSignedRequest(signedPayload('asid-777'), 'wrong-secret'),
    });
    expect(
      (await fetch(`${server.url}/privacy/facebook/data-deletion`, { method: 'POST', body: tampered }))
        .status,
    ).toBe(400);
  });
});

describe('without Redis', () => {
  it('runs on the in-memory store', async () => {
    const botApp = createBotApp({ ...configFromEnv({}) });
    expect(botApp.storageKind).toBe('memory');
    const server = await serveBotApp(botApp);
    try {
      // The greeting comes after the notice that the assistant is automated.
      expect((await post(server.url, message('hola', 'psid-mem'))).json.activities?.[1].text).toContain(
        'Paula',
      );
      expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({
        status: 'ok',
        redis: 'not_configured',
      });
    } finally {
      await server.close();
    }
  });

  it('reports Redis down on /healthz with 503 when it cannot be reached', async () => {
    const server = await serveBotApp(
      createBotApp({ ...configFromEnv({}), redisUrl: `redis://127.0.0.1:${await freePort()}` }),
    );
    try {
      const response = await fetch(`${server.url}/healthz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: 'degraded', redis: 'down' });
    } finally {
      await server.close();
    }
  });
});

describe('npm start', () => {
  it('says which store it uses first, serves, and shuts down cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', 'examples/home-services-bot/index.ts'],
      {
        cwd: join(__dirname, '../..'),
        env: { ...process.env, PORT: String(port), REDIS_URL: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const deadline = Date.now() + 20_000;
    while (!output.includes('listening') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(output.split('\n')[0]).toBe('Storage: in-memory (REDIS_URL is not set; data is lost on restart)');
    const reply = await post(`http://127.0.0.1:${port}`, message('hola', 'psid-start'));
    expect(reply.status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('Stopped.');
  }, 30_000);
});
