import express from 'express';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { facebookDataDeletionRouter } from '../../src/messenger/data-deletion';
import { MemoryDeletionStatusStore } from '../../src/messenger/memory-deletion-status-store';
import { MemoryAppScopedIdLinks } from '../../src/messenger/memory-app-scoped-id-links';
import { LinkedPageScopedIdResolver } from '../../src/messenger/page-scoped-id-resolver';
import { createSignedRequest } from '../../src/messenger/signed-request';
import { MemoryPrivacyStorage } from '../../src/storage/memory-privacy-storage';
import { artifactsDir, launchChromium } from '../support/browser';
import { listen } from './listen';

// The status page a person opens from Facebook's settings, in a real browser: the shared page shell
// (brand, colours), the person's language, and the honest "not linked" wording with chat instructions.

const SECRET = 'fb-app-secret';
const LINKED_ASID = '10158765432109876';
const UNKNOWN_ASID = '10150000000000001';
const PATH = '/privacy/facebook/data-deletion';

let browser: Browser;
let server: { url: string; close(): Promise<void> };

beforeAll(async () => {
  browser = await launchChromium();
  const state = new MemoryPrivacyStorage();
  const links = new MemoryAppScopedIdLinks({ keyspace: state.keyspace });
  await links.link(LINKED_ASID, { channelId: 'facebook', userId: '7004444333322221' });
  const app = express();
  app.use(
    facebookDataDeletionRouter({
      appSecret: SECRET,
      eraser: state.keyspace,
      resolver: new LinkedPageScopedIdResolver(links),
      statuses: new MemoryDeletionStatusStore({ keyspace: state.keyspace }),
      statusBaseUrl: 'https://bot.example.com',
      brand: { name: 'Home Services', colors: { primary: '#0b7a5c' } },
    }),
  );
  server = await listen(app);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function callback(asid: string): Promise<string> {
  const body = new URLSearchParams({
    signed_request: createSignedRequest(
      { algorithm: 'HMAC-SHA256', user_id: asid, issued_at: Math.floor(Date.now() / 1000) },
      SECRET,
    ),
  });
  const res = await fetch(`${server.url}${PATH}`, { method: 'POST', body });
  expect(res.status).toBe(200);
  return ((await res.json()) as { confirmation_code: string }).confirmation_code;
}

async function open(code: string, locale: string, screenshot: string) {
  const context = await browser.newContext({ locale, viewport: { width: 390, height: 800 } });
  const page = await context.newPage();
  const response = await page.goto(`${server.url}${PATH}/status/${code}`);
  const shot = path.join(artifactsDir('deletion-status'), screenshot);
  await page.screenshot({ path: shot, fullPage: true });
  const result = {
    status: response?.status(),
    csp: response?.headers()['content-security-policy'] ?? '',
    title: await page.title(),
    text: await page.locator('#status').innerText(),
    outcome: await page.locator('#status').getAttribute('data-outcome'),
    brand: await page.locator('header .brand').innerText(),
    headerRule: await page.evaluate<string>(
      "getComputedStyle(document.querySelector('header')).borderBottomColor",
    ),
    scrollsSideways: await page.evaluate<boolean>('document.documentElement.scrollWidth > window.innerWidth'),
  };
  await context.close();
  return result;
}

describe('the Facebook deletion status page in Chromium', () => {
  it('says deleted, in the brand shell, in English', async () => {
    const page = await open(await callback(LINKED_ASID), 'en-US', 'deletion-status-deleted-en.png');
    expect(page.status).toBe(200);
    expect(page.outcome).toBe('completed');
    expect(page.text).toContain('has been deleted');
    expect(page.brand).toBe('Home Services');
    expect(page.title).toContain('Home Services');
    expect(page.headerRule).toBe('rgb(11, 122, 92)'); // the brand colour, applied under the strict CSP
    expect(page.csp).toContain("default-src 'none'");
    expect(page.scrollsSideways).toBe(false);
  });

  it('says honestly, in Spanish, that no conversation could be linked, and how to delete in the chat', async () => {
    const page = await open(await callback(UNKNOWN_ASID), 'es-ES', 'deletion-status-not-linked-es.png');
    expect(page.outcome).toBe('not-linked');
    expect(page.text).toMatch(/Messenger/);
    expect(page.text).not.toMatch(/no guardábamos|ningún dato/i);
    expect(page.scrollsSideways).toBe(false);
  });
});
