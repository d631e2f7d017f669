import type { Redis } from 'ioredis';
import type { MetricEvent } from '../../src/core/metrics/metric-event';
import { lastUtcDays } from '../../src/core/metrics/time-bucket';
import { FanOutMetricsRecorder } from '../../src/metrics/fan-out-recorder';
import { RedisMetricCounters } from '../../src/metrics/redis-counters';

/** The three UTC days up to today, oldest first: what `--days 3` reads. */
export const INSIGHT_DAYS = lastUtcDays(3);

/** A known set of events per day (index into INSIGHT_DAYS), recorded through the real recorder. */
const EVENTS: Array<[day: number, times: number, event: MetricEvent]> = [
  [0, 5, { name: 'click', channel: 'facebook', dimension: 'PRIVACY_MENU' }],
  [0, 2, { name: 'click', channel: 'webchat', dimension: 'BOOK_SLOT' }],
  [0, 3, { name: 'feature.started', dimension: 'book-appointment' }],
  [0, 1, { name: 'feature.completed', dimension: 'book-appointment' }],
  [0, 4, { name: 'consent.asked', dimension: 'invoice' }],
  [0, 3, { name: 'consent.given', dimension: 'invoice' }],
  [0, 1, { name: 'consent.refused', dimension: 'invoice' }],
  [0, 2, { name: 'erasure.requested', dimension: 'menu' }],
  [0, 2, { name: 'erasure.completed', dimension: 'menu' }],
  [0, 4, { name: 'turn', dimension: 'message', value: 10 }],
  [1, 1, { name: 'click', dimension: 'PRIVACY_MENU' }],
  [1, 3, { name: 'click', dimension: 'PRIVACY_DELETE' }],
  [1, 2, { name: 'feature.started', dimension: 'invoices' }],
  [1, 2, { name: 'feature.abandoned', dimension: 'book-appointment' }],
  [1, 2, { name: 'consent.asked', dimension: 'payment' }],
  [1, 1, { name: 'consent.given', dimension: 'payment' }],
  [1, 1, { name: 'consent.withdrawn', dimension: 'invoice' }],
  [1, 1, { name: 'erasure.completed', dimension: 'delete_user_data' }],
  [1, 1, { name: 'erasure.completed', dimension: 'facebook_callback' }],
  [1, 1, { name: 'erasure.failed', dimension: 'menu' }],
  [1, 2, { name: 'turn', dimension: 'message', value: 40 }],
  [1, 2, { name: 'turn', dimension: 'message', value: 300 }],
  [2, 4, { name: 'click', dimension: 'BOOK_SLOT' }],
  [2, 2, { name: 'feature.used', dimension: 'faq' }],
  [2, 3, { name: 'erasure.completed', dimension: 'privacy_center' }],
  [2, 9, { name: 'turn', dimension: 'message', value: 20 }],
  [2, 1, { name: 'turn', dimension: 'event', value: 20000 }],
];

/** Bars each chart must draw for these events: one per (day or purpose, series) with a value. */
export const EXPECTED_BARS = { clicks: 5, features: 3, consent: 6, erasures: 5, latency: 9 };

/** Records the known events under `prefix` and writes them to Redis. */
export async function recordKnownInsights(redis: Redis, prefix: string): Promise<void> {
  const counters = new RedisMetricCounters({ redis, prefix, flushIntervalMs: 60_000 });
  let day = INSIGHT_DAYS[0];
  const recorder = new FanOutMetricsRecorder({
    sinks: [counters],
    now: () => new Date(`${day}T12:00:00Z`),
    // the bot's own labels: anything undeclared would be counted as `other`
    declared: {
      events: ['feature.used'],
      payloads: ['BOOK_SLOT'],
      dimensions: ['book-appointment', 'invoices', 'faq', 'invoice', 'payment'],
    },
  });
  for (const [index, times, event] of EVENTS) {
    day = INSIGHT_DAYS[index];
    for (let i = 0; i < times; i++) recorder.record(event);
  }
  await counters.close();
}
