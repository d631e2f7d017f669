import type { PrivacyRequest } from '../core/requests/privacy-request';
import type { PrivacyRequestStore } from '../core/requests/privacy-request-store';

/**
 * Privacy requests in process memory (memory mode and tests), as RedisPrivacyRequestStore keeps them in
 * Redis. Requests end with the process.
 */
export class MemoryPrivacyRequestStore implements PrivacyRequestStore {
  private readonly requests = new Map<string, string>();
  private readonly inputs = new Map<string, string>();
  private readonly outcomeMaps = new Map<string, Map<number, string>>();
  private readonly results = new Map<string, { value: readonly string[]; expiresAt: number }>();
  private readonly leases = new Map<string, { holder: string; expiresAt: number }>();
  private readonly now: () => number;

  constructor(options: { now?: () => number } = {}) {
    this.now = options.now ?? Date.now;
  }

  async create(request: PrivacyRequest, sealedInput: string): Promise<void> {
    this.requests.set(request.id, JSON.stringify(request));
    this.inputs.set(request.id, sealedInput);
  }

  async save(request: PrivacyRequest): Promise<void> {
    this.requests.set(request.id, JSON.stringify(request));
  }

  async get(id: string): Promise<PrivacyRequest | undefined> {
    const json = this.requests.get(id);
    return json === undefined ? undefined : (JSON.parse(json) as PrivacyRequest);
  }

  async list(): Promise<PrivacyRequest[]> {
    return [...this.requests.values()].map((json) => JSON.parse(json) as PrivacyRequest);
  }

  async readInput(id: string): Promise<string | undefined> {
    return this.inputs.get(id);
  }

  async writeInput(id: string, sealedInput: string): Promise<void> {
    this.inputs.set(id, sealedInput);
  }

  async recordOutcome(id: string, index: number, sealedOutcome: string): Promise<void> {
    let outcomes = this.outcomeMaps.get(id);
    if (!outcomes) this.outcomeMaps.set(id, (outcomes = new Map()));
    outcomes.set(index, sealedOutcome);
  }

  async outcomes(id: string): Promise<Map<number, string>> {
    return new Map(this.outcomeMaps.get(id));
  }

  async saveResult(
    id: string,
    ttlSeconds: number,
    write: (append: (sealedChunk: string) => Promise<void>) => Promise<void>,
  ): Promise<void> {
    const chunks: string[] = [];
    await write(async (chunk) => void chunks.push(chunk));
    this.results.set(id, { value: chunks, expiresAt: this.now() + ttlSeconds * 1000 });
  }

  async takeResult(id: string): Promise<AsyncIterable<string> | undefined> {
    const result = this.results.get(id);
    this.results.delete(id);
    if (!result || result.expiresAt <= this.now()) return undefined;
    const chunks = result.value;
    return (async function* () {
      yield* chunks;
    })();
  }

  async dropWorkingData(id: string): Promise<void> {
    this.inputs.delete(id);
    this.outcomeMaps.delete(id);
  }

  async claim(id: string, holder: string, ttlMs: number): Promise<boolean> {
    const lease = this.leases.get(id);
    if (lease && lease.holder !== holder && lease.expiresAt > this.now()) return false;
    this.leases.set(id, { holder, expiresAt: this.now() + ttlMs });
    return true;
  }

  async release(id: string, holder: string): Promise<void> {
    if (this.leases.get(id)?.holder === holder) this.leases.delete(id);
  }
}
