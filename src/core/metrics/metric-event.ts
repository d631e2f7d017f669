/**
 * Names of the events the plugin emits. Bots may add their own names (e.g. `feature.used`); every name
 * must pass the same rule ({@link checkMetricEvent}), and is counted by name only when declared to the
 * recorder (`FanOutMetricsRecorder`'s `declared.events`), else as `other`.
 */
export type MetricEventName =
  | 'click'
  | 'feature.started'
  | 'feature.completed'
  | 'feature.abandoned'
  | 'consent.asked'
  | 'consent.given'
  | 'consent.refused'
  | 'consent.withdrawn'
  | 'erasure.requested'
  | 'erasure.completed'
  | 'disclosure.shown'
  | 'handover.to_human'
  | 'handover.to_bot'
  | 'message.in'
  | 'message.out'
  | 'turn'
  | string; // the bot's own, e.g. 'feature.used'

/**
 * An anonymous event: what happened, on which channel and in which language, and which button, feature
 * or purpose it was about. It never names who did it. These five fields are the only ones allowed.
 */
export interface MetricEvent {
  /** Event name, a safe token such as `click` or `feature.started`. */
  name: MetricEventName;
  /** Channel id, e.g. `facebook`, `webchat`. */
  channel?: string;
  /** Language tag of the turn, e.g. `es-ES`. */
  locale?: string;
  /** The payload, feature (dialog) id or purpose id the event is about: a safe token. */
  dimension?: string;
  /** A small number, e.g. latency in ms. */
  value?: number;
}

/**
 * Where the plugin and the bot send metric events.
 *
 * `record` is synchronous, never throws and never waits on I/O: it must be safe to call from any turn.
 */
export interface MetricsRecorder {
  /** Records one event; never throws and never waits (sinks write later). */
  record(event: MetricEvent): void;
}

/** A recorder that discards everything: the default when metrics are off. */
export const NO_METRICS: MetricsRecorder = Object.freeze({ record(): void {} });
