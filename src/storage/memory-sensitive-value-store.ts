import { assertValidPurposeId } from '../core/consent/purpose';
import type { SubjectDataSection } from '../core/data-export';
import { ConfigurationError } from '../core/errors';
import { erasureReceipt, type ErasureReceipt, type SubjectErasure } from '../core/erasure';
import type { EnvelopeCipher } from '../core/sensitive/envelope-cipher';
import { assertValidSubject, SubjectDigester, type DataSubject } from '../core/subject';
import { markErasedInCurrentTurn, mayWriteAtEpoch, rememberEpoch } from '../core/subject-scope';
import {
  checkSensitiveSave,
  sensitiveSection,
  sensitiveValueContext,
  type SensitiveValueOptions,
  type SensitiveValueStore,
} from '../core/sensitive/sensitive-value-store';

/**
 * An in-process {@link SensitiveValueStore} with the same rules as the Redis one (values are encrypted
 * in memory too, so both behave alike). Erase a subject with {@link MemorySensitiveValueStore.eraseSubject}.
 */
export class MemorySensitiveValueStore implements SensitiveValueStore, SubjectErasure {
  private readonly values = new Map<string, Map<string, { envelope: string; expiresAt: number }>>();
  private readonly epochs = new Map<string, number>();
  private readonly digester: SubjectDigester;
  private readonly cipher: EnvelopeCipher;

  constructor(options: { cipher: EnvelopeCipher; subjectSecret?: string }) {
    if (!options?.cipher)
      throw new ConfigurationError('MemorySensitiveValueStore needs `cipher` (an EnvelopeCipher).');
    this.cipher = options.cipher;
    this.digester = new SubjectDigester(options.subjectSecret ?? process.env.PRIVACY_SUBJECT_SECRET);
  }

  async save(
    subject: DataSubject,
    purposeId: string,
    value: string,
    options: SensitiveValueOptions,
  ): Promise<void> {
    const ttlMs = checkSensitiveSave(purposeId, value, options);
    const digest = this.digester.digest(subject);
    if (!mayWriteAtEpoch(digest, String(this.epochs.get(digest) ?? 0))) return;
    let stored = this.values.get(digest);
    if (!stored) this.values.set(digest, (stored = new Map()));
    const envelope = this.cipher.encrypt(value, sensitiveValueContext(digest, purposeId));
    stored.set(purposeId, { envelope, expiresAt: Date.now() + ttlMs });
  }

  async get(subject: DataSubject, purposeId: string): Promise<string | undefined> {
    assertValidPurposeId(purposeId);
    const digest = this.digester.digest(subject);
    rememberEpoch(digest, String(this.epochs.get(digest) ?? 0));
    const stored = this.values.get(digest);
    const entry = stored?.get(purposeId);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      stored?.delete(purposeId);
      return undefined;
    }
    return this.cipher.decrypt(entry.envelope, sensitiveValueContext(digest, purposeId));
  }

  async deleteForPurpose(subject: DataSubject, purposeId: string): Promise<void> {
    assertValidPurposeId(purposeId);
    this.values.get(this.digester.digest(subject))?.delete(purposeId);
  }

  /** Masked: one `sensitive` section per purpose holding a value, with its expiry; never the value. */
  async exportSubject(subject: DataSubject): Promise<SubjectDataSection[]> {
    const stored = this.values.get(this.digester.digest(subject));
    const now = Date.now();
    return [...(stored ?? [])]
      .filter(([, entry]) => entry.expiresAt > now)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([purposeId, entry]) => sensitiveSection(purposeId, entry.expiresAt));
  }

  async eraseSubject(subject: DataSubject): Promise<ErasureReceipt> {
    assertValidSubject(subject);
    const digest = this.digester.digest(subject);
    markErasedInCurrentTurn(digest);
    const removed = this.values.get(digest)?.size ?? 0;
    this.values.delete(digest);
    this.epochs.set(digest, (this.epochs.get(digest) ?? 0) + 1);
    return erasureReceipt(digest, removed, !this.values.has(digest));
  }
}
