import { ConfigurationError } from '../core/errors';
import type { BucketedMetricEvent, BufferedMetricSink } from '../core/metrics/metric-sink';
import { DEFAULT_OPERATION_TIMEOUT_MS, withTimeout, type RedisClient } from '../storage/redis-client';
import { RedisScript } from '../storage/redis-script';
import {
  countField,
  isHistogramField,
  LATENCY_EVENT,
  latencyBucketField,
  METRIC_DROPPED_EVENT,
  metricCounterKey,
  sumFieldOf,
} from './counter-layout';

/**
 * Options of {@link RedisMetricCounters}: the Redis client, the key prefix and the bounds on fields per day.
 */
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
  /**
   * Bound on the fields of one day's hash, enforced inside Redis so several processes sharing it keep
   * to it too. A cell that would need a new field past it is not written; its events are counted in
   * `c|metrics.dropped|field_cap` instead (that field and `c|metrics.dropped|pending_cap` are always
   * written, as are the latency histogram's dozen `h|turn|<bound>` fields, so a day holds at most this
   * many fields plus those fourteen). Default 2000.
   */
  maxFieldsPerDay?: number;
  /** Bound on one write to Redis. Default 2000 ms. */
  operationTimeoutMs?: number;
}

/** What the counters did since they were created. */
export interface RedisMetricCountersStats {
  /** Counter cells waiting to be written (plus at most a dozen latency histogram cells per day). */
  pendingCells: number;
  /** Events whose counts reached Redis. */
  writtenEvents: number;
  /** Events dropped because too many cells were pending (counted in `c|metrics.dropped|pending_cap`). */
  droppedEvents: number;
  /** Events Redis did not count under their own field because the day's hash was full (`field_cap`). */
  cappedEvents: number;
  /** Writes that failed and were kept for the next flush. */
  failedFlushes: number;
}

interface Cell {
  count: number;
  sum: number;
  hasSum: boolean;
}

/**
 * Writes one day's cells within the field cap. KEYS[1] the day's hash. ARGV: cap, TTL seconds (0: none),
 * field_cap field, pending_cap field, events dropped while pending, then per cell: count field, count,
 * sum field ('' when none), sum. Histogram fields (`h|...`, a fixed dozen) are always written. Returns
 * the events not written because the hash was full.
 */
const WRITE_DAY = new RedisScript(`
local key = KEYS[1]
local cap = tonumber(ARGV[1])
local size = redis.call('HLEN', key)
local capped = 0
for i = 6, #ARGV, 4 do
  local countField, count, sumField, sum = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  local needed = 1 - redis.call('HEXISTS', key, countField)
  if sumField ~= '' then needed = needed + 1 - redis.call('HEXISTS', key, sumField) end
  if needed == 0 or size + needed <= cap or string.sub(countField, 1, 2) == 'h|' then
    redis.call('HINCRBY', key, countField, count)
    if sumField ~= '' then redis.call('HINCRBYFLOAT', key, sumField, sum) end
    size = size + needed
  else
    capped = capped + tonumber(count)
  end
end
if capped > 0 then redis.call('HINCRBY', key, ARGV[3], capped) end
if tonumber(ARGV[5]) > 0 then redis.call('HINCRBY', key, ARGV[4], ARGV[5]) end
if tonumber(ARGV[2]) > 0 then redis.call('EXPIRE', key, ARGV[2]) end
return capped
`);

/**
 * Anonymous daily counters in Redis that survive erasure (see `counter-layout.ts` for the keys).
 *
 * `accept` only adds to an in-memory table; a timer started with the counters (not by a turn) writes the
 * table every `flushIntervalMs` with one script per day (HINCRBY/HINCRBYFLOAT within the day's field
 * cap, `maxFieldsPerDay`), so no turn ever waits on Redis. While the client is not connected nothing is
 * sent and counts stay pending. A failed write is merged back and retried at the next flush (a write
 * that timed out but was applied late can then be counted twice: counts are at-least-once while Redis
 * misbehaves).
 *
 * `turn` events also fill a small fixed-bucket latency histogram per day (`h|turn|<bound>` fields), from
 * which the insights report estimates p50/p95/p99. Those dozen fields are not held to the field cap.
 */
export class RedisMetricCounters implements BufferedMetricSink {
  /** The key prefix of the counters (read them with `readMetricCounterDays`). */
  readonly prefix: string;
  private readonly redis: RedisClient;
  private readonly retentionSeconds: number;
  private readonly maxPendingCells: number;
  private readonly maxFieldsPerDay: number;
  private readonly operationTimeoutMs: number;
  /** Events dropped per day while too many cells were pending, not yet written to Redis. */
  private pendingDrops = new Map<string, number>();
  private cappedEvents = 0;
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
    this.maxFieldsPerDay = options.maxFieldsPerDay ?? 2000;
    if (!(Number.isInteger(this.maxFieldsPerDay) && this.maxFieldsPerDay > 0)) {
      throw new ConfigurationError('maxFieldsPerDay must be a positive whole number.');
    }
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
        this.pendingDrops.set(dayOfEvent, (this.pendingDrops.get(dayOfEvent) ?? 0) + 1);
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

  /** What the counters wrote, hold and dropped since they were created. */
  stats(): RedisMetricCountersStats {
    return {
      pendingCells: this.pendingCells,
      writtenEvents: this.writtenEvents,
      droppedEvents: this.droppedEvents,
      cappedEvents: this.cappedEvents,
      failedFlushes: this.failedFlushes,
    };
  }

  private async writePending(): Promise<void> {
    if (this.pending.size === 0 && this.pendingDrops.size === 0) return;
    if (!(await this.ready())) {
      // Not sent at all: a command left in ioredis' offline queue could run after we gave up on it.
      this.failedFlushes++;
      return;
    }
    const batch = this.pending;
    const drops = this.pendingDrops;
    this.pending = new Map();
    this.pendingDrops = new Map();
    this.pendingCells = 0;
    const days = new Set([...batch.keys(), ...drops.keys()]);
    await Promise.all(
      [...days].map((day) => this.writeDay(day, batch.get(day) ?? new Map(), drops.get(day) ?? 0)),
    );
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

  private async writeDay(day: string, cells: Map<string, Cell>, pendingDrops: number): Promise<void> {
    const args: Array<string | number> = [
      this.maxFieldsPerDay,
      this.retentionSeconds,
      countField(METRIC_DROPPED_EVENT, 'field_cap'),
      countField(METRIC_DROPPED_EVENT, 'pending_cap'),
      pendingDrops,
    ];
    let events = 0;
    for (const [field, cell] of cells) {
      // histogram cells (h|...) carry no sum
      args.push(field, cell.count, cell.hasSum ? sumFieldOf(field) : '', cell.hasSum ? String(cell.sum) : 0);
      if (!isHistogramField(field)) events += cell.count;
    }
    try {
      const capped = await withTimeout(
        WRITE_DAY.run(this.redis, [metricCounterKey(this.prefix, day)], args),
        this.operationTimeoutMs,
        'metric counters',
      );
      const cappedEvents = Number(capped) || 0;
      this.cappedEvents += cappedEvents;
      this.writtenEvents += events - cappedEvents;
    } catch {
      // Redis unreachable: counted, and the cells go back to pending for the next flush (bounded).
      this.failedFlushes++;
      this.mergeBack(day, cells);
      if (pendingDrops > 0) this.pendingDrops.set(day, (this.pendingDrops.get(day) ?? 0) + pendingDrops);
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
