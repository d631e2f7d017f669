import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BucketedMetricEvent, MetricSink } from '../core/metrics/metric-sink';

export interface PrometheusMetricSinkOptions {
  /** Registry to register on (e.g. prom-client's global `register`). Default: a registry of its own. */
  registry?: Registry;
  /** Put before every metric name. Default `bbp_`. */
  metricPrefix?: string;
  /**
   * Bound on distinct (event, dimension, channel) label sets, so crafted payloads cannot grow the
   * exposition without end; further dimensions are counted under `_other`. Default 2000.
   */
  maxSeries?: number;
  /** Histogram buckets of turn latency, in seconds. */
  turnBuckets?: number[];
}

/** Dimension label of events past the series bound. */
export const OVERFLOW_DIMENSION = '_other';

/**
 * Exposes events as Prometheus metrics (prom-client), to be served by `metricsRoute` on `/metrics`:
 * - `bbp_events_total{event,dimension,channel}`: events counted;
 * - `bbp_event_value_total{event,dimension}`: sum of non-negative event values (e.g. latency ms);
 * - `bbp_turn_duration_seconds{channel}`: histogram of `turn` events.
 * Counting is synchronous and in memory; Prometheus scrapes it.
 */
export class PrometheusMetricSink implements MetricSink {
  readonly registry: Registry;
  private readonly prefix: string;
  private readonly events: Counter<'event' | 'dimension' | 'channel'>;
  private readonly values: Counter<'event' | 'dimension'>;
  private readonly turns: Histogram<'channel'>;
  private readonly maxSeries: number;
  private readonly series = new Set<string>();

  constructor(options: PrometheusMetricSinkOptions = {}) {
    this.registry = options.registry ?? new Registry();
    this.prefix = options.metricPrefix ?? 'bbp_';
    this.maxSeries = options.maxSeries ?? 2000;
    const registers = [this.registry];
    this.events = new Counter({
      name: `${this.prefix}events_total`,
      help: 'Anonymous bot events by name, dimension (payload, feature or purpose id) and channel.',
      labelNames: ['event', 'dimension', 'channel'],
      registers,
    });
    this.values = new Counter({
      name: `${this.prefix}event_value_total`,
      help: 'Sum of the non-negative values carried by events (e.g. turn latency in ms).',
      labelNames: ['event', 'dimension'],
      registers,
    });
    this.turns = new Histogram({
      name: `${this.prefix}turn_duration_seconds`,
      help: 'Turn latency measured by the metrics middleware.',
      labelNames: ['channel'],
      buckets: options.turnBuckets ?? [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
  }

  accept(event: BucketedMetricEvent): void {
    const channel = event.channel ?? '';
    let dimension = event.dimension ?? '';
    const series = `${event.name}|${dimension}|${channel}`;
    if (!this.series.has(series)) {
      if (this.series.size >= this.maxSeries) dimension = OVERFLOW_DIMENSION;
      else this.series.add(series);
    }
    this.events.inc({ event: event.name, dimension, channel });
    if (typeof event.value === 'number' && event.value >= 0) {
      this.values.inc({ event: event.name, dimension }, event.value);
      if (event.name === 'turn') this.turns.observe({ channel }, event.value / 1000);
    }
  }

  /**
   * Exposes a number read at scrape time as a gauge, e.g. the webhook sink's dropped events:
   * ```ts
   * sink.addGauge('bbp_webhook_dropped_events', 'Events the webhook sink dropped.', () => webhook.stats().dropped);
   * ```
   */
  addGauge(name: string, help: string, read: () => number): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
  }
}
