import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { lastUtcDays } from '../../src/core/metrics/time-bucket';
import { readMetricCounters } from '../../src/metrics/counter-reader';
import { FanOutMetricsRecorder } from '../../src/metrics/fan-out-recorder';
import { formatMetricsReport } from '../../src/metrics/metrics-report';
import { RedisMetricCounters } from '../../src/metrics/redis-counters';
import { testRedis, testRedisUrl, uniquePrefix } from '../support/redis';
import { TEST_LABELS } from './fixtures';

let redis: Redis;
let prefix: string;
const [yesterday, today] = lastUtcDays(2);

beforeAll(async () => {
  redis = testRedis();
  prefix = uniquePrefix('rep');
  const counters = new RedisMetricCounters({ redis, prefix });
  let day = yesterday;
  const recorder = new FanOutMetricsRecorder({
    declared: TEST_LABELS,
    sinks: [counters],
    now: () => new Date(`${day}T12:00:00Z`),
  });
  const times = (n: number, event: Parameters<typeof recorder.record>[0]) => {
    for (let i = 0; i < n; i++) recorder.record(event);
  };
  times(5, { name: 'click', dimension: 'PRIVACY_MENU' });
  times(2, { name: 'click', dimension: 'BOOK_SLOT' });
  times(3, { name: 'feature.started', dimension: 'book-appointment' });
  times(1, { name: 'feature.completed', dimension: 'book-appointment' });
  times(4, { name: 'turn', dimension: 'message', value: 10 });
  day = today;
  times(1, { name: 'click', dimension: 'PRIVACY_MENU' });
  times(2, { name: 'feature.abandoned', dimension: 'book-appointment' });
  times(1, { name: 'erasure.completed', dimension: 'menu' });
  times(2, { name: 'turn', dimension: 'message', value: 40 });
  await counters.close();
});
afterAll(async () => {
  await redis.quit();
});

describe('the brand report', () => {
  it('shows clicks per button and use per feature per day from the Redis counters', async () => {
    const report = formatMetricsReport(await readMetricCounters(redis, prefix, [yesterday, today]), [
      yesterday,
      today,
    ]);
    const lines = report.split('\n').map((l) => l.trim().split(/\s{2,}/));
    expect(lines).toContainEqual(['payload', yesterday, today, 'total']);
    expect(lines).toContainEqual(['PRIVACY_MENU', '5', '1', '6']);
    expect(lines).toContainEqual(['BOOK_SLOT', '2', '0', '2']);
    expect(lines).toContainEqual(['book-appointment started', '3', '0', '3']);
    expect(lines).toContainEqual(['book-appointment abandoned', '0', '2', '2']);
    expect(lines).toContainEqual(['erasure.completed menu', '0', '1', '1']);
    expect(report).toContain(`${yesterday} 10.0  ${today} 40.0`);
    // busiest button first
    expect(report.indexOf('PRIVACY_MENU')).toBeLessThan(report.indexOf('BOOK_SLOT'));
  });

  it('runs as `npm run metrics:report -- --days 7` against REDIS_URL', () => {
    const script = join(__dirname, '../../scripts/metrics-report.ts');
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', script, ...args], {
        encoding: 'utf8',
        env: { ...process.env, REDIS_URL: testRedisUrl(), PRIVACY_REDIS_PREFIX: prefix },
        timeout: 20_000,
      });
    const ok = run('--days', '7');
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('Clicks per button');
    expect(ok.stdout).toMatch(/PRIVACY_MENU +(0 +)*5 +1 +6/);

    const bad = run('--days', 'seven');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--days must be a whole number');
  });
});
