/**
 * Layout of the anonymous counters in Redis: one hash per UTC day, `<prefix>:m:<yyyy-mm-dd>`, the same
 * shape as `RedisKeyspace.unownedKey('m', day)`. It carries no subject hash tag and is listed in no
 * subject's index, so erasing a subject never touches it.
 *
 * Fields: `c|<event>|<dimension>` = number of events, `s|<event>|<dimension>` = sum of their values
 * (only for events with a value), `h|turn|<bound>` = turns per latency bucket (see
 * {@link latencyBucketField}). The dimension is empty when the event has none. Event names and
 * dimensions are safe tokens and never contain `|`. Labels that were not declared are counted under the
 * dimension (or event) `other`. A day's hash holds at most `maxFieldsPerDay` fields (RedisMetricCounters),
 * plus the `c|metrics.dropped|<reason>` fields that count what did not fit and the latency histogram's
 * fixed dozen `h|` fields, which are always written.
 */
export const METRIC_COUNTER_KIND = 'm';

/**
 * Event whose count field, `c|metrics.dropped|<reason>`, counts the events of that day the counters did
 * not write under their own field (see {@link MetricDropReason}).
 */
export const METRIC_DROPPED_EVENT = 'metrics.dropped';

/**
 * Why events were not counted under their own field: `field_cap`, the day's hash already held its
 * maximum number of fields; `pending_cap`, too many distinct cells waited in memory (e.g. Redis down).
 */
export type MetricDropReason = 'field_cap' | 'pending_cap';

/** Every drop reason. */
export const METRIC_DROP_REASONS: readonly MetricDropReason[] = Object.freeze(['field_cap', 'pending_cap']);

/** Key of the counters of one UTC day. */
export function metricCounterKey(prefix: string, day: string): string {
  return `${prefix}:${METRIC_COUNTER_KIND}:${day}`;
}

/** Hash field of an event's count. */
export function countField(event: string, dimension = ''): string {
  return `c|${event}|${dimension}`;
}

/** Hash field of the sum of an event's values. */
export function sumField(event: string, dimension = ''): string {
  return `s|${event}|${dimension}`;
}

/** The sum field beside a count field (`c|e|d` -> `s|e|d`). */
export function sumFieldOf(countFieldName: string): string {
  return `s${countFieldName.slice(1)}`;
}

/** One (day, event, dimension) cell read back from Redis. */
export interface MetricCounterRow {
  day: string;
  event: string;
  /** Empty string when the event had no dimension. */
  dimension: string;
  count: number;
  /** Sum of values (0 when the event carries none). */
  sum: number;
}

/** Turns one day's hash into rows; fields it does not know are ignored. */
export function rowsOfDay(day: string, hash: Record<string, string>): MetricCounterRow[] {
  const rows = new Map<string, MetricCounterRow>();
  for (const [field, raw] of Object.entries(hash)) {
    const parts = field.split('|');
    if (parts.length !== 3 || (parts[0] !== 'c' && parts[0] !== 's')) continue;
    const [kind, event, dimension] = parts;
    const id = `${event}|${dimension}`;
    const row = rows.get(id) ?? { day, event, dimension, count: 0, sum: 0 };
    const value = Number(raw);
    if (Number.isFinite(value)) {
      if (kind === 'c') row.count = value;
      else row.sum = value;
    }
    rows.set(id, row);
  }
  return [...rows.values()];
}

/**
 * Upper bounds (ms) of the fixed buckets of the turn-latency histogram. A turn is counted in the first
 * bucket whose bound is at least its latency, or in the open bucket `inf` above the last bound. The
 * bounds match the Prometheus sink's `bbp_turn_duration_seconds` buckets.
 */
export const TURN_LATENCY_BUCKETS_MS: readonly number[] = [
  5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000,
];

/** The event whose value (latency in ms) fills the histogram. */
export const LATENCY_EVENT = 'turn';

/**
 * Hash field of one histogram bucket: `h|turn|<upper bound in ms>` or `h|turn|inf`. It holds the number
 * of turns of that day whose latency fell in the bucket (not cumulative). Readers that only know `c|`
 * and `s|` fields ignore these.
 */
export function latencyBucketField(latencyMs: number): string {
  const bound = TURN_LATENCY_BUCKETS_MS.find((upper) => latencyMs <= upper);
  return `h|${LATENCY_EVENT}|${bound === undefined ? 'inf' : bound}`;
}

/** True for a histogram bucket field (`h|…`). */
export function isHistogramField(field: string): boolean {
  return field.startsWith('h|');
}

/**
 * The turn-latency histogram of one day's hash: counts per bucket of {@link TURN_LATENCY_BUCKETS_MS},
 * plus the open bucket last. All zero when the day has none.
 */
export function latencyHistogramOfDay(hash: Record<string, string>): number[] {
  const bounds = TURN_LATENCY_BUCKETS_MS.map(String);
  const counts: number[] = new Array(bounds.length + 1).fill(0);
  const prefix = `h|${LATENCY_EVENT}|`;
  for (const [field, raw] of Object.entries(hash)) {
    if (!field.startsWith(prefix)) continue;
    const bound = field.slice(prefix.length);
    const index = bound === 'inf' ? bounds.length : bounds.indexOf(bound);
    const value = Number(raw);
    if (index >= 0 && Number.isFinite(value) && value > 0) counts[index] += value;
  }
  return counts;
}

/** One UTC day of counters as read back: its rows and its turn-latency histogram. */
export interface MetricCounterDay {
  /** The UTC day, `YYYY-MM-DD`. */
  day: string;
  /** Its counters, one row per event and dimension. */
  rows: MetricCounterRow[];
  /** Turns per bucket of {@link TURN_LATENCY_BUCKETS_MS}, the open bucket last. */
  turnLatency: number[];
}
