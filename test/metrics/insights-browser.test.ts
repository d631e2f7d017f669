import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Redis } from 'ioredis';
import type { Browser, Page } from 'playwright-core';
import { configFromEnv, createBotApp, type BotApp } from '../../examples/home-services-bot/app';
import type { InsightsLanguage } from '../../src/i18n/insights-texts';
import { readMetricCounterDays } from '../../src/metrics/counter-reader';
import { renderInsightsHtml } from '../../src/metrics/report/insights-html';
import { buildInsightsReport } from '../../src/metrics/report/insights-report';
import { listen } from '../messenger/listen';
import { artifactsDir, launchChromium } from '../support/browser';
import { testRedis, testRedisUrl, uniquePrefix } from '../support/redis';
import { EXPECTED_BARS, INSIGHT_DAYS, recordKnownInsights } from './insights-fixture';

// The insights report in real headless Chromium: the file `metrics:report --html` writes, and the page
// the example serves at /privacy/insights. Screenshots go to test-artifacts/insights/.

const TOKEN = 'browser-insights-token-0123456789';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1100, height: 900 };

let redis: Redis;
let prefix: string;
let browser: Browser;
const dir = artifactsDir('insights');

beforeAll(async () => {
  redis = testRedis();
  prefix = uniquePrefix('insb');
  await recordKnownInsights(redis, prefix);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await redis.quit();
});

async function writeReport(language: InsightsLanguage): Promise<string> {
  const report = buildInsightsReport(await readMetricCounterDays(redis, prefix, INSIGHT_DAYS));
  const file = join(dir, `insights-report-${language}.html`);
  writeFileSync(file, renderInsightsHtml(report, { language }));
  return file;
}

/** A page that records every request it makes and every console error (e.g. a CSP violation). */
async function watchedPage(viewport: { width: number; height: number }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => requests.push(`${request.method()} ${request.url()}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, requests, errors, close: () => context.close() };
}

// The test tree has no DOM typings: code run in the page is given as text.
const BARS_IN_PAGE = `(() => {
  const counts = {};
  for (const figure of document.querySelectorAll('figure[data-chart]')) {
    counts[figure.dataset.chart] = [...figure.querySelectorAll('rect.bar')].filter((rect) => {
      const box = rect.getBoundingClientRect();
      return box.width > 0 && box.height > 0;
    }).length;
  }
  return counts;
})()`;

/** Bars drawn per chart, each with a non-empty box on screen. */
async function renderedBars(page: Page): Promise<Record<string, number>> {
  return (await page.evaluate(BARS_IN_PAGE)) as Record<string, number>;
}

/** How far the page scrolls sideways (0 when it fits). */
async function horizontalOverflow(page: Page): Promise<number> {
  return (await page.evaluate(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  )) as number;
}

describe('the HTML report file in Chromium', () => {
  it('draws every chart with the expected bars, styled, and makes no network request', async () => {
    const file = await writeReport('en');
    const url = pathToFileURL(file).href;
    const { page, requests, errors, close } = await watchedPage(DESKTOP);
    try {
      await page.goto(url);
      expect(await renderedBars(page)).toEqual(EXPECTED_BARS);
      // the inline stylesheet applied: its hash matches the page's Content-Security-Policy
      expect(await page.evaluate("getComputedStyle(document.querySelector('.totals')).display")).toBe('grid');
      expect(await page.textContent('[data-total="clicks"] b')).toBe('15');
      expect(
        await page.getAttribute(
          'figure[data-chart="clicks"] rect.bar[data-series="PRIVACY_MENU"]',
          'data-value',
        ),
      ).toBe('5');
      expect(await page.textContent('#anonymity')).toContain('no user ids');
      await page.screenshot({ path: join(dir, 'insights-report-en.png'), fullPage: true });
      expect(requests).toEqual([`GET ${url}`]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('fits a phone (390 px) without horizontal scrolling', async () => {
    const file = await writeReport('es');
    const { page, requests, close } = await watchedPage(PHONE);
    try {
      await page.goto(pathToFileURL(file).href);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(await renderedBars(page)).toEqual(EXPECTED_BARS);
      expect(await page.textContent('h1')).toBe('Estadísticas del asistente');
      await page.screenshot({ path: join(dir, 'insights-phone.png'), fullPage: true });
      expect(requests).toHaveLength(1);
    } finally {
      await close();
    }
  });

  it('renders in Swedish', async () => {
    const file = await writeReport('sv');
    const { page, close } = await watchedPage(DESKTOP);
    try {
      await page.goto(pathToFileURL(file).href);
      expect(await page.textContent('h1')).toBe('Insikter om assistenten');
      expect(await renderedBars(page)).toEqual(EXPECTED_BARS);
      await page.screenshot({ path: join(dir, 'insights-report-sv.png'), fullPage: true });
    } finally {
      await close();
    }
  });
});

describe('the served page /privacy/insights in Chromium', () => {
  let bot: BotApp;
  let server: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    bot = createBotApp({
      ...configFromEnv({}),
      redisUrl: testRedisUrl(),
      redisPrefix: prefix,
      metricsToken: TOKEN,
    });
    server = await listen(bot.app);
  });
  afterAll(async () => {
    await server.close();
    await bot.close();
  });

  it('signs in with the token, then shows the charts; only the page itself is requested', async () => {
    const { page, requests, errors, close } = await watchedPage(DESKTOP);
    try {
      const start = `${server.url}/privacy/insights?days=3`;
      const response = await page.goto(start);
      expect(response?.status()).toBe(401);
      expect(await page.isVisible('input[type="password"]')).toBe(true);
      await page.screenshot({ path: join(dir, 'insights-login.png') });

      await page.fill('input[name="token"]', 'wrong-token-wrong-token');
      await Promise.all([page.waitForURL(/\/login$/), page.click('button[type="submit"]')]);
      expect(await page.textContent('#login-error')).toContain('not correct');

      await page.fill('input[name="token"]', TOKEN);
      await Promise.all([page.waitForURL(start), page.click('button[type="submit"]')]);
      expect(await renderedBars(page)).toEqual(EXPECTED_BARS);
      expect(await page.textContent('[data-total="erasures"] b')).toBe('7');
      await page.screenshot({ path: join(dir, 'insights-served.png'), fullPage: true });

      const cookies = await page.context().cookies();
      expect(cookies).toEqual([
        expect.objectContaining({
          name: 'bbp_insights',
          httpOnly: true,
          sameSite: 'Strict',
          path: '/privacy/insights',
        }),
      ]);
      expect(cookies[0].value).not.toContain(TOKEN);
      for (const request of requests)
        expect(request).toMatch(new RegExp(`^(GET|POST) ${server.url}/privacy/insights`));
      expect(requests).toEqual([
        `GET ${start}`,
        `POST ${server.url}/privacy/insights/login`,
        `POST ${server.url}/privacy/insights/login`,
        `GET ${start}`,
      ]);
      expect(errors.filter((e) => !/401|Unauthorized/.test(e))).toEqual([]);

      // signing out ends the session
      await Promise.all([
        page.waitForURL(`${server.url}/privacy/insights`),
        page.click('form.logout button'),
      ]);
      expect(await page.isVisible('input[type="password"]')).toBe(true);
    } finally {
      await close();
    }
  });

  it('fits a phone without horizontal scrolling', async () => {
    const { page, close } = await watchedPage(PHONE);
    try {
      await page.setExtraHTTPHeaders({ authorization: `Bearer ${TOKEN}` });
      await page.goto(`${server.url}/privacy/insights?days=3&lang=sv`);
      expect(await renderedBars(page)).toEqual(EXPECTED_BARS);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(dir, 'insights-served-phone.png'), fullPage: true });
    } finally {
      await close();
    }
  });
});
