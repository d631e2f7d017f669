import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NullTelemetryClient, TestAdapter, type Activity, type TelemetryEvent } from 'botbuilder-core';
import express from 'express';
import fc from 'fast-check';
import type { Redis } from 'ioredis';
import { MetricsMiddleware } from '../../src/turn/metrics-middleware';
import { FanOutMetricsRecorder } from '../../src/metrics/fan-out-recorder';
import { PrometheusMetricSink } from '../../src/metrics/prometheus-sink';
import { RedisMetricCounters } from '../../src/metrics/redis-counters';
import { TelemetryClientSink } from '../../src/metrics/telemetry-client-sink';
import { WebhookMetricSink } from '../../src/metrics/webhook-sink';
import { metricsRoute } from '../../src/server/metrics-route';
import { testRedis, uniquePrefix } from '../support/redis';
import { eventually, parseExposition, sampleValue, WebhookReceiver } from './fixtures';

// Finding 7 of issue 10: what clients send (payloads, `value`, channel ids, locales) must not grow the
// number of Prometheus series or Redis counter fields, and no undeclared label may reach any sink.
// Literals rather than the library's constants, so these tests also run (and fail) against the code
// before bounded labels existed.

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The bot of these tests: its own button, and the channels a real deployment sees. */
const BOT_PAYLOADS = ['BOOK_SLOT'];
const CHANNELS = ['facebook', 'webchat', 'directline', 'emulator', 'msteams', 'test'];
const PRIVACY_PAYLOADS = ['PRIVACY_MENU', 'PRIVACY_DELETE', 'PRIVACY_TERMS', 'PRIVACY_EXPORT'];

/** A bot with metrics on Prometheus (served by a real express server) and Redis counters. */
async function meteredBot() {
  const redis: Redis = testRedis();
  cleanups.push(() => redis.quit());
  const prefix = uniquePrefix('card');
  const counters = new RedisMetricCounters({ redis, prefix, flushIntervalMs: 60_000 });
  cleanups.push(() => counters.close());
  const prometheus = new PrometheusMetricSink();
  const recorder = new FanOutMetricsRecorder({
    sinks: [prometheus, counters],
    declared: { payloads: BOT_PAYLOADS },
  });
  const app = express();
  app.get('/metrics', metricsRoute(prometheus.registry));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  const metricsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
  const adapter = new TestAdapter(async () => undefined).use(new MetricsMiddleware(recorder));
  const logic = async () => undefined;
  const day = () => new Date().toISOString().slice(0, 10);
  return {
    recorder,
    /** Runs one turn per activity. */
    async turns(activities: Iterable<Partial<Activity>>): Promise<void> {
      for (const activity of activities) await adapter.processActivity({ ...activity }, logic);
    },
    /** Every sample line of /metrics, fetched and parsed. */
    async series() {
      const response = await fetch(metricsUrl);
      expect(response.status).toBe(200);
      return parseExposition(await response.text());
    },
    /** The day's counter hash, after writing what is pending. */
    async fields(): Promise<Record<string, string>> {
      await counters.flush();
      return redis.hgetall(`${prefix}:m:${day()}`);
    },
  };
}

const click = (payload: string, channelId = 'facebook', locale = 'es-ES'): Partial<Activity> => ({
  type: 'message',
  channelId,
  locale,
  text: 'x',
  channelData: { postback: { payload } },
});

/** Declared traffic: every declared button on every channel, so every legitimate series exists. */
function declaredTraffic(): Partial<Activity>[] {
  return CHANNELS.flatMap((channel) =>
    [...PRIVACY_PAYLOADS, ...BOT_PAYLOADS].map((payload) => click(payload, channel)),
  );
}

/** Random button payloads in the shape a forged client sends, e.g. `CLICK_IHKPNGKM`. */
const randomPayload = fc
  .tuple(fc.constantFrom('CLICK', 'BTN', 'PAY', 'X'), fc.stringMatching(/^[A-Z]{4,10}$/))
  .map(([head, tail]) => `${head}_${tail}`);
const randomChannel = fc.stringMatching(/^[a-z][a-z0-9-]{2,15}$/);
const randomLocale = fc.oneof(
  fc.stringMatching(/^[a-z]{2}-[0-9]{8}-[0-9]{8}$/),
  fc.stringMatching(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/),
  fc.constantFrom('es-ES', 'sv_SE', 'en-US', 'zz-ZZ'),
);
/** Where a client can put a payload: postback, quick reply, `value`, `value.payload`, or as text. */
const randomClick = fc
  .tuple(randomPayload, randomChannel, randomLocale, fc.integer({ min: 0, max: 4 }))
  .map(([payload, channelId, locale, where]): Partial<Activity> => {
    const base: Partial<Activity> = { type: 'message', channelId, locale, text: 'x' };
    if (where === 0) return { ...base, channelData: { postback: { payload } } };
    if (where === 1) return { ...base, channelData: { message: { quick_reply: { payload } } } };
    if (where === 2) return { ...base, value: payload };
    if (where === 3) return { ...base, value: { payload } };
    return { ...base, text: payload };
  });

describe('metric cardinality (issue 10, finding 7)', () => {
  it('keeps the Prometheus series count and the Redis field count constant over 10,000 random payloads, channels and locales', async () => {
    const bot = await meteredBot();
    await bot.turns(declaredTraffic());
    // a first 1,000 forged clicks create the `other` series and fields
    await bot.turns(fc.sample(randomClick, { numRuns: 1000, seed: 1 }));
    const seriesBefore = (await bot.series()).length;
    // the latency histogram's fields (h|turn|<bound>) are a fixed dozen that slow turns may still fill in
    const counterFields = (hash: Record<string, string>) =>
      Object.keys(hash).filter((f) => !f.startsWith('h|'));
    const fieldsBefore = counterFields(await bot.fields()).length;

    const forged = fc.sample(randomClick, { numRuns: 10_000, seed: 42 });
    await bot.turns(forged);

    const samples = await bot.series();
    const fields = await bot.fields();
    expect(samples.length).toBe(seriesBefore);
    expect(counterFields(fields).length).toBe(fieldsBefore);
    expect(Object.keys(fields).length - fieldsBefore).toBeLessThanOrEqual(12);
    // the forged clicks were counted, under `other`, on every sink
    expect(
      samples
        .filter((s) => s.name === 'bbp_events_total' && s.labels.event === 'click')
        .reduce((sum, s) => sum + s.value, 0),
    ).toBe(declaredTraffic().length + 11_000);
    expect(Number(fields['c|click|other'])).toBe(11_000);
    const labels = new Set(samples.flatMap((s) => Object.values(s.labels)));
    for (const activity of forged.slice(0, 500)) {
      expect(labels.has(activity.channelId!)).toBe(false);
      expect(Object.keys(fields).some((f) => f.includes(activity.channelId!))).toBe(false);
    }
    expect(JSON.stringify(samples)).not.toMatch(/CLICK_|BTN_|PAY_|X_[A-Z]/);
    expect(JSON.stringify(fields)).not.toMatch(/CLICK_|BTN_|PAY_|X_[A-Z]/);
  });

  it('counts 30 random payloads as one `other` series and field, not 30', async () => {
    const bot = await meteredBot();
    await bot.turns([click('PRIVACY_MENU'), click('BOOK_SLOT')]);
    const payloads = fc.sample(randomPayload, { numRuns: 30, seed: 7 });
    await bot.turns(payloads.map((payload) => click(payload)));
    const clicks = (await bot.series()).filter(
      (s) => s.name === 'bbp_events_total' && s.labels.event === 'click',
    );
    expect(clicks.map((s) => s.labels.dimension).sort()).toEqual(['BOOK_SLOT', 'PRIVACY_MENU', 'other']);
    const fields = Object.keys(await bot.fields()).filter((f) => f.startsWith('c|click|'));
    expect(fields.sort()).toEqual(['c|click|BOOK_SLOT', 'c|click|PRIVACY_MENU', 'c|click|other']);
  });

  it('counts 500 unknown channels under one `other` channel, on every metric', async () => {
    const bot = await meteredBot();
    await bot.turns(Array.from({ length: 500 }, (_, i) => click('PRIVACY_MENU', `chan-${i}`)));
    const samples = await bot.series();
    const channels = new Set(
      samples.filter((s) => s.labels.channel !== undefined).map((s) => s.labels.channel),
    );
    expect([...channels]).toEqual(['other']);
    expect(sampleValue(samples, 'bbp_events_total', { event: 'click', channel: 'other' })).toBe(500);
    expect(sampleValue(samples, 'bbp_turn_duration_seconds_count', { channel: 'other' })).toBe(500);
  });

  it('never turns a client-set `value` into a counter field unless the bot declared it', async () => {
    const bot = await meteredBot();
    await bot.turns([
      { type: 'message', channelId: 'webchat', value: 'CLICK_IHKPNGKM' },
      { type: 'message', channelId: 'webchat', value: { payload: 'attacker:chosen.label' } },
      { type: 'event', channelId: 'webchat', name: 'postback', value: 'ANY_THING' },
      { type: 'message', channelId: 'webchat', value: 'BOOK_SLOT' },
      { type: 'messageUpdate', channelId: 'webchat', value: 'NOT_A_TYPE' } as Partial<Activity>,
      { type: 'customActivityType', channelId: 'webchat' } as Partial<Activity>,
    ]);
    const fields = await bot.fields();
    expect(fields['c|click|other']).toBe('3');
    expect(fields['c|click|BOOK_SLOT']).toBe('1');
    // the activity type is the dimension of `turn`: a made-up type is `other` too
    expect(fields['c|turn|other']).toBe('1');
    expect(JSON.stringify(fields)).not.toMatch(/IHKPNGKM|attacker|ANY_THING|customActivityType/);
  });

  it('gives the webhook and Application Insights only checked languages, never a locale that carries digits', async () => {
    const receiver = await new WebhookReceiver().start();
    cleanups.push(() => receiver.stop());
    const webhook = new WebhookMetricSink({ url: receiver.url, flushIntervalMs: 20 });
    cleanups.push(() => webhook.close());
    const tracked: TelemetryEvent[] = [];
    const client = new (class extends NullTelemetryClient {
      override trackEvent(telemetry: TelemetryEvent): void {
        tracked.push(telemetry);
      }
    })();
    const insights = new TelemetryClientSink({ client, flushIntervalMs: 20 });
    cleanups.push(() => insights.close());
    const recorder = new FanOutMetricsRecorder({ sinks: [webhook, insights] });
    const adapter = new TestAdapter(async () => undefined).use(new MetricsMiddleware(recorder));
    const locales = ['es-12345678-98765432', 'sv_SE', 'EN-us', 'zz-12345678', 'zh-Hant-TW'];
    for (const locale of locales) {
      await adapter.processActivity(click('PRIVACY_MENU', 'facebook', locale), async () => undefined);
    }
    await eventually(() => receiver.events.length >= 15 && tracked.length >= 15);

    const clicks = receiver.events.filter((e) => e.name === 'click');
    expect(clicks.map((e) => e.locale)).toEqual(['es', 'sv', 'en', 'other', 'zh']);
    expect(tracked.filter((e) => e.name === 'click').map((e) => e.properties?.locale)).toEqual([
      'es',
      'sv',
      'en',
      'other',
      'zh',
    ]);
    const everything = JSON.stringify([receiver.rawBodies, tracked]);
    expect(everything).not.toMatch(/12345678|98765432|Hant/);
  });
});
