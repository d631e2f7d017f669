import { ConfigurationError } from '../core/errors';
import type { BucketedMetricEvent, BufferedMetricSink } from '../core/metrics/metric-sink';
import { BoundedQueue } from './bounded-queue';

/**
 * What the sink needs of a telemetry client: botbuilder's `BotTelemetryClient` (e.g.
 * `ApplicationInsightsTelemetryClient`) and Application Insights' own `TelemetryClient` fit as they are.
 */
export interface TelemetryEventClient {
  trackEvent(event: {
    name: string;
    properties?: Record<string, string>;
    metrics?: Record<string, number>;
  }): void;
}

/** Options of {@link TelemetryClientSink}: the Application Insights client and the batching bounds. */
export interface TelemetryClientSinkOptions {
  /** The telemetry client, e.g. botbuilder's `ApplicationInsightsTelemetryClient`. */
  client: TelemetryEventClient;
  /** Put before every event name, e.g. `privacy.` gives `privacy.click`. Default none. */
  namePrefix?: string;
  /** How often queued events are handed to the client. Default 1000 ms. */
  flushIntervalMs?: number;
  /** Events held at most; new events beyond it are dropped and counted. Default 10 000. */
  maxQueue?: number;
}

/**
 * Forwards events to a telemetry client ({@link TelemetryEventClient}) as `trackEvent({ name, properties,
 * metrics })`: properties `channel`, `locale`, `dimension`, `day`, `hour`; metric `value`.
 *
 * Events are handed over from the sink's own timer, started when the sink is created, not from inside
 * the turn: Application Insights' bot integration tags telemetry tracked within a turn with the user and
 * session of that turn, which would make these anonymous events personal again. Create the sink at
 * start-up, outside any turn.
 */
export class TelemetryClientSink implements BufferedMetricSink {
  private readonly client: TelemetryEventClient;
  private readonly namePrefix: string;
  private readonly queue: BoundedQueue<BucketedMetricEvent>;
  private tracked = 0;
  private clientErrors = 0;
  private timer?: NodeJS.Timeout;
  private draining = false;

  constructor(options: TelemetryClientSinkOptions) {
    if (!options?.client || typeof options.client.trackEvent !== 'function') {
      throw new ConfigurationError(
        'TelemetryClientSink needs a telemetry client (with trackEvent) in `client`.',
      );
    }
    for (const [name, value] of [
      ['flushIntervalMs', options.flushIntervalMs],
      ['maxQueue', options.maxQueue],
    ] as const) {
      if (value !== undefined && !(Number.isInteger(value) && value > 0)) {
        throw new ConfigurationError(`TelemetryClientSink option ${name} must be a positive whole number.`);
      }
    }
    this.client = options.client;
    this.namePrefix = options.namePrefix ?? '';
    this.queue = new BoundedQueue(options.maxQueue ?? 10_000);
    this.timer = setInterval(() => this.drain(), options.flushIntervalMs ?? 1000);
    this.timer.unref();
  }

  accept(event: BucketedMetricEvent): void {
    this.queue.push(event);
  }

  async flush(): Promise<void> {
    this.drain(true);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.drain(true);
  }

  /** What the sink handed to the client, holds and dropped since it was created. */
  stats(): { queued: number; tracked: number; dropped: number; clientErrors: number } {
    return {
      queued: this.queue.length,
      tracked: this.tracked,
      dropped: this.queue.dropped,
      clientErrors: this.clientErrors,
    };
  }

  /**
   * Hands queued events to the client, {@link DRAIN_CHUNK} at a time with `setImmediate` in between, so
   * a telemetry client that does real work per event never holds the event loop (and the turns
   * waiting on it) for long. `all` drains everything now (flush, close).
   */
  private drain(all = false): void {
    const events = this.queue.peek(all ? this.queue.length : DRAIN_CHUNK);
    this.queue.remove(events.length);
    for (const event of events) {
      const properties: Record<string, string> = { day: event.day, hour: String(event.hour) };
      if (event.channel !== undefined) properties.channel = event.channel;
      if (event.locale !== undefined) properties.locale = event.locale;
      if (event.dimension !== undefined) properties.dimension = event.dimension;
      try {
        this.client.trackEvent({
          name: this.namePrefix + event.name,
          properties,
          metrics: event.value !== undefined ? { value: event.value } : undefined,
        });
        this.tracked++;
      } catch {
        // The client's own failure is counted (stats), never thrown into the bot.
        this.clientErrors++;
      }
    }
    if (!all && this.queue.length > 0 && !this.draining) {
      this.draining = true;
      setImmediate(() => {
        this.draining = false;
        this.drain();
      }).unref();
    }
  }
}

/** Events handed to the client per tick of the event loop. */
const DRAIN_CHUNK = 100;
