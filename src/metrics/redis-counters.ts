import { ConfigurationError } from '../core/errors';
import type { BucketedMetricEvent, BufferedMetricSink } from '../core/metrics/metric-sink';
import { DEFAULT_OPERATION_TIMEOUT_MS, withTimeout, type RedisClient } from '../storage/redis-client';
import {
  countField,
  isHistogramField,
  LATENCY_EVENT,
  latencyBucketField,
  metricCounterKey,
} from './counter-layout';

export interface RedisMetricCountersOptions {
  /** ioredis client; may be the one the bot's storage uses. Never closed by the counters. */
  redis: RedisClient;
  /** Key prefix, the same as the storage's (`RedisKeyspace.prefix`). Default `bbp`. */
  prefix?: string;
  /** How often pending counts are written. Default 1000 ms. */
  flushIntervalMs?: number;
  /** Days a day's counters are kept after its last write; 0 keeps them for ever. Default 400. */
  retentionDays?: number;
  /**
   * Bound on distinct (day, event, dimension) cells waiting to be written, e.g. while Redis is down.
   * Events for new cells beyond it are dropped and counted. Default 10 000.
   */
  maxPendingCells?: number;
  /** Bound on one write to Redis. Default 2000 ms. */
  operationTimeoutMs?: number;
}

/** What the counters did since they were created. */
export interface RedisMetricCountersStats {
  /** Counter cells waiting to be written (plus at most a dozen latency histogram cells per day). */
  pendingCells: number;
  /** Events whose counts reached Redis. */
  writtenEvents: number;
  /** Events dropped because too many cells were pending. */
  droppedEvents: number;
  /** Writes that failed and were kept for the next flush. */
  failedFlushes: number;
}

interface Cell {
  count: number;
  sum: number;
  hasSum: boolean;
}

/**
 * Anonymous daily counters in Redis that survive erasure (see `counter-layout.ts` for the keys).
 *
 * `accept` only adds to an in-memory table; a timer started with the counters (not by a turn) writes the
 * table every `flushIntervalMs` as one MULTI per day of HINCRBY/HINCRBYFLOAT, so no turn ever waits on
 * Redis. While the client is not connected nothing is sent and counts stay pending. A failed write is
 * merged back and retried at the next flush (a write that timed out but was applied late can then be
 * counted twice: counts are at-least-once while Redis misbehaves).
 *
 * `turn` events also fill a small fixed-bucket latency histogram per day (`h|turn|<bound>` fields), from
 * which the insights report estimates p50/p95/p99.
 */
export class RedisMetricCounters implements BufferedMetricSink {
  readonly prefix: string;
  private readonly redis: RedisClient;
  private readonly retentionSeconds: number;
  private readonly maxPendingCells: number;
  private readonly operationTimeoutMs: number;
  private pending = new Map<string, Map<string, Cell>>();
  private pendingCells = 0;
  private writtenEvents = 0;
  private droppedEvents = 0;
  private failedFlushes = 0;
  private flushing: Promise<void> = Promise.resolve();
  private timer?: NodeJS.Timeout;

  constructor(options: RedisMetricCountersOptions) {
    if (!options || !options.redis)
      throw new ConfigurationError('RedisMetricCounters needs an ioredis client in `redis`.');
    const prefix = options.prefix ?? 'bbp';
    if (!prefix || /[{}]/.test(prefix)) {
      throw new ConfigurationError('The Redis key prefix must be non-empty and must not contain "{" or "}".');
    }
    const interval = options.flushIntervalMs ?? 1000;
    const retentionDays = options.retentionDays ?? 400;
    if (!(interval > 0)) throw new ConfigurationError('flushIntervalMs must be a positive number.');
    if (!(retentionDays >= 0))
      throw new ConfigurationError('retentionDays must be 0 (keep) or a positive number.');
    this.redis = options.redis;
    this.prefix = prefix;
    this.retentionSeconds = Math.round(retentionDays * 86_400);
    this.maxPendingCells = options.maxPendingCells ?? 10_000;
    this.operationTimeoutMs = options.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS;
    this.timer = setInterval(() => void this.flush(), interval);
    this.timer.unref();
  }

  accept(event: BucketedMetricEvent): void {
    const counted = this.add(event.day, countField(event.name, event.dimension), event.value);
    if (counted && event.name === LATENCY_EVENT && typeof event.value === 'number') {
      this.add(event.day, latencyBucketField(event.value));
    }
  }

  /**
   * Adds one to the pending cell of a field, and the value to its sum; false when the event was dropped.
   * Histogram cells (`h|…`) are not held to `maxPendingCells`: there are at most a dozen per day.
   */
  private add(dayOfEvent: string, field: string, value?: number): boolean {
    const bounded = !isHistogramField(field);
    let day = this.pending.get(dayOfEvent);
    let cell = day?.get(field);
    if (!cell) {
      if (bounded && this.pendingCells >= this.maxPendingCells) {
        this.droppedEvents++;
        return false;
      }
      cell = { count: 0, sum: 0, hasSum: false };
      if (!day) this.pending.set(dayOfEvent, (day = new Map()));
      day.set(field, cell);
      if (bounded) this.pendingCells++;
    }
    cell.count++;
    if (typeof value === 'number') {
      cell.sum += value;
      cell.hasSum = true;
    }
    return true;
  }

  /** Writes the pending counts now. Never rejects: on failure they stay pending. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writePending());
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  stats(): RedisMetricCountersStats {
    return {
      pendingCells: this.pendingCells,
      writtenEvents: this.writtenEvents,
      droppedEvents: this.droppedEvents,
      failedFlushes: this.failedFlushes,
    };
  }

  private async writePending(): Promise<void> {
    if (this.pending.size === 0) return;
    if (!(await this.ready())) {
      // Not sent at all: a command left in ioredis' offline queue could run after we gave up on it.
      this.failedFlushes++;
      return;
    }
    const batch = this.pending;
    this.pending = new Map();
    this.pendingCells = 0;
    await Promise.all([...batch].map(([day, cells]) => this.writeDay(day, cells)));
  }

  /** Waits (bounded) for the client to be connected; a lazy client is asked to connect. */
  private async ready(): Promise<boolean> {
    const redis = this.redis;
    if (redis.status === 'ready') return true;
    if (redis.status === 'end' || redis.status === 'close') return false;
    if (redis.status === 'wait') redis.connect().catch(() => undefined);
    let onReady = (): void => undefined;
    const connected = new Promise<boolean>((resolve) => redis.once('ready', (onReady = () => resolve(true))));
    const timedOut = new Promise<boolean>((resolve) =>
      setTimeout(resolve, this.operationTimeoutMs, false).unref(),
    );
    const result = await Promise.race([connected, timedOut]);
    redis.off('ready', onReady);
    return result;
  }

  private async writeDay(day: string, cells: Map<string, Cell>): Promise<void> {
    const key = metricCounterKey(this.prefix, day);
    const multi = this.redis.multi();
    let events = 0;
    for (const [field, cell] of cells) {
      multi.hincrby(key, field, cell.count);
      if (cell.hasSum) multi.hincrbyfloat(key, `s${field.slice(1)}`, cell.sum); // c|e|d -> s|e|d
      if (!isHistogramField(field)) events += cell.count;
    }
    if (this.retentionSeconds > 0) multi.expire(key, this.retentionSeconds);
    try {
      const results = await withTimeout(multi.exec(), this.operationTimeoutMs, 'metric counters');
      if (!results || results.some(([error]) => error)) throw new Error('metric counter transaction failed');
      this.writtenEvents += events;
    } catch {
      this.failedFlushes++;
      this.mergeBack(day, cells);
    }
  }

  private mergeBack(day: string, cells: Map<string, Cell>): void {
    let target = this.pending.get(day);
    if (!target) this.pending.set(day, (target = new Map()));
    for (const [field, cell] of cells) {
      const current = target.get(field);
      if (!current) {
        target.set(field, cell);
        if (!isHistogramField(field)) this.pendingCells++;
        continue;
      }
      current.count += cell.count;
      current.sum += cell.sum;
      current.hasSum ||= cell.hasSum;
    }
  }
}
