import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { readMetricCounterDays } from '../../src/metrics/counter-reader';
import { TURN_LATENCY_BUCKETS_MS } from '../../src/metrics/counter-layout';
import { renderInsightsHtml } from '../../src/metrics/report/insights-html';
import { buildInsightsReport, type InsightsReport } from '../../src/metrics/report/insights-report';
import { estimatePercentile } from '../../src/metrics/report/percentile';
import { niceCeiling } from '../../src/metrics/report/svg-charts';
import { testRedis, testRedisUrl, uniquePrefix } from '../support/redis';
import { EXPECTED_BARS, INSIGHT_DAYS, recordKnownInsights } from './insights-fixture';

let redis: Redis;
let prefix: string;
let report: InsightsReport;
const [d0, d1, d2] = INSIGHT_DAYS;

beforeAll(async () => {
  redis = testRedis();
  prefix = uniquePrefix('ins');
  await recordKnownInsights(redis, prefix);
  report = buildInsightsReport(await readMetricCounterDays(redis, prefix, INSIGHT_DAYS));
});
afterAll(async () => {
  await redis.quit();
});

interface Bar {
  chart: string;
  series: string;
  column: string;
  value: number;
  title: string;
}

/** Every bar of the markup, with the chart (figure) it belongs to. */
function barsOf(html: string): Bar[] {
  const bars: Bar[] = [];
  for (const figure of html.matchAll(/<figure class="chart" data-chart="([a-z]+)">([\s\S]*?)<\/figure>/g)) {
    for (const rect of figure[2].matchAll(
      /<rect class="bar"[^>]*data-series="([^"]*)" data-column="([^"]*)" data-value="([^"]*)"[^>]*><title>([^<]*)<\/title><\/rect>/g,
    )) {
      bars.push({
        chart: figure[1],
        series: rect[1],
        column: rect[2],
        value: Number(rect[3]),
        title: rect[4],
      });
    }
  }
  return bars;
}

function bar(bars: Bar[], chart: string, series: string, column: string): Bar | undefined {
  return bars.find((b) => b.chart === chart && b.series === series && b.column === column);
}

describe('the insights report built from the Redis counters', () => {
  it('adds up clicks, feature uses, consents, erasures and turns for the header', () => {
    expect(report.days).toEqual(INSIGHT_DAYS);
    expect(report.totals).toEqual({
      clicks: 15,
      featureUses: 7,
      consentsAsked: 6,
      consentsGiven: 4,
      erasures: 7,
      failedErasures: 1,
      turns: 18,
    });
  });

  it('computes consent per purpose with the rate given/asked', () => {
    expect(report.consent).toEqual([
      { purpose: 'invoice', asked: 4, given: 3, refused: 1, withdrawn: 1, givenRate: 0.75 },
      { purpose: 'payment', asked: 2, given: 1, refused: 0, withdrawn: 0, givenRate: 0.5 },
    ]);
  });

  it('lists erasures by source in a fixed order, with failures last', () => {
    expect(report.erasures.map((s) => [s.key, s.values])).toEqual([
      ['menu', [2, 0, 0]],
      ['delete_user_data', [0, 1, 0]],
      ['facebook_callback', [0, 1, 0]],
      ['privacy_center', [0, 0, 3]],
      ['failed', [0, 1, 0]],
    ]);
  });

  it('estimates latency percentiles per day from the histogram the counters keep', () => {
    const [first, second, third] = report.latency;
    expect(first).toMatchObject({ day: d0, turns: 4, averageMs: 10, p50: { ms: 7.5, atLeast: false } });
    expect(second).toMatchObject({ turns: 4, averageMs: 170, p50: { ms: 50 }, p95: { ms: 475 } });
    // 9 turns of 20 ms and one of 20 s: the median is in the 10-25 ms bucket, p95 beyond the last bound
    expect(third.p50).toEqual({ ms: 18.3, atLeast: false });
    expect(third.p95).toEqual({ ms: 10000, atLeast: true });
    expect(report.latencyRecorded).toBe(true);
  });

  it('puts every number in the markup: one bar per value, each with data-value and a <title>', () => {
    const html = renderInsightsHtml(report);
    const bars = barsOf(html);
    for (const [chart, count] of Object.entries(EXPECTED_BARS)) {
      expect([chart, bars.filter((b) => b.chart === chart).length]).toEqual([chart, count]);
    }
    expect(bar(bars, 'clicks', 'PRIVACY_MENU', d0)?.value).toBe(5);
    expect(bar(bars, 'clicks', 'PRIVACY_DELETE', d1)?.value).toBe(3);
    expect(bar(bars, 'clicks', 'BOOK_SLOT', d2)?.title).toMatch(/^BOOK_SLOT · .+: 4$/);
    expect(bar(bars, 'clicks', 'BOOK_SLOT', d1)).toBeUndefined(); // no bar for a zero
    expect(bar(bars, 'features', 'book-appointment', d0)?.value).toBe(3);
    expect(bar(bars, 'features', 'faq', d2)?.value).toBe(2);
    expect(bar(bars, 'consent', 'asked', 'invoice')?.value).toBe(4);
    expect(bar(bars, 'consent', 'withdrawn', 'invoice')?.value).toBe(1);
    expect(bar(bars, 'consent', 'given', 'payment')?.value).toBe(1);
    expect(bar(bars, 'erasures', 'privacy_center', d2)?.value).toBe(3);
    expect(bar(bars, 'erasures', '_failed', d1)?.title).toMatch(/^Failed · .+: 1$/);
    expect(bar(bars, 'latency', 'p50', d0)?.value).toBe(7.5);
    expect(html).toMatch(
      /data-series="p99" data-column="[^"]+" data-value="10000" data-at-least="true"><title>p99 · [^<]+: over 10,000</,
    );
    expect(html).toMatch(
      /<tr data-purpose="invoice"><td>invoice<\/td><td>4<\/td><td>3<\/td><td>1<\/td><td>1<\/td><td data-rate="0.75">75%<\/td>/,
    );
    expect(html).toContain('<li data-total="clicks" data-value="15">Button clicks<b>15</b></li>');
    expect(html).toContain('They carry no user ids, names or message text');
  });

  it('is self-contained: no script, no external resource, a policy that forbids loading anything', () => {
    const html = renderInsightsHtml(report);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/(src|href)=/i);
    expect(html).toMatch(
      /http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;sha256-/,
    );
    expect(html).not.toMatch(/style="/); // inline style attributes would need 'unsafe-inline'
  });

  it('speaks Spanish and Swedish with local number and date formats', () => {
    const es = renderInsightsHtml(report, { language: 'es' });
    expect(es).toContain('<html lang="es">');
    expect(es).toContain('Pulsaciones por botón y día');
    expect(es).toContain('No contienen identificadores de usuario');
    expect(es).toMatch(/<td data-rate="0.75">75\s%<\/td>/);
    const sv = renderInsightsHtml(report, { language: 'sv' });
    expect(sv).toContain('Tryck per knapp och dag');
    expect(sv).toContain('Integritetscentret');
    expect(sv).toMatch(/över 10\s000/);
  });

  it('escapes whatever the counters hold', () => {
    const hostile = '"><img src=x onerror=alert(1)>';
    const html = renderInsightsHtml(
      buildInsightsReport([
        {
          day: d0,
          rows: [
            { day: d0, event: 'click', dimension: hostile, count: 1, sum: 0 },
            { day: d0, event: 'consent.asked', dimension: `<script>x</script>`, count: 1, sum: 0 },
            { day: d0, event: 'erasure.completed', dimension: '<b>web</b>', count: 1, sum: 0 },
          ],
          turnLatency: [],
        },
      ]),
    );
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<b>web');
    expect(html).toContain('&#34;&#62;&#60;img src=x onerror=alert(1)&#62;');
  });

  it('says so when latency was not recorded, and draws nothing for an empty period', () => {
    const empty = buildInsightsReport(INSIGHT_DAYS.map((day) => ({ day, rows: [], turnLatency: [] })));
    const html = renderInsightsHtml(empty);
    expect(barsOf(html)).toEqual([]);
    expect(html).toContain('Turn latency was not recorded in this period.');
    expect(html).toContain('Nothing was counted in this period.');
  });

  it('folds the smallest buttons together so a chart stays readable', () => {
    const rows = Array.from({ length: 12 }, (_, i) => ({
      day: d0,
      event: 'click',
      dimension: `BUTTON_${String.fromCharCode(65 + i)}`,
      count: 20 - i,
      sum: 0,
    }));
    const folded = buildInsightsReport([{ day: d0, rows, turnLatency: [] }], { maxSeries: 8 });
    expect(folded.clicks).toHaveLength(8);
    expect(folded.clicks[7]).toMatchObject({ kind: 'rest', folded: 5, total: 13 + 12 + 11 + 10 + 9 });
    expect(renderInsightsHtml(folded)).toContain('Others (5)');
  });
});

describe('chart axes', () => {
  it('end on a round number whose half is whole', () => {
    expect([0, 2, 3, 5, 7, 11, 95, 495, 10000].map(niceCeiling)).toEqual([
      2, 2, 4, 6, 8, 20, 100, 600, 10000,
    ]);
  });
});

describe('percentile estimates', () => {
  it('interpolate inside the bucket like Prometheus histogram_quantile', () => {
    const counts = new Array(TURN_LATENCY_BUCKETS_MS.length + 1).fill(0);
    counts[4] = 10; // (50, 100]
    expect(estimatePercentile(counts, TURN_LATENCY_BUCKETS_MS, 0.5)).toEqual({ ms: 75, atLeast: false });
    expect(estimatePercentile(counts, TURN_LATENCY_BUCKETS_MS, 1)).toEqual({ ms: 100, atLeast: false });
    expect(estimatePercentile(new Array(12).fill(0), TURN_LATENCY_BUCKETS_MS, 0.5)).toBeUndefined();
  });
});

describe('npm run metrics:report -- --html', () => {
  const script = join(__dirname, '../../scripts/metrics-report.ts');
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', script, ...args], {
      encoding: 'utf8',
      env: { ...process.env, REDIS_URL: testRedisUrl(), PRIVACY_REDIS_PREFIX: prefix },
      timeout: 30_000,
    });

  it('writes one HTML file in the language asked for, and keeps text as the default', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'insights-')), 'report.html');
    const ok = run('--days', '3', '--html', file, '--lang', 'sv');
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain(`Wrote ${file}`);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('<html lang="sv">');
    expect(barsOf(html).filter((b) => b.chart === 'clicks')).toHaveLength(EXPECTED_BARS.clicks);

    const text = run('--days', '3');
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('Clicks per button');
    expect(text.stdout).not.toContain('<html');
  });

  it('refuses a language it does not have, and --lang without --html', () => {
    const bad = run('--html', 'x.html', '--lang', 'fr');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--lang must be en, es or sv');
    const alone = run('--lang', 'es');
    expect(alone.status).toBe(2);
    expect(alone.stderr).toContain('--lang applies to the HTML report');
  });
});
