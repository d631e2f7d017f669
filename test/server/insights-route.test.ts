import express from 'express';
import type { Redis } from 'ioredis';
import { configFromEnv, createBotApp } from '../../examples/home-services-bot/app';
import { ConfigurationError } from '../../src/core/errors';
import { readMetricCounterDays } from '../../src/metrics/counter-reader';
import { insightsRouter, type InsightsRouterOptions } from '../../src/server/insights-route';
import { listen } from '../messenger/listen';
import { testRedis, testRedisUrl, uniquePrefix } from '../support/redis';
import { EXPECTED_BARS, recordKnownInsights } from '../metrics/insights-fixture';

const TOKEN = 'insights-test-token-0123456789';
let redis: Redis;
let prefix: string;
const servers: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  redis = testRedis();
  prefix = uniquePrefix('insr');
  await recordKnownInsights(redis, prefix);
});
afterAll(async () => {
  for (const server of servers) await server.close();
  await redis.quit();
});

async function serve(options: Partial<InsightsRouterOptions> = {}): Promise<string> {
  const app = express();
  app.use(
    insightsRouter({
      token: TOKEN,
      readDays: (days) => readMetricCounterDays(redis, prefix, days),
      ...options,
    }),
  );
  const server = await listen(app);
  servers.push(server);
  return server.url;
}

function clickBars(html: string): number {
  const figure = /<figure class="chart" data-chart="clicks">([\s\S]*?)<\/figure>/.exec(html)?.[1] ?? '';
  return (figure.match(/<rect class="bar"/g) ?? []).length;
}

async function login(url: string, token: string, extra: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/privacy/insights/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, ...extra }).toString(),
    redirect: 'manual',
  });
}

function sessionOf(response: Response): string {
  const setCookie = response.headers.get('set-cookie') ?? '';
  return setCookie.split(';')[0];
}

describe('GET /privacy/insights', () => {
  it('answers a bearer token with the report, never cached, under a strict policy', async () => {
    const url = await serve();
    const response = await fetch(`${url}/privacy/insights?days=3`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; img-src 'none'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await response.text();
    expect(clickBars(html)).toBe(EXPECTED_BARS.clicks);
    expect(html).toContain('<li data-total="clicks" data-value="15">');
    expect(html).not.toContain(TOKEN);
  });

  it('refuses a wrong bearer token, and shows the sign-in form to a browser without one', async () => {
    const url = await serve();
    const wrong = await fetch(`${url}/privacy/insights`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('data-chart');
    const anonymous = await fetch(`${url}/privacy/insights`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('cache-control')).toBe('no-store');
    const form = await anonymous.text();
    expect(form).toContain('<form class="login" method="post" action="/privacy/insights/login">');
    expect(form).toContain('type="password"');
    expect(form).not.toContain('data-chart');
  });

  it('signs in through the form with a signed HttpOnly SameSite=Strict cookie, and signs out', async () => {
    const url = await serve();
    const failed = await login(url, 'guess-guess-guess-guess');
    expect(failed.status).toBe(401);
    expect(failed.headers.get('set-cookie')).toBeNull();
    expect(await failed.text()).toContain('That token is not correct.');

    const ok = await login(url, TOKEN, { days: '3', lang: 'es' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/privacy/insights?days=3&lang=es');
    const setCookie = ok.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^bbp_insights=v1\.\d+\.[A-Za-z0-9_-]{43}; Path=\/privacy\/insights; /);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).not.toContain(TOKEN);

    const page = await fetch(`${url}/privacy/insights?days=3&lang=es`, {
      headers: { cookie: sessionOf(ok) },
    });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<html lang="es">');
    expect(clickBars(html)).toBe(EXPECTED_BARS.clicks);
    expect(html).toContain('action="/privacy/insights/logout"');

    const out = await fetch(`${url}/privacy/insights/logout`, { method: 'POST', redirect: 'manual' });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/^bbp_insights=; Path=\/privacy\/insights; Max-Age=0/);
  });

  it('rejects a tampered, expired or other-token cookie', async () => {
    let now = new Date();
    const url = await serve({ now: () => now, sessionSeconds: 60 });
    const session = sessionOf(await login(url, TOKEN));
    const get = (cookie: string) =>
      fetch(`${url}/privacy/insights`, { headers: { cookie } }).then((r) => r.status);
    expect(await get(session)).toBe(200);
    const [name, value] = session.split('=');
    const [version, expires, mac] = value.split('.');
    expect(await get(`${name}=${version}.${Number(expires) + 3600}.${mac}`)).toBe(401);
    expect(
      await get(`${name}=${version}.${expires}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`),
    ).toBe(401);
    const otherToken = await serve({ token: 'another-token-abcdefghijklmnop' });
    expect(
      await fetch(`${otherToken}/privacy/insights`, { headers: { cookie: session } }).then((r) => r.status),
    ).toBe(401);
    now = new Date(now.getTime() + 61_000);
    expect(await get(session)).toBe(401);
  });

  it('closes the sign-in form for the minute after too many wrong tokens, bearer access still works', async () => {
    let now = new Date('2026-11-29T10:00:05Z');
    const url = await serve({ now: () => now, maxFailedLoginsPerMinute: 2 });
    expect((await login(url, 'wrong-wrong-wrong-wrong-1')).status).toBe(401);
    expect((await login(url, 'wrong-wrong-wrong-wrong-2')).status).toBe(401);
    const closed = await login(url, TOKEN);
    expect(closed.status).toBe(429);
    expect(closed.headers.get('set-cookie')).toBeNull();
    expect(await closed.text()).toContain('Too many wrong tokens');
    const bearer = await fetch(`${url}/privacy/insights`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(bearer.status).toBe(200);
    now = new Date('2026-11-29T10:01:00Z');
    expect((await login(url, TOKEN)).status).toBe(303);
  });

  it('picks the language from ?lang= or Accept-Language, and refuses bad queries with 400', async () => {
    const url = await serve();
    const auth = { authorization: `Bearer ${TOKEN}` };
    const sv = await fetch(`${url}/privacy/insights`, {
      headers: { ...auth, 'accept-language': 'sv-SE,sv;q=0.9' },
    });
    expect(await sv.text()).toContain('<html lang="sv">');
    const es = await fetch(`${url}/privacy/insights?lang=es`, { headers: auth });
    expect(await es.text()).toContain('Estadísticas del asistente');
    for (const bad of ['days=0', 'days=367', 'days=abc', 'lang=fr']) {
      const response = await fetch(`${url}/privacy/insights?${bad}`, { headers: auth });
      expect([bad, response.status]).toEqual([bad, 400]);
    }
  });

  it('answers 503 without internals when the counters cannot be read', async () => {
    const logged: string[] = [];
    const url = await serve({
      readDays: async () => {
        throw new Error(`redis down at 10.0.0.7 for ${TOKEN}`);
      },
      log: (line) => logged.push(line),
    });
    const response = await fetch(`${url}/privacy/insights`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.text();
    expect(body).toContain('The counters cannot be read right now.');
    expect(body).not.toContain('10.0.0.7');
    expect(logged.join('\n')).not.toContain(TOKEN);
  });

  it('refuses a short token at start-up', () => {
    expect(() => insightsRouter({ token: 'short', readDays: async () => [] })).toThrow(ConfigurationError);
  });
});

describe('the example bot', () => {
  it('serves /privacy/insights behind METRICS_TOKEN, and nothing when it is unset', async () => {
    const base = { ...configFromEnv({}), redisUrl: testRedisUrl(), redisPrefix: prefix };
    const withToken = createBotApp({ ...base, metricsToken: TOKEN });
    const without = createBotApp(base);
    const a = await listen(withToken.app);
    const b = await listen(without.app);
    try {
      const page = await fetch(`${a.url}/privacy/insights?days=3`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(page.status).toBe(200);
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(clickBars(await page.text())).toBe(EXPECTED_BARS.clicks);
      expect((await fetch(`${b.url}/privacy/insights`)).status).toBe(404);
      expect(
        (await fetch(`${b.url}/privacy/insights`, { headers: { authorization: `Bearer ${TOKEN}` } })).status,
      ).toBe(404);
    } finally {
      await a.close();
      await b.close();
      await withToken.close();
      await without.close();
    }
  });
});
