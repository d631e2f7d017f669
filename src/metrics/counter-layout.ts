/**
 * Layout of the anonymous counters in Redis: one hash per UTC day, `<prefix>:m:<yyyy-mm-dd>`, the same
 * shape as `RedisKeyspace.unownedKey('m', day)`. It carries no subject hash tag and is listed in no
 * subject's index, so erasing a subject never touches it.
 *
 * Fields: `c|<event>|<dimension>` = number of events, `s|<event>|<dimension>` = sum of their values
 * (only for events with a value). The dimension is empty when the event has none. Event names and
 * dimensions are safe tokens and never contain `|`. Labels that were not declared are counted under the
 * dimension (or event) `other`. A day's hash holds at most `maxFieldsPerDay` fields (RedisMetricCounters),
 * plus the `c|metrics.dropped|<reason>` fields that count what did not fit.
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
