import { ConfigurationError } from '../core/errors';
import { classifyStateKey, type StateKeyClass } from './key-ownership';

/** Retention of stored state, in seconds; refreshed on every write. Unset means kept until erased. */
export interface StateRetention {
  /** TTL for every state item. */
  defaultSeconds?: number;
  /** TTL per class of botbuilder state key, overriding the default. */
  byKeyClass?: Partial<Record<StateKeyClass, number>>;
}

/** @throws ConfigurationError unless every period is a positive whole number of seconds. */
export function validateRetention(retention: StateRetention): void {
  const values = [retention.defaultSeconds, ...Object.values(retention.byKeyClass ?? {})];
  for (const value of values) {
    if (value !== undefined && (!Number.isInteger(value) || value <= 0)) {
      throw new ConfigurationError('Retention periods must be positive whole numbers of seconds.');
    }
  }
}

/** How long a state item under `key` is kept, in ms (0: until erased). */
export function retentionMs(retention: StateRetention, key: string): number {
  return (retention.byKeyClass?.[classifyStateKey(key)] ?? retention.defaultSeconds ?? 0) * 1000;
}
