import { ConfigurationError } from '../core/errors';

/** How long a keyspace keeps what an erasure leaves: its proof and the tombstone that stops write-backs. */
export interface ErasureRecordTtls {
  readonly proofSeconds: number;
  readonly tombstoneSeconds: number;
}

const DEFAULT_PROOF_TTL_SECONDS = 400 * 24 * 3600;
const DEFAULT_TOMBSTONE_TTL_SECONDS = 24 * 3600;

/**
 * A keyspace's `erasureProofTtlSeconds` / `tombstoneTtlSeconds` options with their defaults (400 days, 1 day),
 * the same for memory and Redis; throws ConfigurationError unless each is a whole number of seconds, at least 1.
 */
export function erasureRecordTtls(options: {
  erasureProofTtlSeconds?: number;
  tombstoneTtlSeconds?: number;
}): ErasureRecordTtls {
  return {
    proofSeconds: checkSeconds(options.erasureProofTtlSeconds, DEFAULT_PROOF_TTL_SECONDS),
    tombstoneSeconds: checkSeconds(options.tombstoneTtlSeconds, DEFAULT_TOMBSTONE_TTL_SECONDS),
  };
}

function checkSeconds(value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new ConfigurationError(
      'Erasure proof and tombstone TTLs must be whole numbers of seconds, at least 1.',
    );
  }
  return value;
}
