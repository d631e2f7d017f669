import type { MetricEvent } from './metric-event';
import type { MetricTimeBucket } from './time-bucket';

/** An event that passed the rule, filed under its time bucket by the recorder. */
export interface BucketedMetricEvent extends MetricEvent, MetricTimeBucket {}

/**
 * Somewhere accepted events go (Redis counters, a webhook, Prometheus, Application Insights).
 *
 * `accept` is called during turns: it must be synchronous, cheap and must not throw; a sink that does
 * I/O queues the event and sends it later on its own schedule.
 */
export interface MetricSink {
  /** Takes one checked event; must not throw or block (buffer and write later). */
  accept(event: BucketedMetricEvent): void;
}

/** A sink that holds events in memory and can be asked to send them now, or to stop. */
export interface BufferedMetricSink extends MetricSink {
  /** Sends what is queued; resolves when done or when sending failed (failures are kept for later). */
  flush(): Promise<void>;
  /** Stops timers and tries a last flush. */
  close(): Promise<void>;
}

/** True for sinks that buffer, so a recorder can flush or close them. */
export function isBufferedSink(sink: MetricSink): sink is BufferedMetricSink {
  const candidate = sink as Partial<BufferedMetricSink>;
  return typeof candidate.flush === 'function' && typeof candidate.close === 'function';
}
