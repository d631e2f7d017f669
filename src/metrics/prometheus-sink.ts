import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ConfigurationError } from '../core/errors';
import type { BucketedMetricEvent, MetricSink } from '../core/metrics/metric-sink';
import { OTHER_METRIC_LABEL } from '../core/metrics/metric-vocabulary';
import { TURN_LATENCY_BUCKETS_MS } from './counter-layout';

/**
 * Options of {@link PrometheusMetricSink}: the registry, the metric name prefix and the bound on label sets.
 */
export interface PrometheusMetricSinkOptions {
  /** Registry to register on (e.g. prom-client's global `register`). Default: a registry of its own. */
  registry?: Registry;
  /** Put before every metric name. Default `bbp_`. */
  metricPrefix?: string;
  /**
   * Bound on distinct label sets across the sink's metrics (events, values, turn histogram), so the
   * exposition stays bounded even when the declared labels multiply out large. An observation whose
   * label set would go past it is counted under the all-`other` label set of its metric instead, and in
   * `<prefix>metric_series_dropped_total`. Default 2000.
   */
  maxSeries?: number;
  /** Histogram buckets of turn latency, in seconds. */
  turnBuckets?: number[];
}

/** Labels of observations past the series bound (and of every undeclared value, see the recorder). */
export const OVERFLOW_DIMENSION = OTHER_METRIC_LABEL;

/**
 * Exposes events as Prometheus metrics (prom-client), to be served by `metricsRoute` on `/metrics`:
 * - `bbp_events_total{event,dimension,channel}`: events counted;
 * - `bbp_event_value_total{event,dimension}`: sum of non-negative event values (e.g. latency ms);
 * - `bbp_turn_duration_seconds{channel}`: histogram of `turn` events;
 * - `bbp_metric_series_dropped_total`: observations whose own label set was refused by `maxSeries`.
 * Counting is synchronous and in memory; Prometheus scrapes it. Labels come from the recorder, which
 * counts undeclared values as `other`; `maxSeries` is the second bound.
 */
export class PrometheusMetricSink implements MetricSink {
  /** The registry the metrics are on: serve it with `metricsRoute(sink.registry)`. */
  readonly registry: Registry;
  private readonly prefix: string;
  private readonly events: Counter<'event' | 'dimension' | 'channel'>;
  private readonly values: Counter<'event' | 'dimension'>;
  private readonly turns: Histogram<'channel'>;
  private readonly dropped: Counter;
  private readonly maxSeries: number;
  private readonly series = new Set<string>();

  constructor(options: PrometheusMetricSinkOptions = {}) {
    this.registry = options.registry ?? new Registry();
    this.prefix = options.metricPrefix ?? 'bbp_';
    this.maxSeries = options.maxSeries ?? 2000;
    if (!(Number.isInteger(this.maxSeries) && this.maxSeries > 0)) {
      throw new ConfigurationError('PrometheusMetricSink option maxSeries must be a positive whole number.');
    }
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
      buckets: options.turnBuckets ?? TURN_LATENCY_BUCKETS_MS.map((ms) => ms / 1000),
      registers,
    });
    this.dropped = new Counter({
      name: `${this.prefix}metric_series_dropped_total`,
      help: 'Observations whose label set was refused by the series bound (counted under the other labels).',
      registers,
    });
  }

  accept(event: BucketedMetricEvent): void {
    const channel = event.channel ?? '';
    const dimension = event.dimension ?? '';
    if (this.admit(`e|${event.name}|${dimension}|${channel}`)) {
      this.events.inc({ event: event.name, dimension, channel });
    } else {
      this.events.inc({ event: OTHER, dimension: OTHER, channel: OTHER });
    }
    if (typeof event.value === 'number' && event.value >= 0) {
      if (this.admit(`v|${event.name}|${dimension}`)) {
        this.values.inc({ event: event.name, dimension }, event.value);
      } else {
        this.values.inc({ event: OTHER, dimension: OTHER }, event.value);
      }
      if (event.name === 'turn') {
        this.turns.observe({ channel: this.admit(`t|${channel}`) ? channel : OTHER }, event.value / 1000);
      }
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

  /** True when the label set is known or still fits; false (and counted) when it is past the bound. */
  private admit(series: string): boolean {
    if (this.series.has(series)) return true;
    if (this.series.size < this.maxSeries) {
      this.series.add(series);
      return true;
    }
    this.dropped.inc();
    return false;
  }
}

const OTHER = OTHER_METRIC_LABEL;
