import { configFromEnv } from '../../examples/home-services-bot/app';
import { serveExample } from './serve-example';

// The example's Web Chat page as a deployment sees it: on in development, off in production unless
// WEB_CHAT_PAGE=true, never with Bot Framework credentials (the local Direct Line cannot sign channel
// tokens); the bundle served from the app itself; tokens rate limited. The flows are in
// test/webchat/web-chat.browser.test.ts.

describe('WEB_CHAT_PAGE', () => {
  it('is on in development, off in production unless WEB_CHAT_PAGE=true', () => {
    expect(configFromEnv({}).webChatPage).toBe(true);
    expect(configFromEnv({ NODE_ENV: 'production' }).webChatPage).toBe(false);
    expect(configFromEnv({ NODE_ENV: 'production', WEB_CHAT_PAGE: 'true' }).webChatPage).toBe(true);
    expect(configFromEnv({ WEB_CHAT_PAGE: 'false' }).webChatPage).toBe(false);
  });

  it('off: GET / and the Direct Line answer 404', async () => {
    const bot = await serveExample({ webChatPage: false });
    try {
      expect((await fetch(`${bot.url}/`)).status).toBe(404);
      expect((await fetch(`${bot.url}/v3/directline/conversations`, { method: 'POST' })).status).toBe(404);
      expect((await fetch(`${bot.url}/webchat/token`, { method: 'POST' })).status).toBe(404);
    } finally {
      await bot.close();
    }
  });

  it('with MicrosoftAppId the page is not mounted (the bot would refuse the local Direct Line)', async () => {
    const bot = await serveExample({
      webChatPage: true,
      microsoftAppId: 'app-id',
      microsoftAppPassword: 'pw',
    });
    try {
      expect((await fetch(`${bot.url}/`)).status).toBe(404);
    } finally {
      await bot.close();
    }
  });
});

describe('the page in development', () => {
  let bot: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    bot = await serveExample({ webChatPage: true, brandColor: '#aa3300' });
  });
  afterAll(() => bot.close());

  it('GET /: a CSP with script-src self and a style nonce, no script from another host, in the browser language', async () => {
    const response = await fetch(`${bot.url}/`, { headers: { 'accept-language': 'sv-SE,sv;q=0.9' } });
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toMatch(/(^|; )script-src 'self'(;|$)/);
    expect(csp).toMatch(/style-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/unsafe-/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    const sources = [...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]);
    expect(sources).toEqual(['/webchat/webchat.js', '/webchat/page.js']);
    expect(html).toContain('<html lang="sv">');
    expect(html).toContain('Chatta med oss');
    expect(html).toContain('"accent":"#aa3300"');
    expect(html).toContain('"locale":"sv-SE"');
  });

  it('serves the Web Chat bundle itself, gzipped, with an ETag (304 when unchanged)', async () => {
    const response = await fetch(`${bot.url}/webchat/webchat.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    const body = Buffer.from(await response.arrayBuffer());
    expect(response.headers.get('content-encoding')).toBe('gzip'); // fetch decoded it
    expect(body.length).toBeGreaterThan(1_000_000);
    const etag = response.headers.get('etag')!;
    const again = await fetch(`${bot.url}/webchat/webchat.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('hands out tokens for new anonymous users, 20 a minute per address', async () => {
    const first = (await (await fetch(`${bot.url}/webchat/token`, { method: 'POST' })).json()) as {
      token: string;
      conversationId: string;
    };
    const claims = JSON.parse(Buffer.from(first.token.split('.')[1], 'base64url').toString('utf8'));
    expect(claims.user).toMatch(/^dl_/);
    expect(claims.conv).toBe(first.conversationId);
    const statuses: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      statuses.push((await fetch(`${bot.url}/webchat/token`, { method: 'POST' })).status);
    }
    expect(statuses.slice(0, 19).every((s) => s === 200)).toBe(true);
    expect(statuses[19]).toBe(429);
  });
});
