import { TestAdapter } from 'botbuilder-core';
import { Redis } from 'ioredis';
import { MetricsMiddleware } from '../../src/turn/metrics-middleware';
import { readMetricCounters } from '../../src/metrics/counter-reader';
import { FanOutMetricsRecorder } from '../../src/metrics/fan-out-recorder';
import { RedisMetricCounters } from '../../src/metrics/redis-counters';
import { createRedisClient } from '../../src/storage/redis-client';
import { testRedis, testRedisUrl, uniquePrefix } from '../support/redis';
import { CuttableProxy, eventually, TEST_LABELS } from './fixtures';

const closers: (() => Promise<unknown> | void)[] = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

function redis(): Redis {
  const client = testRedis();
  closers.push(() => client.quit());
  return client;
}

describe('RedisMetricCounters', () => {
  it('adds up events per UTC day, event and dimension in one hash per day, with sums and a TTL', async () => {
    const client = redis();
    const prefix = uniquePrefix('m');
    const counters = new RedisMetricCounters({ redis: client, prefix, retentionDays: 30 });
    let now = new Date('2025-06-01T23:59:00Z');
    const recorder = new FanOutMetricsRecorder({ declared: TEST_LABELS, sinks: [counters], now: () => now });
    await client.ping();
    for (let i = 0; i < 3; i++)
      recorder.record({ name: 'click', channel: 'facebook', dimension: 'PRIVACY_MENU' });
    recorder.record({ name: 'turn', dimension: 'message', value: 10 });
    recorder.record({ name: 'turn', dimension: 'message', value: 2.5 });
    now = new Date('2025-06-02T00:00:01Z');
    recorder.record({ name: 'click', dimension: 'PRIVACY_MENU' });
    recorder.record({ name: 'message.in' });
    await counters.flush();
    recorder.record({ name: 'click', dimension: 'PRIVACY_MENU' });
    await counters.close();

    expect(await client.hgetall(`${prefix}:m:2025-06-01`)).toEqual({
      'c|click|PRIVACY_MENU': '3',
      'c|turn|message': '2',
      's|turn|message': '12.5',
      'h|turn|5': '1',
      'h|turn|10': '1',
    });
    expect(await client.hgetall(`${prefix}:m:2025-06-02`)).toEqual({
      'c|click|PRIVACY_MENU': '2',
      'c|message.in|': '1',
    });
    const ttl = await client.ttl(`${prefix}:m:2025-06-01`);
    expect(ttl).toBeGreaterThan(29 * 86_400);
    expect(ttl).toBeLessThanOrEqual(30 * 86_400);
    const rows = await readMetricCounters(client, prefix, ['2025-05-31', '2025-06-01', '2025-06-02']);
    expect(rows).toContainEqual({
      day: '2025-06-01',
      event: 'turn',
      dimension: 'message',
      count: 2,
      sum: 12.5,
    });
    expect(rows.filter((r) => r.day === '2025-05-31')).toEqual([]);
    expect(counters.stats()).toMatchObject({ writtenEvents: 8, pendingCells: 0, failedFlushes: 0 });
  });

  it('keeps turns running while Redis is unreachable, bounds what it holds, and writes it once Redis is back', async () => {
    const url = new URL(testRedisUrl());
    const proxy = await new CuttableProxy({ host: url.hostname, port: Number(url.port) }).start();
    closers.push(() => proxy.stop());
    const client = createRedisClient(proxy.url, 300, { retryStrategy: () => 50 });
    closers.push(() => client.disconnect());
    await client.ping();
    const prefix = uniquePrefix('m');
    const counters = new RedisMetricCounters({
      redis: client,
      prefix,
      maxPendingCells: 4,
      flushIntervalMs: 60_000,
      operationTimeoutMs: 300,
    });
    const recorder = new FanOutMetricsRecorder({ declared: TEST_LABELS, sinks: [counters] });
    const adapter = new TestAdapter(async (ctx) => void (await ctx.sendActivity('ok'))).use(
      new MetricsMiddleware(recorder),
    );

    proxy.cutAll();
    await eventually(() => client.status !== 'ready');
    let flow = adapter.send('hi').assertReply('ok');
    for (let i = 0; i < 20; i++) flow = flow.send('hi').assertReply('ok');
    await flow.startTest();
    await counters.flush();
    // message.in, message.out and turn take 3 cells; a 4th fits, a 5th kind of cell does not
    recorder.record({ name: 'consent.given', dimension: 'marketing' });
    recorder.record({ name: 'consent.refused', dimension: 'marketing' });
    const down = counters.stats();
    expect(down.pendingCells).toBe(4);
    expect(down.droppedEvents).toBe(1);
    expect(down.failedFlushes).toBeGreaterThanOrEqual(1);

    proxy.heal();
    await eventually(() => client.status === 'ready');
    await counters.close();
    const check = redis();
    const day = new Date().toISOString().slice(0, 10);
    const stored = await check.hgetall(`${prefix}:m:${day}`);
    expect(stored['c|message.in|']).toBe('21');
    expect(stored['c|message.out|']).toBe('21');
    expect(stored['c|turn|message']).toBe('21');
    expect(stored['c|consent.given|marketing']).toBe('1');
    expect(stored['c|consent.refused|marketing']).toBeUndefined();
    expect(stored['c|metrics.dropped|pending_cap']).toBe('1'); // the dropped event is counted where readers look
  });

  it('keeps a day to its field cap across processes sharing it, and counts in Redis what did not fit', async () => {
    const client = redis();
    const prefix = uniquePrefix('m');
    const now = () => new Date('2025-07-01T10:00:00Z');
    // two bot processes, each with many declared features, writing to the same day's hash
    const processes = [0, 1].map((p) => {
      const features = Array.from({ length: 20 }, (_, i) => `feature-${p}-${String.fromCharCode(97 + i)}`);
      const counters = new RedisMetricCounters({
        redis: client,
        prefix,
        maxFieldsPerDay: 10,
        flushIntervalMs: 60_000,
      });
      const recorder = new FanOutMetricsRecorder({
        declared: { dimensions: features },
        sinks: [counters],
        now,
      });
      return { counters, recorder, features };
    });
    for (const { counters, recorder, features } of processes) {
      for (const feature of features) {
        recorder.record({ name: 'feature.started', dimension: feature });
        recorder.record({ name: 'turn', dimension: 'message', value: 5 });
      }
      await counters.flush();
    }
    // a known field still counts once the day is full
    processes[1].recorder.record({ name: 'turn', dimension: 'message', value: 5 });
    for (const { counters } of processes) await counters.close();

    const stored = await client.hgetall(`${prefix}:m:2025-07-01`);
    expect(Object.keys(stored).length).toBe(11); // the cap, plus the field counting the dropped events
    expect(stored['c|turn|message']).toBe('41');
    expect(stored['s|turn|message']).toBe('205');
    expect(stored['h|turn|5']).toBe('41'); // the latency histogram's dozen fields always count
    const features = Object.keys(stored).filter((f) => f.startsWith('c|feature.started|'));
    expect(features).toHaveLength(7);
    expect(stored['c|metrics.dropped|field_cap']).toBe('33'); // 40 feature starts, 7 fitted
    const capped = processes.reduce((sum, p) => sum + p.counters.stats().cappedEvents, 0);
    expect(capped).toBe(33);
  });

  it('refuses a prefix that would break Redis Cluster hash tags', () => {
    expect(() => new RedisMetricCounters({ redis: redis(), prefix: 'a{b}' })).toThrow(/must not contain/);
    expect(() => new RedisMetricCounters({ redis: redis(), maxFieldsPerDay: 0 })).toThrow(/maxFieldsPerDay/);
  });
});
