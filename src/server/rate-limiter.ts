import { ConfigurationError } from '../core/errors';

export interface RateLimiterOptions {
  /** Requests allowed per key and window. */
  limit: number;
  windowMs: number;
  /** Keys tracked at most; the oldest window is dropped first. Bounds memory. Default 10 000. */
  maxKeys?: number;
  /** Clock (tests). */
  now?: () => number;
}

/**
 * A fixed-window request counter per key, in process, with bounded memory: at most `maxKeys` windows are
 * kept (insertion order = window start order, so the oldest is dropped first). Keys should be digests,
 * never ids or tokens in clear.
 */
export class FixedWindowRateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(options: RateLimiterOptions) {
    const { limit, windowMs } = options;
    const maxKeys = options.maxKeys ?? 10_000;
    if (!Number.isInteger(limit) || limit < 1)
      throw new ConfigurationError('limit must be a whole number, at least 1.');
    if (!Number.isFinite(windowMs) || windowMs < 1)
      throw new ConfigurationError('windowMs must be positive.');
    if (!Number.isInteger(maxKeys) || maxKeys < 1)
      throw new ConfigurationError('maxKeys must be a whole number, at least 1.');
    this.limit = limit;
    this.windowMs = windowMs;
    this.maxKeys = maxKeys;
    this.now = options.now ?? Date.now;
  }

  /** Counts one request; `allowed: false` with the seconds to wait once the key is over its limit. */
  take(key: string): { allowed: boolean; retryAfterSeconds: number } {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      this.windows.delete(key); // re-inserted last: the map stays ordered by window start
      window = { start: now, count: 0 };
      this.windows.set(key, window);
      while (this.windows.size > this.maxKeys) this.windows.delete(this.windows.keys().next().value!);
    }
    window.count += 1;
    const retryAfterSeconds = Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000));
    return { allowed: window.count <= this.limit, retryAfterSeconds };
  }

  /** How many keys are tracked (bounded by `maxKeys`). */
  get size(): number {
    return this.windows.size;
  }
}
