import { createHook } from 'node:async_hooks';
import { NullTelemetryClient } from 'botbuilder-core';
import type { Redis } from 'ioredis';
import { FanOutMetricsRecorder } from '../../src/metrics/fan-out-recorder';
import { PrometheusMetricSink } from '../../src/metrics/prometheus-sink';
import { RedisMetricCounters } from '../../src/metrics/redis-counters';
import { TelemetryClientSink } from '../../src/metrics/telemetry-client-sink';
import { WebhookMetricSink } from '../../src/metrics/webhook-sink';
import { testRedis, uniquePrefix } from '../support/redis';
import { eventually, WebhookReceiver } from './fixtures';

// Issue 11: with metrics on, no sink does network I/O on a turn's path. `record` runs inside turns, so
// it may only queue; sockets are written from the sinks' own timers and immediates.

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Async resources that mean network I/O: connections, socket writes, HTTP requests, DNS. */
const NETWORK = /TCP|PIPE|WRITEWRAP|SHUTDOWNWRAP|HTTP|DNS|GETADDRINFO|TLS/;

describe('metric sinks and the turn path', () => {
  it('starts no network I/O while recording, even when every batch is full, and sends it all afterwards', async () => {
    const redis: Redis = testRedis();
    cleanups.push(() => redis.quit());
    await redis.ping();
    const receiver = await new WebhookReceiver().start();
    cleanups.push(() => receiver.stop());
    const webhook = new WebhookMetricSink({ url: receiver.url, batchSize: 1, flushIntervalMs: 1 });
    const counters = new RedisMetricCounters({ redis, prefix: uniquePrefix('path'), flushIntervalMs: 1 });
    const tracked: string[] = [];
    const insights = new TelemetryClientSink({
      client: new (class extends NullTelemetryClient {
        override trackEvent(event: { name: string }): void {
          tracked.push(event.name);
        }
      })(),
      flushIntervalMs: 1,
    });
    cleanups.push(
      () => webhook.close(),
      () => counters.close(),
      () => insights.close(),
    );
    const recorder = new FanOutMetricsRecorder({
      sinks: [webhook, counters, insights, new PrometheusMetricSink()],
    });
    // let the sinks' timers run once, so their connections exist and their queues are being pumped
    await new Promise((resolve) => setTimeout(resolve, 20));

    const started: string[] = [];
    const hook = createHook({ init: (_id, type) => void started.push(type) });
    hook.enable();
    for (let i = 0; i < 200; i++)
      recorder.record({ name: 'click', channel: 'webchat', dimension: 'PRIVACY_MENU' });
    hook.disable();

    expect(started.filter((type) => NETWORK.test(type))).toEqual([]);
    await eventually(() => receiver.events.length === 200 && tracked.length === 200);
    await counters.flush();
    expect(counters.stats().writtenEvents).toBe(200);
  });

  it('hands events to a telemetry client a bounded chunk per tick, so a slow client never holds the loop for long', async () => {
    // Calls made in one synchronous run of the loop (a microtask ends the run): the size of each chunk.
    const runs: number[] = [];
    let inRun = false;
    const count = (): void => {
      if (!inRun) {
        inRun = true;
        runs.push(0);
        queueMicrotask(() => (inRun = false));
      }
      runs[runs.length - 1]++;
    };
    const insights = new TelemetryClientSink({
      client: new (class extends NullTelemetryClient {
        override trackEvent(): void {
          count();
        }
      })(),
      flushIntervalMs: 5,
    });
    cleanups.push(() => insights.close());
    const recorder = new FanOutMetricsRecorder({ sinks: [insights] });
    for (let i = 0; i < 1000; i++) recorder.record({ name: 'message.in', channel: 'facebook' });
    await eventually(() => insights.stats().tracked === 1000);
    expect(runs.length).toBeGreaterThanOrEqual(10);
    expect(Math.max(...runs)).toBeLessThanOrEqual(100);
  });
});
