import { TestAdapter } from 'botbuilder-core';
import { MetricsMiddleware } from '../../src/turn/metrics-middleware';
import { FanOutMetricsRecorder } from '../../src/metrics/fan-out-recorder';
import { WebhookMetricSink, type WebhookMetricSinkOptions } from '../../src/metrics/webhook-sink';
import { eventually, WebhookReceiver, TEST_LABELS } from './fixtures';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function receiver(port = 0): Promise<WebhookReceiver> {
  const r = await new WebhookReceiver().start(port);
  cleanups.push(() => r.stop());
  return r;
}

function sink(url: string, options: Partial<WebhookMetricSinkOptions> = {}): WebhookMetricSink {
  const s = new WebhookMetricSink({
    url,
    flushIntervalMs: 20,
    initialBackoffMs: 20,
    maxBackoffMs: 50,
    requestTimeoutMs: 300,
    ...options,
  });
  cleanups.push(async () => {
    await s.close();
  });
  return s;
}

/** Runs `count` message turns of a bot that replies once, with metrics sent to `webhook`. */
async function runTurns(webhook: WebhookMetricSink, count: number): Promise<void> {
  const recorder = new FanOutMetricsRecorder({ declared: TEST_LABELS, sinks: [webhook] });
  const adapter = new TestAdapter(async (ctx) => void (await ctx.sendActivity('ok')), {
    channelId: 'webchat',
  }).use(new MetricsMiddleware(recorder));
  let flow = adapter.send('hi').assertReply('ok');
  for (let i = 1; i < count; i++) flow = flow.send('hi').assertReply('ok');
  await flow.startTest();
}

describe('WebhookMetricSink', () => {
  it('delivers events in JSON batches to a healthy receiver', async () => {
    const r = await receiver();
    const webhook = sink(r.url, { batchSize: 10 });
    await runTurns(webhook, 10); // 3 events per turn
    await eventually(() => webhook.stats().delivered === 30);
    expect(r.events).toHaveLength(30);
    expect(Math.max(...r.batches.map((b) => b.events.length))).toBeLessThanOrEqual(10);
    expect(r.events[0]).toEqual({
      name: 'message.in',
      channel: 'webchat',
      day: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
      hour: expect.any(Number),
    });
    expect(webhook.stats()).toMatchObject({ queued: 0, delivered: 30, dropped: 0 });
  });

  it('does not hold turns while the receiver hangs, and delivers once it answers again', async () => {
    const r = await receiver();
    r.mode = 'hang';
    const webhook = sink(r.url, { batchSize: 5, requestTimeoutMs: 60_000 });
    await runTurns(webhook, 10);
    await eventually(() => r.hanging > 0);
    // these turns all finish while the receiver holds the sink's request open
    await runTurns(webhook, 10);
    expect(r.hanging).toBe(1);
    expect(webhook.stats().queued).toBe(60);
    expect(r.events).toHaveLength(0);

    r.mode = 'ok';
    r.release(); // the held request fails; the batch is retried
    await eventually(() => webhook.stats().delivered === 60);
    expect(r.events).toHaveLength(60);
    expect(webhook.stats()).toMatchObject({ queued: 0, delivered: 60, dropped: 0 });
  });

  it('bounds its queue while the receiver is down, counts the drops, and delivers the rest when it is back', async () => {
    const first = await receiver();
    const port = first.port;
    await first.stop();
    const webhook = sink(`http://127.0.0.1:${port}/collect`, { maxQueue: 25, batchSize: 10 });
    await runTurns(webhook, 20); // 60 events
    await eventually(() => webhook.stats().failedRequests >= 2);
    expect(webhook.stats()).toMatchObject({ queued: 25, dropped: 35, delivered: 0 });

    const back = await receiver(port);
    await eventually(() => webhook.stats().delivered === 25);
    expect(back.events).toHaveLength(25);
    expect(webhook.stats()).toMatchObject({ queued: 0, delivered: 25, dropped: 35 });
  });

  it('retries server errors and drops batches the receiver refuses as bad requests', async () => {
    const r = await receiver();
    r.mode = 'error';
    const webhook = sink(r.url);
    await runTurns(webhook, 2);
    await eventually(() => r.requests >= 2);
    r.mode = 'ok';
    await eventually(() => r.events.length === 6);

    r.mode = 'refuse';
    const requestsBefore = r.requests;
    await runTurns(webhook, 1);
    await eventually(() => webhook.stats().dropped === 3);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(r.requests).toBe(requestsBefore + 1);
  });

  it('refuses an unusable URL at start-up', () => {
    expect(() => new WebhookMetricSink({ url: 'not a url' })).toThrow(/absolute http\(s\) URL/);
    expect(() => new WebhookMetricSink({ url: 'ftp://example.com/x' })).toThrow(/http: or https:/);
  });
});
