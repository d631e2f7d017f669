import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import express from 'express';
import type { Browser } from 'playwright-core';
import { newPrivacyRequest } from '../../src/core/requests/privacy-request';
import { PrivacyRequests } from '../../src/core/requests/privacy-requests';
import { EnvelopeCipher } from '../../src/core/sensitive/envelope-cipher';
import { RedisPrivacyRequestStore } from '../../src/storage/redis-privacy-request-store';
import type { RedisStorage } from '../../src/storage/redis-storage';
import { privacyRequestsRouter } from '../../src/server/privacy-requests-router';
import type { AuditCheckResult } from '../../src/server/privacy-requests-page';
import { listen } from '../messenger/listen';
import { artifactsDir, launchChromium } from '../support/browser';
import { testStorage } from '../support/redis';

// The operator's privacy-requests page in real headless Chromium, served by privacyRequestsRouter over
// real HTTP on Redis: sign-in, the list (overdue first), one request's detail, the one-time download, the
// audit verify result. Screenshots go to test-artifacts/privacy-requests/.

const TOKEN = 'browser-operator-token-0123456789';
const DAY = 86_400_000;
const dir = artifactsDir('privacy-requests');

let browser: Browser;
let storage: RedisStorage;
let quit: () => Promise<unknown>;
let server: { url: string; close(): Promise<void> };
let requests: PrivacyRequests;
let audit: AuditCheckResult = { ok: true, entries: 42 };
const ids: Record<string, string> = {};

beforeAll(async () => {
  const test = testStorage();
  storage = test.storage;
  quit = () => test.redis.quit();
  const store = new RedisPrivacyRequestStore({ keyspace: storage.keyspace });
  requests = new PrivacyRequests({
    store,
    erasure: storage,
    dataSources: [storage],
    cipher: new EnvelopeCipher([{ kid: 'page', key: randomBytes(32) }]),
    digester: storage.keyspace.digester,
    sweepIntervalMs: 0,
  });
  // Two requests filed long ago and never started: one overdue by 10 days, one by 2.
  for (const [name, daysAgo] of [
    ['overdue10', 40],
    ['overdue2', 33],
  ] as const) {
    const old = newPrivacyRequest({
      kind: name === 'overdue10' ? 'erase' : 'export',
      verify: 'none',
      requested: 1,
      subjectDigests: ['bGlzdGVkLWRpZ2VzdC0x'],
      now: new Date(Date.now() - daysAgo * DAY),
    });
    await store.create(old, 'sealed-elsewhere');
    ids[name] = old.id;
  }
  await storage.write({ 'facebook/users/7301111222233334/': { name: 'Paula' } });
  const done = await requests.submit({
    kind: 'erase',
    subjects: [
      { channelId: 'facebook', userId: '7301111222233334' },
      { channelId: 'webchat', userId: 'web-person-2' },
    ],
    appScopedIds: [],
    verify: 'none',
    note: 'Ticket 5521',
  });
  await requests.whenIdle();
  ids.completed = done.id;
  const open = await requests.submit({
    kind: 'export',
    subjects: [{ channelId: 'facebook', userId: '7301111222299999' }],
    appScopedIds: [],
    verify: 'none',
  });
  await requests.whenIdle();
  ids.exported = open.id;

  const app = express();
  app.use(
    privacyRequestsRouter({
      token: TOKEN,
      requests,
      brand: { name: 'Home Services', colors: { primary: '#0b7a5c' } },
      verifyAudit: async () => audit,
    }),
  );
  server = await listen(app);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await requests?.close();
  await quit?.();
});

async function watchedPage(viewport = { width: 1100, height: 900 }) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const requestsMade: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => requestsMade.push(`${request.method()} ${request.url()}`));
  page.on('console', (message) => {
    // The sign-in form is a 401 answer by design; anything else (a CSP violation, a script error) counts.
    if (message.type() === 'error' && !message.text().includes('status of 401')) errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page, requestsMade, errors };
}

const rowIds = `[...document.querySelectorAll('#requests .request h2 a')].map((a) => a.textContent)`;

it('signs in with the operator token, lists requests overdue first, shows the audit result, and downloads a result once', async () => {
  const { context, page, requestsMade, errors } = await watchedPage();
  const start = `${server.url}/privacy/requests`;
  const first = await page.goto(start);
  expect(first?.status()).toBe(401);
  expect(await page.textContent('h1')).toBe('Sign in to privacy requests');
  await page.screenshot({ path: join(dir, 'requests-login.png') });

  await page.fill('input[name="token"]', 'wrong-token-wrong-token');
  await Promise.all([page.waitForURL(/\/login$/), page.click('button[type="submit"]')]);
  expect(await page.textContent('#login-error')).toContain('not correct');
  await page.fill('input[name="token"]', TOKEN);
  await Promise.all([page.waitForURL(start), page.click('button[type="submit"]')]);

  expect(await page.textContent('h1')).toBe('Privacy requests');
  expect(await page.evaluate(rowIds)).toEqual([ids.overdue10, ids.overdue2, ids.exported, ids.completed]);
  expect(await page.locator('.request[data-overdue="true"]').count()).toBe(2);
  expect(await page.textContent(`.request:has(a:text("${ids.overdue10}"))`)).toContain('Overdue');
  expect(await page.getAttribute('#audit', 'data-audit')).toBe('ok');
  expect(await page.textContent('#audit')).toContain('no entry was removed, reordered or altered');
  await page.screenshot({ path: join(dir, 'requests-list.png'), fullPage: true });

  await Promise.all([page.waitForURL(`${start}/${ids.completed}`), page.click(`a:text("${ids.completed}")`)]);
  expect(await page.textContent('#state')).toBe('Completed');
  expect(await page.textContent('main')).toContain('Ticket 5521');
  expect(await page.textContent('main')).not.toContain('7301111222233334');
  await page.screenshot({ path: join(dir, 'requests-detail.png'), fullPage: true });
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  const file = JSON.parse(await readFile((await download.path())!, 'utf8')) as { receipts: unknown[] };
  expect(file.receipts).toHaveLength(2);
  await page.reload();
  expect(await page.textContent('#result')).toContain('was downloaded and is no longer kept');
  expect(await page.locator('#download').count()).toBe(0);
  const again = await page.request.get(`${start}/${ids.completed}/result`);
  expect(again.status()).toBe(410);

  expect(errors).toEqual([]); // nothing the CSP blocked, no script errors
  expect(requestsMade.every((r) => r.includes(server.url))).toBe(true);
  await context.close();
});

it('shows a broken audit chain, speaks Spanish, and fits a phone', async () => {
  audit = { ok: false, detail: 'entry 1765152000000-3 was altered' };
  const { context, page, errors } = await watchedPage({ width: 390, height: 844 });
  await page.goto(`${server.url}/privacy/requests?lang=es`);
  await page.fill('input[name="token"]', TOKEN);
  await Promise.all([page.waitForURL(/lang=es|requests$/), page.click('button[type="submit"]')]);
  await page.goto(`${server.url}/privacy/requests?lang=es`);
  expect(await page.textContent('h1')).toBe('Solicitudes de privacidad');
  expect(await page.getAttribute('#audit', 'data-audit')).toBe('broken');
  expect(await page.textContent('#audit')).toContain('entry 1765152000000-3 was altered');
  expect(await page.textContent('main')).toContain('Vencida');
  const overflow = (await page.evaluate(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  )) as number;
  await page.screenshot({ path: join(dir, 'requests-list-es-phone.png'), fullPage: true });
  expect(overflow).toBeLessThanOrEqual(0);
  expect(errors).toEqual([]);
  await context.close();
});
