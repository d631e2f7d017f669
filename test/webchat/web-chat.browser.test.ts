import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { configFromEnv, createBotApp, type BotApp } from '../../examples/home-services-bot/app';
import { en } from '../../src/i18n/en';
import { es } from '../../src/i18n/es';
import { sv } from '../../src/i18n/sv';
import { RedisStorage } from '../../src/storage/redis-storage';
import { artifactsDir, launchChromium } from '../support/browser';
import { snapshot, testRedis, testRedisUrl, uniquePrefix } from '../support/redis';
import { freePort } from '../support/redis-server';

// What a person on a brand's website sees: the example app (`npm start`) on a real port with the real
// Redis, its page at `/` with the real botframework-webchat bundle talking to the local Direct Line, in
// headless Chromium, driven by clicking and typing. One browser for the file; one context per person.

jest.setTimeout(180_000);

const shots = artifactsDir('webchat');
const TAX_ID = '12345678Z';

let botApp: BotApp;
let server: Server;
let base: string;
let browser: Browser;
const prefix = uniquePrefix('webchat');
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
    privacyCenterSecret: 'web-chat-test-secret-0123456789abcdef',
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

/** The little of the DOM the tests read in the page (this tree's TypeScript has no DOM types). */
interface PageDocument {
  querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }>;
  documentElement: { outerHTML: string; scrollWidth: number; clientWidth: number };
}

/** A person on the page: their browser context, the page, and the anonymous user id of their token. */
interface Visitor {
  context: BrowserContext;
  page: Page;
  userId: string;
  /** Every URL the page requested. */
  requests: string[];
  /** CSP violations and page errors reported in the console. */
  problems: string[];
}

async function visit(locale: string, viewport = { width: 900, height: 1000 }): Promise<Visitor> {
  const context = await browser.newContext({ locale, viewport, acceptDownloads: true });
  const page = await context.newPage();
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (/Content Security Policy/.test(message.text())) problems.push(message.text());
  });
  const tokenResponse = page.waitForResponse((r) => r.url().endsWith('/webchat/token'));
  await page.goto(`${base}/`);
  const { token } = (await (await tokenResponse).json()) as { token: string };
  const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as {
    user: string;
  };
  return { context, page, userId: claims.user, requests, problems };
}

/** The bot's bubbles (not the person's own). */
function botBubbles(page: Page): Locator {
  return page.locator('#webchat .webchat__bubble:not(.webchat__bubble--from-user)');
}

/** Does `action`, then waits for one more bot bubble that contains `expected`; returns its text. */
async function expectReply(page: Page, action: () => Promise<unknown>, expected: string): Promise<string> {
  const matching = botBubbles(page).filter({ hasText: expected });
  const before = await matching.count();
  await action();
  // Runs in the page (a function, not a string: the page's CSP forbids eval).
  await page.waitForFunction(
    ([text, count]) =>
      Array.from(
        (globalThis as unknown as { document: PageDocument }).document.querySelectorAll(
          '#webchat .webchat__bubble:not(.webchat__bubble--from-user)',
        ),
      ).filter((bubble) => (bubble.textContent ?? '').includes(text)).length > count,
    [expected, before] as [string, number],
    { timeout: 20_000 },
  );
  return (await matching.last().innerText()).trim();
}

/** Waits until a bot bubble contains `expected` (already there or coming). */
async function waitForBubble(page: Page, expected: string): Promise<string> {
  const matching = botBubbles(page).filter({ hasText: expected });
  await matching.first().waitFor({ timeout: 30_000 });
  return (await matching.last().innerText()).trim();
}

/** Types into Web Chat's own send box and presses Enter, as a person does. */
async function type(page: Page, text: string): Promise<void> {
  const box = page.locator('#webchat').getByRole('textbox');
  await box.fill(text);
  await box.press('Enter');
}

/** The suggested action (a real button) with exactly this title. */
function suggested(page: Page, title: string): Locator {
  return page
    .locator('#webchat .webchat__suggested-actions')
    .getByRole('button', { name: title, exact: true });
}

/** The titles of the suggested actions shown now. */
async function suggestedTitles(page: Page): Promise<string[]> {
  const buttons = page.locator('#webchat .webchat__suggested-actions').getByRole('button');
  return (await buttons.allInnerTexts()).map((t) => t.trim()).filter(Boolean);
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(shots, name), fullPage: true });
}

function transcriptOf(page: Page): Promise<string> {
  return page.locator('#webchat').innerText();
}

async function keysOf(userId: string): Promise<Map<string, string>> {
  const digest = new RedisStorage({ redis, prefix }).keyspace.digester.digest({
    channelId: 'webchat',
    userId,
  });
  const all = await snapshot(redis, prefix);
  return new Map([...all].filter(([key]) => key.includes(`{${digest}}`)));
}

/** Waits until Redis holds something of the person that contains `text` (the transcript is batched). */
async function waitForStored(userId: string, text: string): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    if ([...(await keysOf(userId)).values()].some((value) => value.includes(text))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Nothing stored contains "${text}"`);
}

const MENU_EN = [
  en.menu.deleteTitle,
  en.menu.termsTitle,
  en.menu.exportTitle,
  en.center.menuTitle,
  en.menu.consentsTitle,
  en.menu.closeTitle,
];

describe('Web Chat page in Chromium (English)', () => {
  let person: Visitor;
  let page: Page;

  beforeAll(async () => {
    person = await visit('en-US');
    page = person.page;
  });
  afterAll(() => person?.context.close());

  it('serves the real Web Chat from this origin under a strict CSP; the greeting appears and no name is asked', async () => {
    const response = await fetch(`${base}/`, { headers: { 'accept-language': 'en' } });
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/unsafe-(eval|inline)/);
    const html = await response.text();
    expect(html).toContain('<script src="/webchat/webchat.js"></script>');

    const greeting = await waitForBubble(page, 'Welcome to Home Services');
    expect(greeting).not.toMatch(/name/i);
    await page.locator('#webchat').getByRole('textbox').waitFor();
    await shot(page, '01-greeting-en.png');
    // The brand's name and colour are on the page; the bundle is the real one (window.WebChat).
    expect(await page.locator('header .brand').innerText()).toBe('Home Services');
    expect(await page.evaluate(() => typeof (globalThis as { WebChat?: unknown }).WebChat)).toBe('object');
    expect(person.requests.every((url) => url.startsWith(`${base}/`) || url.startsWith('blob:'))).toBe(true);
    expect(person.requests.some((url) => url.endsWith('/webchat/webchat.js'))).toBe(true);
    expect(person.problems.filter((p) => /eval/i.test(p))).toEqual([]);
  });

  it('"privacy" opens the menu as real buttons with the entries\' titles; Terms of use reads in full', async () => {
    await expectReply(page, () => type(page, 'privacy'), 'Privacy at Home Services');
    expect(await suggestedTitles(page)).toEqual(MENU_EN);
    await shot(page, '02-menu-en.png');

    await expectReply(page, () => suggested(page, en.menu.termsTitle).click(), 'Full privacy policy');
    const transcript = await transcriptOf(page);
    expect(transcript).toContain('Terms of use of the Home Services assistant');
    expect(transcript).toContain('Anonymous usage counts');
    await shot(page, '03-terms-en.png');
  });

  it('My data gives a file that downloads from Web Chat and parses', async () => {
    await expectReply(page, () => type(page, 'privacy'), 'Privacy at Home Services');
    await expectReply(page, () => suggested(page, en.menu.exportTitle).click(), en.export.attachmentNote);
    await shot(page, '04-my-data-en.png');
    const link = page.locator('#webchat a[download]', { hasText: 'my-data.json' }).last();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('my-data.json');
    const data = JSON.parse(readFileSync((await download.path())!, 'utf8')) as {
      sections: Array<{ kind: string }>;
    };
    expect(data.sections.map((s) => s.kind)).toContain('transcript');
    expect(JSON.stringify(data)).toContain('Welcome to Home Services');
    expect(JSON.stringify(data)).not.toContain(person.userId);
  });

  it('Privacy Center opens the page in a new tab', async () => {
    await expectReply(page, () => type(page, 'privacy'), 'Privacy at Home Services');
    await expectReply(page, () => suggested(page, en.center.menuTitle).click(), 'Your Privacy Center');
    const button = page.locator('#webchat button', { hasText: en.center.linkTitle }).last();
    const [tab] = await Promise.all([person.context.waitForEvent('page'), button.click()]);
    await tab.waitForLoadState();
    expect(tab.url().startsWith(`${base}/privacy/center/`)).toBe(true);
    expect(await tab.locator('h1').innerText()).toBe(en.center.title);
    await shot(tab, '05-privacy-center-tab-en.png');
    await tab.close();
  });

  it('invoice asks consent first; yes, then a valid Spanish tax id completes; the tax id is neither in Redis nor on the page', async () => {
    await expectReply(page, () => type(page, 'invoice'), 'needs your consent');
    expect(await suggestedTitles(page)).toEqual([en.consent.yesTitle, en.consent.noTitle]);
    await shot(page, '06-invoice-consent-en.png');
    await expectReply(page, () => suggested(page, en.consent.yesTitle).click(), 'Please write your tax id');
    await expectReply(page, () => type(page, TAX_ID), 'Customer C-1001');
    await waitForStored(person.userId, 'Customer C-1001');
    // The bubbles show the echo the Direct Line redacted, as soon as the reply is there.
    const bubbles = (await page.locator('#webchat .webchat__bubble').allInnerTexts()).join('\n');
    expect(bubbles).toContain('Customer C-1001: 2 open invoice(s)');
    expect(bubbles).toContain(en.sensitive.taxIdMask);
    expect(bubbles).not.toContain(TAX_ID);
    // Web Chat's screen-reader live region announces what was typed and drops it a moment later: after
    // that, nothing in the page holds the tax id.
    await page.waitForFunction(
      (taxId) =>
        !(globalThis as unknown as { document: PageDocument }).document.documentElement.outerHTML.includes(
          taxId,
        ),
      TAX_ID,
      { timeout: 3_000 },
    );
    expect(await transcriptOf(page)).not.toContain(TAX_ID);
    await shot(page, '07-invoice-done-en.png');
    const stored = [...(await snapshot(redis, prefix))].join('\n');
    expect(stored).not.toContain(TAX_ID);
    expect(stored).not.toContain('12345678');
  });

  it('My consents withdraws one', async () => {
    await expectReply(page, () => type(page, 'privacy'), 'Privacy at Home Services');
    await expectReply(page, () => suggested(page, en.menu.consentsTitle).click(), en.consents.intro);
    await shot(page, '08-my-consents-en.png');
    await expectReply(page, () => suggested(page, 'Withdraw 1').click(), 'Done, consent withdrawn');
    await shot(page, '09-consent-withdrawn-en.png');
  });

  it('Delete my data with confirmation: the keys are gone from Redis, the chat says so, and the next message is a first interaction', async () => {
    expect((await keysOf(person.userId)).size).toBeGreaterThan(0);
    await expectReply(page, () => type(page, 'privacy'), 'Privacy at Home Services');
    await expectReply(
      page,
      () => suggested(page, en.menu.deleteTitle).click(),
      'Do you want to delete your data?',
    );
    expect(await suggestedTitles(page)).toEqual([en.delete.confirmTitle, en.delete.cancelTitle]);
    await shot(page, '10-delete-confirm-en.png');
    const done = await expectReply(
      page,
      () => suggested(page, en.delete.confirmTitle).click(),
      'your data has been deleted',
    );
    expect(done).toMatch(/confirmation code is [A-Z2-9]{12}/);
    await shot(page, '11-deleted-en.png');
    const left = await keysOf(person.userId);
    expect([...left.keys()].every((key) => key.endsWith(':epoch'))).toBe(true);
    const stored = [...(await snapshot(redis, prefix))].join('\n');
    expect(stored).not.toContain(person.userId);
    expect(stored).not.toContain('Customer C-1001');

    // A first interaction: the bot knows nothing of before (My data lists only what came after).
    await expectReply(page, () => type(page, 'hello again'), 'Hello! Write book, invoice or pay.');
    await expectReply(page, () => type(page, 'privacy'), 'Privacy at Home Services');
    // The history is summarised (counted page by page), not listed: only the few messages since.
    const data = await expectReply(
      page,
      () => suggested(page, en.menu.exportTitle).click(),
      'This is everything',
    );
    expect(data).toMatch(/Chat history: [1-9] messages, from \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d\./);
    expect(data).not.toContain('Customer C-1001');
    expect(data).not.toContain('Please write your tax id');
    expect(data).not.toContain('Welcome to Home Services');
    await shot(page, '12-after-delete-en.png');
  });
});

describe('Web Chat page in other languages and on a phone', () => {
  it.each([
    ['es-ES', es, 'privacidad', '13-menu-es.png'],
    ['sv-SE', sv, 'integritet', '14-menu-sv.png'],
  ] as const)(
    'in %s the greeting and the menu are in that language',
    async (locale, texts, keyword, file) => {
      const person = await visit(locale);
      try {
        const { page } = person;
        expect(await page.locator('html').getAttribute('lang')).toBe(locale.slice(0, 2));
        await expectReply(page, () => type(page, keyword), texts.menu.prompt.split('{brand}')[0]);
        expect(await suggestedTitles(page)).toEqual([
          texts.menu.deleteTitle,
          texts.menu.termsTitle,
          texts.menu.exportTitle,
          texts.center.menuTitle,
          texts.menu.consentsTitle,
          texts.menu.closeTitle,
        ]);
        await shot(page, file);
      } finally {
        await person.context.close();
      }
    },
  );

  it('a phone-width viewport (390 px) has no horizontal scroll, menu open', async () => {
    const person = await visit('en-US', { width: 390, height: 844 });
    try {
      const { page } = person;
      await waitForBubble(page, 'Welcome to Home Services');
      await expectReply(page, () => type(page, 'privacy'), 'Privacy at Home Services');
      await shot(page, '15-phone-390.png');
      const widths = await page.evaluate(() => {
        const root = (globalThis as unknown as { document: PageDocument }).document.documentElement;
        return { scroll: root.scrollWidth, client: root.clientWidth };
      });
      expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    } finally {
      await person.context.close();
    }
  });
});
