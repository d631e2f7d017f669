import type { PrivacyRequest } from './privacy-request';

/**
 * Where privacy requests are kept: the records (digests only, kept after the request ends), and while a
 * request runs, its sealed working data (the raw ids, per-subject progress) and, after it, its sealed
 * result. Everything sealed is opaque text here (an envelope of {@link EnvelopeCipher}); the store never
 * sees a raw id. Implementations: MemoryPrivacyRequestStore, RedisPrivacyRequestStore.
 */
export interface PrivacyRequestStore {
  /** Saves a new request with its sealed input (the raw ids). */
  create(request: PrivacyRequest, sealedInput: string): Promise<void>;
  /** Overwrites a request's record. */
  save(request: PrivacyRequest): Promise<void>;
  /** One request's record, or undefined. */
  get(id: string): Promise<PrivacyRequest | undefined>;
  /** Every request, in no particular order. */
  list(): Promise<PrivacyRequest[]>;

  /** The sealed input (undefined once dropped). */
  readInput(id: string): Promise<string | undefined>;
  /** Replaces the sealed input (e.g. once app-scoped ids are resolved to subjects). */
  writeInput(id: string, sealedInput: string): Promise<void>;

  /** Records the sealed outcome of the subject at `index` (idempotent: the same index overwrites). */
  recordOutcome(id: string, index: number, sealedOutcome: string): Promise<void>;
  /** Every outcome recorded so far, by subject index. */
  outcomes(id: string): Promise<Map<number, string>>;

  /**
   * Keeps the sealed result for `ttlSeconds`, as a list of sealed chunks in order (so a large export is
   * never one string): `write` appends them. Published only when `write` resolves, replacing an earlier
   * result of the request; when it rejects, nothing of it is kept and the error is passed on.
   */
  saveResult(
    id: string,
    ttlSeconds: number,
    write: (append: (sealedChunk: string) => Promise<void>) => Promise<void>,
  ): Promise<void>;
  /**
   * The sealed result's chunks in order, removed in the same step (a second call gets undefined), read a
   * few chunks at a time while they are consumed.
   */
  takeResult(id: string): Promise<AsyncIterable<string> | undefined>;
  /** Drops the input and the outcomes: what named people while the request ran. */
  dropWorkingData(id: string): Promise<void>;

  /**
   * Takes (or renews) the right to run a request for `ttlMs`, so two processes never run it at once; false
   * when another holder has it.
   */
  claim(id: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Gives the right up, if `holder` has it. */
  release(id: string, holder: string): Promise<void>;
}
