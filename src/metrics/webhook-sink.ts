import { validateHeaderName, validateHeaderValue } from 'node:http';
import { ConfigurationError } from '../core/errors';
import type { BucketedMetricEvent, BufferedMetricSink } from '../core/metrics/metric-sink';
import { BoundedQueue } from './bounded-queue';
import { WebhookPoster } from './webhook-poster';

/**
 * Options of {@link WebhookMetricSink}: the URL events are posted to, batching, retries and the queue bound.
 */
export interface WebhookMetricSinkOptions {
  /** http(s) URL that receives `POST {"events": [...]}` as JSON. */
  url: string;
  /** Extra request headers, e.g. `authorization`. */
  headers?: Record<string, string>;
  /** Events per request. Default 500. */
  batchSize?: number;
  /** Events held in memory at most; new events beyond it are dropped and counted. Default 10 000. */
  maxQueue?: number;
  /** How often queued events are sent (a full batch goes at once). Default 1000 ms. */
  flushIntervalMs?: number;
  /** Bound on one request; a slower receiver counts as failed. Default 5000 ms. */
  requestTimeoutMs?: number;
  /** First retry delay after a failure; doubles per consecutive failure (with jitter). Default 500 ms. */
  initialBackoffMs?: number;
  /** Longest retry delay. Default 30 000 ms. */
  maxBackoffMs?: number;
}

/** What the webhook sink did since it was created. */
export interface WebhookMetricSinkStats {
  /** Events waiting, including the batch being sent. */
  queued: number;
  /** Events the receiver acknowledged with a 2xx answer. */
  delivered: number;
  /** Events dropped: queue full, or refused by the receiver with a 4xx answer. */
  dropped: number;
  /** Requests that failed (network error, timeout, 5xx, 408, 429) and will be retried. */
  failedRequests: number;
}

/**
 * Forwards events to an HTTP endpoint in JSON batches.
 *
 * `accept` only appends the event to a bounded in-memory queue, so a slow or dead receiver never delays
 * a turn; requests leave from the sink's own timer, or from `setImmediate` once a batch is full, never
 * from inside `accept`. A batch is serialised once, a hundred events per tick, and posted by a worker
 * thread the sink owns, so the HTTP client's work does not run on the thread that serves turns.
 * One request is in flight at a time; a batch leaves the queue only when the receiver answers 2xx.
 * Network errors, timeouts, 5xx, 408 and 429 are retried (the same batch, the same body) with
 * exponential backoff and jitter; other 4xx answers drop the batch (retrying would not help) and count
 * it as dropped. If the worker dies, the batch it was sending counts as a failed request and stays
 * queued; the next attempt starts a new worker. The worker keeps the process alive only while a request
 * is in flight, and `close()` ends it.
 *
 * Body (JSON):
 * ```json
 * {"events":[{"name":"click","channel":"facebook","locale":"es-ES","dimension":"PRIVACY_MENU",
 *             "day":"2025-01-31","hour":13}]}
 * ```
 */
export class WebhookMetricSink implements BufferedMetricSink {
  private readonly poster: WebhookPoster;
  private readonly batchSize: number;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly queue: BoundedQueue<BucketedMetricEvent>;
  private delivered = 0;
  private failedRequests = 0;
  private consecutiveFailures = 0;
  private retryAt = 0;
  /** The batch at the front of the queue being delivered, kept serialised across its retries. */
  private batch?: { size: number; body: string };
  private sending?: Promise<void>;
  private soonScheduled = false;
  private timer?: NodeJS.Timeout;

  constructor(options: WebhookMetricSinkOptions) {
    let url: URL;
    try {
      url = new URL(options?.url);
    } catch {
      // Not a URL: a clear ConfigurationError instead of the parser's message.
      throw new ConfigurationError('WebhookMetricSink needs an absolute http(s) URL in `url`.');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ConfigurationError('WebhookMetricSink needs an http: or https: URL.');
    }
    this.poster = new WebhookPoster({
      url: url.href,
      headers: checkedHeaders({ 'content-type': 'application/json', ...(options.headers ?? {}) }),
      requestTimeoutMs: positive(options.requestTimeoutMs ?? 5000, 'requestTimeoutMs'),
    });
    this.batchSize = positive(options.batchSize ?? 500, 'batchSize');
    this.initialBackoffMs = positive(options.initialBackoffMs ?? 500, 'initialBackoffMs');
    this.maxBackoffMs = Math.max(
      this.initialBackoffMs,
      positive(options.maxBackoffMs ?? 30_000, 'maxBackoffMs'),
    );
    this.queue = new BoundedQueue(positive(options.maxQueue ?? 10_000, 'maxQueue'));
    this.timer = setInterval(
      () => void this.pump(false),
      positive(options.flushIntervalMs ?? 1000, 'flushIntervalMs'),
    );
    this.timer.unref();
  }

  accept(event: BucketedMetricEvent): void {
    if (!this.queue.push(event)) return;
    if (
      this.queue.length >= this.batchSize &&
      !this.sending &&
      !this.soonScheduled &&
      Date.now() >= this.retryAt
    ) {
      this.soonScheduled = true;
      setImmediate(() => {
        this.soonScheduled = false;
        void this.pump(true);
      }).unref();
    }
  }

  /** Sends what is queued now (ignoring the backoff); stops early if a request fails. */
  async flush(): Promise<void> {
    await this.sending;
    this.retryAt = 0;
    await this.pump(false);
  }

  /** Stops the timer, tries to deliver what is queued, then ends the worker thread. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
    await this.poster.close();
  }

  /** What the sink sent, holds and dropped since it was created. */
  stats(): WebhookMetricSinkStats {
    return {
      queued: this.queue.length,
      delivered: this.delivered,
      dropped: this.queue.dropped,
      failedRequests: this.failedRequests,
    };
  }

  /**
   * Starts sending unless a request is in flight or a retry is not yet due. `fullOnly` sends only full
   * batches (while turns are adding events); otherwise it sends what is queued now, partial batch too,
   * and stops there, so a busy bot is not answered with a stream of tiny requests.
   */
  private pump(fullOnly: boolean): Promise<void> {
    if (!this.sending && Date.now() >= this.retryAt && this.queue.length > 0) {
      const budget = fullOnly ? Infinity : this.queue.length;
      this.sending = this.sendAll(budget, fullOnly).finally(() => (this.sending = undefined));
    }
    return this.sending ?? Promise.resolve();
  }

  private async sendAll(budget: number, fullOnly: boolean): Promise<void> {
    let sent = 0;
    while (this.queue.length > 0 && sent < budget && (!fullOnly || this.queue.length >= this.batchSize)) {
      this.batch ??= await this.serialiseNext(Math.min(this.batchSize, budget - sent));
      const { size, body } = this.batch;
      const outcome = await this.poster.post(body);
      if (outcome === 'retry') {
        this.failedRequests++;
        this.consecutiveFailures++;
        this.retryAt = Date.now() + this.backoff();
        return;
      }
      this.batch = undefined;
      this.consecutiveFailures = 0;
      sent += size;
      if (outcome === 'delivered') {
        this.delivered += size;
        this.queue.remove(size);
      } else {
        this.queue.discard(size);
      }
    }
  }

  /** The next `size` events at the front of the queue (fewer if fewer are queued) as a request body. */
  private async serialiseNext(size: number): Promise<{ size: number; body: string }> {
    const events = this.queue.peek(size);
    return { size: events.length, body: await serialise(events) };
  }

  private backoff(): number {
    const exponential = this.initialBackoffMs * 2 ** Math.min(this.consecutiveFailures - 1, 20);
    const capped = Math.min(this.maxBackoffMs, exponential);
    return capped / 2 + Math.random() * (capped / 2);
  }
}

/** Events serialised per tick of the event loop (a few tens of microseconds). */
const SERIALISE_CHUNK = 100;

/**
 * The request body `{"events":[...]}`, serialised {@link SERIALISE_CHUNK} events at a time with
 * `setImmediate` in between: a whole batch at once would hold the event loop, and the turns waiting on
 * it, about as long as a turn takes.
 */
async function serialise(events: readonly BucketedMetricEvent[]): Promise<string> {
  const parts: string[] = [];
  for (let i = 0; i < events.length; i += SERIALISE_CHUNK) {
    if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    for (const event of events.slice(i, i + SERIALISE_CHUNK)) parts.push(JSON.stringify(event));
  }
  return `{"events":[${parts.join(',')}]}`;
}

/** The headers, each name and value checked now, so a bad one is a clear error at start-up. */
function checkedHeaders(headers: Record<string, string>): Record<string, string> {
  for (const [name, value] of Object.entries(headers)) {
    try {
      validateHeaderName(name);
      validateHeaderValue(name, value);
    } catch {
      // node's message may quote the value (a secret, e.g. a token): name only the header.
      throw new ConfigurationError(
        `WebhookMetricSink header ${JSON.stringify(name)} is not a valid HTTP header.`,
      );
    }
  }
  return headers;
}

function positive(value: number, name: string): number {
  if (!(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
    throw new ConfigurationError(`WebhookMetricSink option ${name} must be a positive number.`);
  }
  return Math.floor(value) || 1;
}
