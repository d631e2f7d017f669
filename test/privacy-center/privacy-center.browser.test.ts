import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { configFromEnv, createBotApp, type BotApp } from '../../examples/home-services-bot/app';
import { MemoryKeyspace } from '../../src/storage/memory-keyspace';
import { MemoryPrivacyCenterGrants } from '../../src/storage/memory-privacy-center-grants';
import { PrivacyCenterLinks } from '../../src/core/privacy-center-link';
import { RedisStorage } from '../../src/storage/redis-storage';
import { artifactsDir, launchChromium } from '../support/browser';
import { snapshot, testRedis, testRedisUrl, uniquePrefix } from '../support/redis';
import { freePort } from '../support/redis-server';

// The example app on a real port with the real Redis, and the Privacy Center opened in headless Chromium
// from a link taken from a chat turn: what a person gets from `npm start`.

jest.setTimeout(120_000);

const SECRET = 'privacy-center-test-secret-0123456789abcdef';
const shots = artifactsDir('privacy-center');

interface Reply {
  text?: string;
  attachments?: Array<{ contentUrl?: string; content?: { buttons?: Array<{ value?: string }> } }>;
  channelData?: {
    attachment?: {
      payload?: { template_type?: string; text?: string; buttons?: Array<Record<string, string>> };
    };
  };
}

let botApp: BotApp;
let server: Server;
let base: string;
let browser: Browser;
const prefix = uniquePrefix('center');
const redis = testRedis();

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  botApp = createBotApp({
    ...configFromEnv({}),
    port,
    publicUrl: base,
    redisUrl: testRedisUrl(),
    redisPrefix: prefix,
    privacyCenterSecret: SECRET,
  });
  server = await new Promise<Server>((resolve) => {
    const s = botApp.app.listen(port, '127.0.0.1', () => resolve(s));
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await botApp?.close();
  await redis.quit();
});

async function say(
  text: string,
  user: { id: string; locale: string; channelId?: string; name?: string },
): Promise<Reply[]> {
  const response = await fetch(`${base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      text,
      channelId: user.channelId ?? 'facebook',
      from: { id: user.id, name: user.name },
      recipient: { id: 'page', name: 'Home Services' },
      conversation: { id: `${user.id}-page` },
      serviceUrl: 'http://127.0.0.1:1',
      deliveryMode: 'expectReplies',
      locale: user.locale,
    }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { activities: Reply[] }).activities;
}

/** The Privacy Center link a Messenger turn gave: the web_url button of a button template. */
function webUrlButton(replies: Reply[]): { url: string; title: string } {
  const button = replies
    .map((r) => r.channelData?.attachment?.payload)
    .find((p) => p?.template_type === 'button')?.buttons?.[0];
  expect(button?.type).toBe('web_url');
  return { url: button!.url, title: button!.title };
}

async function open(page: Page, url: string, shot: string): Promise<{ status: number; html: string }> {
  const response = await page.goto(url);
  await page.screenshot({ path: join(shots, shot), fullPage: true });
  return { status: response!.status(), html: await response!.text() };
}

async function keysOf(userId: string): Promise<Map<string, string>> {
  const digest = new RedisStorage({ redis, prefix }).keyspace.digester.digest({
    channelId: 'facebook',
    userId,
  });
  const all = await snapshot(redis, prefix);
  return new Map([...all].filter(([key]) => key.includes(`{${digest}}`)));
}

describe('Privacy Center in Chromium', () => {
  const paula = {
    id: `${Date.now()}0${Math.floor(Math.random() * 1e6)}`,
    locale: 'es-ES',
    name: 'Paula Prueba',
  };
  const sven = {
    id: `${Date.now()}1${Math.floor(Math.random() * 1e6)}`,
    locale: 'sv-SE',
    name: 'Sven Svensson',
  };
  const secretWord = `fontanero-${Math.random().toString(36).slice(2, 8)}`;
  let centerUrl: string;

  it('opens from the chat menu: name, history and consents, in Spanish, with strict headers and no id', async () => {
    await say(`hola ${secretWord}`, paula);
    await say('factura', paula);
    await say('Sí, acepto', paula);
    await say('12345678Z', paula);
    const menu = await say('privacidad', paula);
    expect(JSON.stringify(menu)).toContain('Centro de privacidad');
    const replies = await say('PRIVACY_CENTER', paula);
    const link = webUrlButton(replies);
    centerUrl = link.url;
    expect(link.title).toBe('Abrir centro');
    expect(centerUrl.startsWith(`${base}/privacy/center/`)).toBe(true);
    expect(centerUrl).not.toContain(paula.id);

    const page = await browser.newPage();
    const response = await page.goto(centerUrl);
    expect(response!.status()).toBe(200);
    const headers = response!.headers();
    expect(headers['cache-control']).toBe('no-store');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'nonce-[^']+';/);
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy']).not.toContain('script-src');
    await page.screenshot({ path: join(shots, 'center-es.png'), fullPage: true });
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    expect(await page.locator('h1').textContent()).toBe('Centro de privacidad');
    expect(await page.locator('#name').textContent()).toBe('Paula Prueba');
    const saved = await page.locator('#saved').textContent();
    expect(saved).toContain('Tu perfil › Nombre');
    expect(saved).not.toMatch(/Privacy profile|First name/);
    expect(await page.locator('#history').textContent()).toContain(`hola ${secretWord}`);
    expect(await page.locator('#consents').textContent()).toContain('Tu NIF, para buscar tus facturas');
    // The stylesheet applied (CSP nonce accepted): the brand colour is on the header rule.
    expect(
      await page
        .locator('header')
        .evaluate(
          (el) =>
            (
              globalThis as unknown as { getComputedStyle(e: unknown): { borderBottomColor: string } }
            ).getComputedStyle(el).borderBottomColor,
        ),
    ).toBe('rgb(11, 122, 92)');
    const source = await response!.text();
    expect(source).not.toContain(paula.id);
    expect(source).not.toMatch(/<script/i);
    await page.close();
  });

  it('downloads the export as my-data.json, and the file parses', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(centerUrl);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-link')]);
    expect(download.suggestedFilename()).toBe('my-data.json');
    const data = JSON.parse(readFileSync((await download.path())!, 'utf8')) as {
      sections: Array<{ kind: string }>;
    };
    expect(data.sections.map((s) => s.kind)).toEqual(
      expect.arrayContaining(['state', 'transcript', 'consent']),
    );
    expect(JSON.stringify(data)).toContain(secretWord);
    const direct = await fetch(`${centerUrl}/my-data.json`);
    expect(direct.headers.get('content-disposition')).toBe('attachment; filename="my-data.json"');
    expect(direct.headers.get('cache-control')).toBe('no-store');
    await context.close();
  });

  it('withdraws a consent with one button, and the chat’s My consents shows it withdrawn', async () => {
    const page = await browser.newPage();
    await page.goto(centerUrl);
    await page.click('button[data-purpose="invoice"]');
    await page.waitForSelector('#notice');
    await page.screenshot({ path: join(shots, 'center-withdrawn-es.png'), fullPage: true });
    expect(await page.locator('#notice').textContent()).toContain('Tu NIF');
    expect(await page.locator('tr[data-purpose="invoice"]').getAttribute('data-state')).toBe('withdrawn');
    expect(await page.locator('button[data-purpose="invoice"]').count()).toBe(0);
    await page.close();

    const consents = await say('PRIVACY_CONSENTS', paula);
    const text = consents.map((r) => r.text ?? '').join('\n');
    expect(text).toMatch(/Tu NIF.*retirado/);
    expect(JSON.stringify(consents)).not.toContain('Retirar 1');
  });

  it('refuses forms without the link’s CSRF token (403) and changes nothing', async () => {
    const missing = await fetch(`${centerUrl}/delete`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(missing.status).toBe(403);
    expect(await missing.text()).toContain('Este formulario no se envió desde tu página');
    const wrong = await fetch(`${centerUrl}/withdraw`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'purpose=invoice&csrf=forged',
    });
    expect(wrong.status).toBe(403);
    expect((await keysOf(paula.id)).size).toBeGreaterThan(2);
  });

  it('answers a forged token with 403 in the browser’s language, disclosing nothing', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const token = centerUrl.split('/').pop()!;
    const flipped = `${token.slice(0, 20)}${token[20] === 'A' ? 'B' : 'A'}${token.slice(21)}`;
    const { status, html } = await open(page, `${base}/privacy/center/${flipped}`, 'center-forged-en.png');
    expect(status).toBe(403);
    expect(await page.locator('h1').textContent()).toBe('Link not valid');
    expect(html).not.toContain('Paula');
    const garbage = await fetch(`${base}/privacy/center/not-a-token`, {
      headers: { 'accept-language': 'sv' },
    });
    expect(garbage.status).toBe(403);
    expect(await garbage.text()).toContain('Ogiltig länk');
    await context.close();
  });

  it('shows the expiry page (410, in Spanish) for an expired link', async () => {
    const past = new PrivacyCenterLinks({
      secret: SECRET,
      grants: new MemoryPrivacyCenterGrants({ keyspace: new MemoryKeyspace() }),
      baseUrl: base,
      now: () => Date.now() - 16 * 60_000,
    });
    const expired = await past.issue({ channelId: 'facebook', userId: paula.id }, 'es');
    const page = await browser.newPage();
    const { status, html } = await open(page, expired.url, 'center-expired-es.png');
    expect(status).toBe(410);
    expect(await page.locator('h1').textContent()).toBe('Enlace caducado');
    expect(html).not.toContain('Paula');
    await page.close();
  });

  it('on Messenger, My data gives the readable text and a download button, never a data: URL', async () => {
    const replies = await say('PRIVACY_EXPORT', paula);
    expect(replies[0].text).toContain('Esto es todo lo que Home Services guarda sobre ti');
    expect(JSON.stringify(replies)).not.toContain('data:');
    const button = webUrlButton(replies);
    expect(button.title).toBe('Descargar mis datos');
    expect(button.url).toMatch(/\/privacy\/center\/[A-Za-z0-9_-]+\/my-data\.json$/);
    const file = await fetch(button.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain('attachment');
    expect(JSON.stringify(await file.json())).toContain(secretWord);

    // Web chat keeps the attachment.
    const webUser = { id: `web-${Date.now()}`, locale: 'en-US', channelId: 'webchat' };
    await say('book', webUser);
    const web = await say('PRIVACY_EXPORT', webUser);
    expect(web.some((r) => r.attachments?.[0]?.contentUrl?.startsWith('data:application/json'))).toBe(true);
  });

  it('pages a long history: the newest 50 messages, then "Older messages" back to the first, each page small', async () => {
    const olga = {
      id: `${Date.now()}2${Math.floor(Math.random() * 1e6)}`,
      locale: 'en-US',
      name: 'Olga Older',
    };
    for (let n = 0; n < 70; n++) await say(`note ${n} ${'lorem ipsum '.repeat(12)}`, olga);
    const center = webUrlButton(await say('PRIVACY_CENTER', olga)).url;
    const page = await browser.newPage();
    const seen: number[] = [];
    let response = await page.goto(center);
    for (let pageNumber = 1; ; pageNumber++) {
      const html = await response!.text();
      expect(Buffer.byteLength(html)).toBeLessThan(200 * 1024);
      const rows = await page.locator('#history tbody tr').allInnerTexts();
      expect(rows.length).toBeLessThanOrEqual(50);
      // Oldest first within the page; pages go back in time.
      const notes = rows.flatMap((row) => /note (\d+) /.exec(row)?.[1] ?? []).map(Number);
      seen.unshift(...notes);
      if (pageNumber === 1) {
        expect(rows.length).toBe(50);
        expect(await page.locator('#newest-link').count()).toBe(0);
        await page.screenshot({ path: join(shots, 'center-history-newest-en.png'), fullPage: true });
      } else {
        await expect(page.getByRole('link', { name: 'Newest messages' }).count()).resolves.toBe(1);
      }
      const older = page.getByRole('link', { name: 'Older messages' });
      if ((await older.count()) === 0) break;
      expect(await older.getAttribute('href')).toMatch(/\?before=\d+\.\d+$/); // a log position, no id
      [response] = await Promise.all([page.waitForNavigation(), older.click()]);
      expect(response!.status()).toBe(200);
      expect(page.url()).not.toContain(olga.id);
    }
    await page.screenshot({ path: join(shots, 'center-history-oldest-en.png'), fullPage: true });
    // Every message once, in order, across the pages.
    expect(seen).toEqual(Array.from({ length: 70 }, (_, n) => n));
    await page.close();
  });

  it('serves Swedish to a Swedish chat, and limits requests per link (429)', async () => {
    await say(`hej ${secretWord}`, sven);
    const link = webUrlButton(await say('PRIVACY_CENTER', sven));
    const page = await browser.newPage();
    const { status } = await open(page, link.url, 'center-sv.png');
    expect(status).toBe(200);
    expect(await page.locator('h1').textContent()).toBe('Integritetscenter');
    const saved = await page.locator('#saved').textContent();
    expect(saved).toContain('Din profil › Förnamn');
    expect(saved).not.toMatch(/Privacy profile|First name/);
    let limited: Response | undefined;
    for (let i = 0; i < 40 && !limited; i++) {
      const response = await fetch(link.url, { headers: { 'accept-language': 'sv-SE,sv;q=0.9' } });
      if (response.status === 429) limited = response;
      else expect(response.status).toBe(200);
    }
    expect(limited).toBeDefined();
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited!.text()).toContain('För många förfrågningar');
    await page.close();
  });

  it('deletes everything after a confirmation, shows the code, then the link answers 410 and Redis holds nothing of the person', async () => {
    const svenBefore = await keysOf(sven.id);
    expect(svenBefore.size).toBeGreaterThan(0);
    const page = await browser.newPage();
    await page.goto(centerUrl);
    await page.click('#delete-link');
    await page.waitForSelector('#confirm-delete');
    await page.screenshot({ path: join(shots, 'center-confirm-es.png'), fullPage: true });
    await page.click('#confirm-delete');
    await page.waitForSelector('#confirmation-code');
    await page.screenshot({ path: join(shots, 'center-deleted.png'), fullPage: true });
    expect(await page.locator('#confirmation-code').textContent()).toMatch(/^[A-Z2-9]{12}$/);

    const { status } = await open(page, centerUrl, 'center-after-delete-es.png');
    expect(status).toBe(410);
    expect(await page.locator('h1').textContent()).toBe('Enlace caducado');
    await page.close();

    // Only the erasure tombstone (an epoch counter) is left under the person's digest; no value anywhere
    // holds their id, name or words. The other person is byte-for-byte intact.
    const left = await keysOf(paula.id);
    expect([...left.keys()].every((key) => key.endsWith(':epoch'))).toBe(true);
    const everything = [...(await snapshot(redis, prefix))].join('\n');
    expect(everything).not.toContain(paula.id);
    expect(everything).not.toContain('Paula');
    expect(everything).not.toContain(`hola ${secretWord}`);
    expect(await keysOf(sven.id)).toEqual(svenBefore);

    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(
      /event="erasure.completed"[^}]*dimension="privacy_center"|dimension="privacy_center"[^}]*event="erasure.completed"/,
    );
  });
});
