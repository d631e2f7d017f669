import {
  NullTelemetryClient,
  TestAdapter,
  type Activity,
  type TelemetryEvent,
  type TurnContext,
} from 'botbuilder-core';
import type { Redis } from 'ioredis';
import { currentSubjectScope } from '../../src/core/subject-scope';
import { SubjectScopeMiddleware } from '../../src/turn/subject-scope-middleware';
import type { MetricEvent } from '../../src/core/metrics/metric-event';
import { MetricsMiddleware, recordFeature, recordTurnEvent } from '../../src/turn/metrics-middleware';
import { FanOutMetricsRecorder } from '../../src/metrics/fan-out-recorder';
import { PrometheusMetricSink } from '../../src/metrics/prometheus-sink';
import { RedisMetricCounters } from '../../src/metrics/redis-counters';
import { TelemetryClientSink } from '../../src/metrics/telemetry-client-sink';
import { lastUtcDays } from '../../src/core/metrics/time-bucket';
import { readMetricCounterDays } from '../../src/metrics/counter-reader';
import { renderInsightsHtml } from '../../src/metrics/report/insights-html';
import { buildInsightsReport } from '../../src/metrics/report/insights-report';
import { WebhookMetricSink } from '../../src/metrics/webhook-sink';
import { snapshot, testRedis, uniquePrefix } from '../support/redis';
import {
  CollectingSink,
  eventually,
  findPersonalData,
  PERSONAL,
  WebhookReceiver,
  TEST_LABELS,
} from './fixtures';

/** Application Insights stand-in: keeps each event and whether it was tracked inside a user's turn. */
class RecordingTelemetryClient extends NullTelemetryClient {
  readonly events: (TelemetryEvent & { insideTurn: boolean })[] = [];
  override trackEvent(telemetry: TelemetryEvent): void {
    this.events.push({ ...telemetry, insideTurn: currentSubjectScope() !== undefined });
  }
}

let redis: Redis;
let receiver: WebhookReceiver;
afterAll(async () => {
  await redis?.quit();
  await receiver?.stop();
});

describe('everything the metrics emit', () => {
  it('holds no user id, name, conversation id, tax id or card number from the conversations', async () => {
    redis = testRedis();
    await redis.ping();
    receiver = await new WebhookReceiver().start();
    const prefix = uniquePrefix('m');
    const counters = new RedisMetricCounters({ redis, prefix, flushIntervalMs: 60_000 });
    const webhook = new WebhookMetricSink({ url: receiver.url, flushIntervalMs: 20 });
    const telemetry = new RecordingTelemetryClient();
    const telemetrySink = new TelemetryClientSink({ client: telemetry, flushIntervalMs: 20 });
    const prometheus = new PrometheusMetricSink();
    const collected = new CollectingSink();
    const recorder = new FanOutMetricsRecorder({
      declared: TEST_LABELS,
      sinks: [counters, webhook, telemetrySink, prometheus, collected],
    });

    const bot = async (ctx: TurnContext) => {
      const text = ctx.activity.text ?? '';
      if (text === 'book') recordFeature(recorder, ctx, 'started', 'book-appointment');
      // a careless bot tries to put personal data into its own events: all of it is rejected
      recordTurnEvent(recorder, ctx, 'feature.used', ctx.activity.from.name);
      recordTurnEvent(recorder, ctx, 'feature.used', ctx.activity.from.id);
      recordTurnEvent(recorder, ctx, 'feature.used', ctx.activity.conversation.id);
      recordTurnEvent(recorder, ctx, 'feature.used', text);
      recorder.record({
        name: 'feature.used',
        dimension: 'quote',
        userId: ctx.activity.from.id,
      } as MetricEvent);
      recorder.record({
        name: 'feature.used',
        dimension: 'quote',
        value: Number(text.replace(/\D/g, '')) || undefined,
      });
      await ctx.sendActivity(`Hola ${ctx.activity.from.name}, ${text}`);
    };

    const users = [
      {
        channelId: 'facebook',
        from: { id: PERSONAL.userIds[0], name: PERSONAL.names[0] },
        conversation: PERSONAL.conversationIds[0],
      },
      {
        channelId: 'facebook',
        from: { id: PERSONAL.userIds[1], name: PERSONAL.names[1] },
        conversation: 'conv-2',
      },
      {
        channelId: 'webchat',
        from: { id: PERSONAL.userIds[2], name: PERSONAL.names[1] },
        conversation: 'conv-3',
      },
    ];
    const texts = [
      'book',
      `me llamo ${PERSONAL.names[0]}`,
      ...PERSONAL.tins.map((tin) => `mi NIF es ${tin}`),
      ...PERSONAL.cards,
      PERSONAL.cards[2],
    ];
    for (const user of users) {
      const adapter = new TestAdapter(bot, {
        channelId: user.channelId,
        locale: 'es-ES',
        from: user.from,
        conversation: { id: user.conversation, isGroup: false, conversationType: 'personal', name: '' },
      })
        .use(new SubjectScopeMiddleware())
        .use(new MetricsMiddleware(recorder));
      let flow = adapter.send({
        type: 'message',
        text: 'Privacy',
        channelData: { postback: { payload: 'PRIVACY_MENU' } },
      } as Partial<Activity>);
      flow = flow.send({
        type: 'message',
        text: 'x',
        channelData: { postback: { payload: `PAY_${PERSONAL.cards[0]}` } },
      } as Partial<Activity>);
      flow = flow.send({ type: 'message', value: { payload: PERSONAL.tins[0] } } as Partial<Activity>);
      for (const text of texts) flow = flow.send(text);
      await flow.startTest();
    }

    await recorder.flush();
    await eventually(() => webhook.stats().queued === 0 && telemetrySink.stats().queued === 0);
    await recorder.close();

    // the pipeline did its work: clicks, features and rejections are all there
    expect(collected.named('click').length).toBe(9);
    expect(collected.named('feature.started').length).toBe(3);
    expect(recorder.stats().rejected['looks-personal']).toBeGreaterThan(0);
    expect(receiver.events.length).toBe(collected.events.length);
    expect(telemetry.events.length).toBe(collected.events.length);
    expect(telemetry.events.find((e) => e.name === 'click')).toMatchObject({
      properties: {
        channel: 'facebook',
        locale: 'es', // its language: no regional tags were declared
        dimension: 'PRIVACY_MENU',
        day: expect.any(String),
      },
    });
    expect(telemetry.events.find((e) => e.name === 'turn')?.metrics?.value).toEqual(expect.any(Number));
    // Application Insights never got an event inside a user's turn (it would tag it with the user)
    expect(telemetry.events.every((e) => !e.insideTurn)).toBe(true);

    const redisDump = JSON.stringify([...(await snapshot(redis, prefix))]);
    expect(redisDump).toContain('c|click|PRIVACY_MENU');
    const outputs = {
      events: JSON.stringify(collected.events),
      webhook: receiver.rawBodies.join('\n'),
      telemetry: JSON.stringify(telemetry.events),
      prometheus: await prometheus.registry.metrics(),
      redis: redisDump,
      insights: renderInsightsHtml(
        buildInsightsReport(await readMetricCounterDays(redis, prefix, lastUtcDays(2))),
      ),
    };
    expect(outputs.insights).toContain('data-series="PRIVACY_MENU"');
    for (const [where, text] of Object.entries(outputs))
      expect({ where, found: findPersonalData(text) }).toEqual({ where, found: [] });
  });
});
