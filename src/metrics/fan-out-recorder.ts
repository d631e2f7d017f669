import { ConfigurationError } from '../core/errors';
import type { MetricEvent, MetricsRecorder } from '../core/metrics/metric-event';
import {
  checkMetricEvent,
  METRIC_REJECTION_REASONS,
  type MetricRejectionReason,
} from '../core/metrics/metric-rule';
import { isBufferedSink, type BucketedMetricEvent, type MetricSink } from '../core/metrics/metric-sink';
import {
  MetricVocabulary,
  OTHER_METRIC_LABEL,
  type DeclaredMetricLabels,
} from '../core/metrics/metric-vocabulary';
import { metricTimeBucket, type MetricTimeBucket } from '../core/metrics/time-bucket';
import { PRIVACY_METRIC_LABELS } from './privacy-metric-labels';

/** Name of the event a recorder emits for each rejected event; its dimension is the reason. */
export const METRIC_REJECTED_EVENT = 'metrics.rejected';

/**
 * Options of {@link FanOutMetricsRecorder}: the sinks that receive checked events and the labels counted by
 * name.
 */
export interface FanOutMetricsRecorderOptions {
  /** Where accepted events go, in order. A sink that throws does not stop the others. */
  sinks: readonly MetricSink[];
  /** Clock used for time buckets (tests). Default: the system clock. */
  now?: () => Date;
  /** Told about each rejection (e.g. to warn in development); it never gets the rejected value. */
  onRejected?: (reason: MetricRejectionReason) => void;
  /**
   * The bot's own labels: its buttons, feature and purpose ids, event names, and optionally the channels
   * and locales counted by name. They add to the privacy layer's own ({@link PRIVACY_METRIC_LABELS});
   * every other value is counted as `other` (see {@link DeclaredMetricLabels}).
   */
  declared?: DeclaredMetricLabels;
}

/** Counters of what a recorder did since it was created. */
export interface MetricsRecorderStats {
  /** Events checked and passed to the sinks. */
  accepted: number;
  /** Events refused, per reason. */
  rejected: Record<MetricRejectionReason, number>;
  /** Times a sink threw from `accept` (the event still reached the other sinks). */
  sinkErrors: number;
  /** Accepted events with at least one label that was not declared, so counted as `other`. */
  undeclared: number;
}

/**
 * The recorder a bot wires in: checks each event against the rule ({@link checkMetricEvent}: events that
 * break it are rejected whole and counted), replaces every label that was not declared (name, channel,
 * locale, dimension) by `other` ({@link MetricVocabulary}), adds the UTC day and hour, and hands the event
 * to every sink. Every sink thus gets the same checked events with a bounded set of labels, whatever
 * clients send.
 *
 * Each rejection is also forwarded as a `metrics.rejected` event whose dimension is the reason, so the
 * brand's dashboards show when a bot emits events the rule refuses. `record` never throws and does no I/O.
 */
export class FanOutMetricsRecorder implements MetricsRecorder {
  private readonly sinks: readonly MetricSink[];
  private readonly clock: () => number;
  private readonly onRejected?: (reason: MetricRejectionReason) => void;
  private cachedHour = -1;
  private cachedBucket: MetricTimeBucket = { day: '', hour: 0 };
  private readonly vocabulary: MetricVocabulary;
  private accepted = 0;
  private sinkErrors = 0;
  private undeclared = 0;
  private readonly rejected = Object.fromEntries(METRIC_REJECTION_REASONS.map((r) => [r, 0])) as Record<
    MetricRejectionReason,
    number
  >;

  constructor(options: FanOutMetricsRecorderOptions) {
    this.sinks = [...(options?.sinks ?? [])];
    const now = options?.now;
    this.clock = now ? () => now().getTime() : Date.now;
    this.onRejected = options?.onRejected;
    const declared = options?.declared;
    if (declared !== undefined && (declared === null || typeof declared !== 'object')) {
      throw new ConfigurationError(
        'FanOutMetricsRecorder option `declared` must be an object of label lists.',
      );
    }
    this.vocabulary = new MetricVocabulary(PRIVACY_METRIC_LABELS, declared);
  }

  record(event: MetricEvent): void {
    try {
      const check = checkMetricEvent(event);
      if (check.ok) {
        this.accepted++;
        this.forward(check.event, this.vocabulary);
        return;
      }
      this.rejected[check.reason]++;
      this.forward({ name: METRIC_REJECTED_EVENT, dimension: check.reason });
      this.onRejected?.(check.reason);
    } catch {
      // Metrics must never break a turn (e.g. a throwing onRejected or clock).
    }
  }

  /** What the recorder accepted and rejected since it was created. */
  stats(): MetricsRecorderStats {
    return {
      accepted: this.accepted,
      rejected: { ...this.rejected },
      sinkErrors: this.sinkErrors,
      undeclared: this.undeclared,
    };
  }

  /** Asks every buffering sink to send what it holds. */
  async flush(): Promise<void> {
    await Promise.all(this.sinks.filter(isBufferedSink).map((sink) => sink.flush().catch(() => undefined)));
  }

  /** Stops every buffering sink after a last flush. */
  async close(): Promise<void> {
    await Promise.all(this.sinks.filter(isBufferedSink).map((sink) => sink.close().catch(() => undefined)));
  }

  /** The current bucket, recomputed once per hour of the clock. */
  private bucket(): MetricTimeBucket {
    const ms = this.clock();
    const hour = Math.floor(ms / 3_600_000);
    if (hour !== this.cachedHour) {
      this.cachedHour = hour;
      this.cachedBucket = metricTimeBucket(new Date(ms));
    }
    return this.cachedBucket;
  }

  /** Hands the event to every sink, its labels first mapped by `vocabulary` when given. */
  private forward(event: MetricEvent, vocabulary?: MetricVocabulary): void {
    const { day, hour } = this.bucket();
    let { name, channel, locale, dimension } = event;
    if (vocabulary) {
      name = vocabulary.name(name);
      if (channel !== undefined) channel = vocabulary.channel(channel);
      if (locale !== undefined) locale = vocabulary.locale(locale);
      if (dimension !== undefined) dimension = vocabulary.dimension(dimension);
    }
    if (
      name === OTHER_METRIC_LABEL ||
      channel === OTHER_METRIC_LABEL ||
      locale === OTHER_METRIC_LABEL ||
      dimension === OTHER_METRIC_LABEL
    ) {
      this.undeclared++;
    }
    // One literal of fixed shape (absent fields stay undefined): spreading here cost more than the rule.
    const bucketed: BucketedMetricEvent = { name, channel, locale, dimension, value: event.value, day, hour };
    for (const sink of this.sinks) {
      try {
        sink.accept(bucketed);
      } catch {
        // A failing sink must not stop the others or the turn: counted in stats().sinkErrors.
        this.sinkErrors++;
      }
    }
  }
}
