import { DEFAULT_OPERATION_TIMEOUT_MS, withTimeout, type RedisClient } from '../storage/redis-client';
import { metricCounterKey, rowsOfDay, type MetricCounterRow } from './counter-layout';

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
  const hashes = await withTimeout(
    Promise.all(days.map((day) => redis.hgetall(metricCounterKey(prefix, day)))),
    timeoutMs,
    'metric counters read',
  );
  return days.flatMap((day, i) => rowsOfDay(day, hashes[i] ?? {}));
}
