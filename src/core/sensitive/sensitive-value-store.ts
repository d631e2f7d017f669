import type { SubjectDataSection, SubjectDataSource } from '../data-export';
import { ConfigurationError } from '../errors';
import { assertValidPurposeId } from '../consent/purpose';
import type { DataSubject } from '../subject';

/** How long a sensitive value is kept. */
export interface SensitiveValueOptions {
  /** Seconds until the value is deleted; required, at most 400 days. Fractions are allowed. */
  readonly ttlSeconds: number;
}

/**
 * Sensitive values (a tax id, card details) kept for one subject and one purpose, encrypted at rest with
 * an {@link EnvelopeCipher} and bound to that subject and purpose. Values belong to their subject: erasing
 * the subject removes them; {@link SensitiveValueStore.deleteForPurpose} removes what was kept for one
 * purpose when its consent is withdrawn. Every method rejects with StorageUnavailableError when the
 * backing store cannot answer. Its *My data* export is masked: which purposes hold a value and until
 * when, never the value itself (see {@link sensitiveSection}).
 */
export interface SensitiveValueStore extends SubjectDataSource {
  /** Encrypts and stores `value`, replacing the purpose's previous value and restarting its TTL. */
  save(subject: DataSubject, purposeId: string, value: string, options: SensitiveValueOptions): Promise<void>;
  /**
   * The decrypted value, or undefined when there is none (never stored, expired, deleted, erased).
   * @throws DecryptionError when the stored value was tampered with or its key is no longer configured.
   */
  get(subject: DataSubject, purposeId: string): Promise<string | undefined>;
  /** Deletes what is kept for the purpose; nothing happens when there is nothing. */
  deleteForPurpose(subject: DataSubject, purposeId: string): Promise<void>;
}

/** What *My data* shows of a kept sensitive value: that it is kept, for what, and until when. */
export interface MaskedSensitiveValue {
  /** The purpose the value is kept for. */
  readonly purpose: string;
  /** Always true: the value itself is never shown. */
  readonly stored: true;
  /** ISO 8601 time the value expires. */
  readonly expires: string;
}

/** The masked export section of one kept value. */
export function sensitiveSection(purposeId: string, expiresAt: number): SubjectDataSection {
  const data: MaskedSensitiveValue = {
    purpose: purposeId,
    stored: true,
    expires: new Date(expiresAt).toISOString(),
  };
  return { kind: 'sensitive', label: `sensitive/${purposeId}`, data };
}

const MAX_TTL_SECONDS = 400 * 24 * 3600;

/** Checks save arguments and returns the TTL in milliseconds. */
export function checkSensitiveSave(purposeId: string, value: string, options: SensitiveValueOptions): number {
  assertValidPurposeId(purposeId);
  if (typeof value !== 'string')
    throw new ConfigurationError('A sensitive value must be a string (JSON-encode objects).');
  const ttl = options?.ttlSeconds;
  if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl <= 0 || ttl > MAX_TTL_SECONDS) {
    throw new ConfigurationError(
      `A sensitive value needs ttlSeconds between 0 and ${MAX_TTL_SECONDS} (400 days).`,
    );
  }
  return Math.max(1, Math.ceil(ttl * 1000));
}

/** Associated data that binds an envelope to its subject and purpose. */
export function sensitiveValueContext(digest: string, purposeId: string): string {
  return `sensitive:${digest}:${purposeId}`;
}
