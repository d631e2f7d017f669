import { DEFAULT_OPERATION_TIMEOUT_MS, withTimeout, type RedisClient } from '../storage/redis-client';
import {
  latencyHistogramOfDay,
  metricCounterKey,
  rowsOfDay,
  type MetricCounterDay,
  type MetricCounterRow,
} from './counter-layout';

/**
 * Reads the anonymous daily counters of the given UTC days (`yyyy-mm-dd`), one HGETALL per day.
 * Days without counters give no rows.
 */
export async function readMetricCounters(
  redis: RedisClient,
  prefix: string,
  days: readonly string[],
  timeoutMs = DEFAULT_OPERATION_TIMEOUT_MS,
): Promise<MetricCounterRow[]> {
  return (await readMetricCounterDays(redis, prefix, days, timeoutMs)).flatMap((day) => day.rows);
}

/**
 * Reads the given UTC days whole, one HGETALL per day: each day's counter rows and its turn-latency
 * histogram, in the order of `days` (a day without counters has no rows and an all-zero histogram).
 */
export async function readMetricCounterDays(
  redis: RedisClient,
  prefix: string,
  days: readonly string[],
  timeoutMs = DEFAULT_OPERATION_TIMEOUT_MS,
): Promise<MetricCounterDay[]> {
  const hashes = await withTimeout(
    Promise.all(days.map((day) => redis.hgetall(metricCounterKey(prefix, day)))),
    timeoutMs,
    'metric counters read',
  );
  return days.map((day, i) => ({
    day,
    rows: rowsOfDay(day, hashes[i] ?? {}),
    turnLatency: latencyHistogramOfDay(hashes[i] ?? {}),
  }));
}
