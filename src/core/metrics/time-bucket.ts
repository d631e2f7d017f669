/** The coarse time an event is filed under: its UTC day and hour, never the exact instant. */
export interface MetricTimeBucket {
  /** UTC day, `yyyy-mm-dd`. */
  readonly day: string;
  /** UTC hour, 0-23. */
  readonly hour: number;
}

/** The UTC day and hour of `date`. */
export function metricTimeBucket(date: Date): MetricTimeBucket {
  return { day: date.toISOString().slice(0, 10), hour: date.getUTCHours() };
}

/** The last `count` UTC days up to and including the day of `now`, oldest first. */
export function lastUtcDays(count: number, now: Date = new Date()): string[] {
  const days: string[] = [];
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  for (let i = count - 1; i >= 0; i--) days.push(new Date(today - i * 86_400_000).toISOString().slice(0, 10));
  return days;
}
