import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { TestAdapter } from 'botbuilder-core';
import { MetricsMiddleware } from '../../src/turn/metrics-middleware';
import { FanOutMetricsRecorder } from '../../src/metrics/fan-out-recorder';
import { WebhookMetricSink, type WebhookMetricSinkOptions } from '../../src/metrics/webhook-sink';
import { eventually, WebhookReceiver, TEST_LABELS } from './fixtures';

// The module object the sink takes `Worker` from, so a test can see (and crash) the worker it starts.
import workerThreads = require('node:worker_threads');
type Worker = workerThreads.Worker;

/** The sink's source, for child processes that load it with ts-node. */
const SINK_SOURCE = resolve(__dirname, '../../src/metrics/webhook-sink.ts');

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

  it('refuses an unusable header at start-up, naming the header but not its value', () => {
    const create = () =>
      new WebhookMetricSink({
        url: 'http://127.0.0.1:9/x',
        headers: { authorization: 'Bearer s3cret\r\nx: y' },
      });
    expect(create).toThrow(/header "authorization" is not a valid HTTP header/);
    expect(create).not.toThrow(/s3cret/);
  });

  it('gives up on a receiver that hangs after requestTimeoutMs, and delivers once it answers again', async () => {
    const r = await receiver();
    r.mode = 'hang';
    const webhook = sink(r.url, { requestTimeoutMs: 300 });
    await runTurns(webhook, 1);
    await eventually(() => r.hanging > 0);
    const held = Date.now();
    await eventually(() => webhook.stats().failedRequests >= 1);
    const waited = Date.now() - held;
    expect(waited).toBeGreaterThanOrEqual(200);
    expect(waited).toBeLessThan(1000); // the worker's own deadline, not the 1.3 s watchdog
    expect(webhook.stats()).toMatchObject({ queued: 3, delivered: 0, dropped: 0 });

    r.mode = 'ok';
    await eventually(() => webhook.stats().delivered === 3);
    expect(r.events).toHaveLength(3);
  });

  it('retries a failed batch as it was, not re-cut with the events that arrived meanwhile', async () => {
    const r = await receiver();
    r.mode = 'error';
    const webhook = sink(r.url, { batchSize: 10 });
    await runTurns(webhook, 1); // 3 events, sent as a batch of 3 and refused with 503
    await eventually(() => webhook.stats().failedRequests >= 1);
    await runTurns(webhook, 2); // 6 more, while that batch is retried
    await eventually(() => webhook.stats().failedRequests >= 3);

    r.mode = 'ok';
    await eventually(() => webhook.stats().delivered === 9);
    expect(r.batches.map((batch) => batch.events.length)).toEqual([3, 6]);
  });

  it('keeps its events when its worker thread dies mid-request, and delivers them with a new worker', async () => {
    const started: Worker[] = [];
    const RealWorker = workerThreads.Worker;
    const spy = jest.spyOn(workerThreads, 'Worker').mockImplementation((...args) => {
      const worker = new RealWorker(...args);
      started.push(worker);
      return worker;
    });
    cleanups.push(async () => spy.mockRestore());
    const r = await receiver();
    r.mode = 'hang';
    const webhook = sink(r.url, { requestTimeoutMs: 60_000 });
    await runTurns(webhook, 1);
    await eventually(() => r.hanging > 0);
    expect(started).toHaveLength(1);

    // A real crash: an uncaught TypeError inside the worker (it reads `body` of the message).
    started[0].postMessage(null);
    await eventually(() => webhook.stats().failedRequests === 1);
    expect(webhook.stats()).toMatchObject({ queued: 3, delivered: 0, dropped: 0 });
    await runTurns(webhook, 1); // turns go on while no worker runs

    r.mode = 'ok';
    r.release();
    await eventually(() => webhook.stats().delivered === 6);
    expect(started).toHaveLength(2);
    expect(r.events).toHaveLength(6);
    expect(webhook.stats()).toMatchObject({ queued: 0, delivered: 6, dropped: 0 });
  });

  it.each([
    ['after close()', 'await sink.close();'],
    ['without close(), once its events are delivered', ''],
  ])('lets the process exit on its own %s', async (_when, closing) => {
    const r = await receiver();
    const script = `
      const { WebhookMetricSink } = require(${JSON.stringify(SINK_SOURCE)});
      (async () => {
        const sink = new WebhookMetricSink({ url: process.argv[1] });
        for (let i = 0; i < 10; i++)
          sink.accept({ name: 'message.in', channel: 'webchat', day: '2025-01-31', hour: 13 });
        await sink.flush();
        ${closing}
        console.log(JSON.stringify({ ...sink.stats(), at: Date.now() }));
      })();
    `;
    const exit = await new Promise<{ code: number | null; stdout: string; exitedAt: number }>((done) => {
      const child = execFile(
        process.execPath,
        ['-r', require.resolve('ts-node/register/transpile-only'), '-e', script, r.url],
        { timeout: 20_000 },
        (error, stdout) => done({ code: error ? (error.code as number) : 0, stdout, exitedAt: Date.now() }),
      );
      child.stdin?.end();
    });
    expect(exit.code).toBe(0);
    const stats = JSON.parse(exit.stdout) as { delivered: number; queued: number; at: number };
    expect(stats).toMatchObject({ delivered: 10, queued: 0 });
    expect(r.events).toHaveLength(10);
    // nothing held the process after its work was done (a live worker would until the 20 s timeout)
    expect(exit.exitedAt - stats.at).toBeLessThan(3000);
  });
});
