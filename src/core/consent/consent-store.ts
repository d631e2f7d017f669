import { isConsentReceipt, type ConsentReceipt } from './consent-receipt';
import type { SubjectDataSection, SubjectDataSource } from '../data-export';
import { ConfigurationError } from '../errors';
import type { DataSubject } from '../subject';

/**
 * Where consent receipts are kept, per data subject. Receipts belong to their subject: erasing the
 * subject removes them.
 *
 * Every method rejects with StorageUnavailableError when the backing store cannot answer, so a consent
 * gate can fail closed (treat the purpose as not granted) instead of assuming consent. As a
 * SubjectDataSource it hands the receipts to *My data* (one `consent` section per receipt).
 */
export interface ConsentStore extends SubjectDataSource {
  /** Every receipt stored for the subject, in no particular order; empty when there are none. */
  list(subject: DataSubject): Promise<ConsentReceipt[]>;
  /**
   * Stores a receipt, replacing any earlier version with the same `receiptId`. A receipt whose
   * `subjectDigest` is not the subject's is refused with ConfigurationError (a different subject secret,
   * or the wrong subject). A save from a turn that raced an erasure of the subject is dropped.
   */
  save(subject: DataSubject, receipt: ConsentReceipt): Promise<void>;
  /** The subject's pseudonymous digest as this store computes it: use it for `ConsentContext.subjectDigest`. */
  subjectDigest(subject: DataSubject): string;
}

/** The export sections of a subject's receipts: one `consent` section per receipt, oldest first. */
export function consentSections(receipts: readonly ConsentReceipt[]): SubjectDataSection[] {
  return [...receipts]
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.purposeId.localeCompare(b.purposeId))
    .map((receipt) => ({ kind: 'consent', label: `consent/${receipt.purposeId}`, data: receipt }));
}

const RECEIPT_ID_PATTERN = /^[A-Za-z0-9-]{1,64}$/;

/**
 * Checks a receipt before a store saves it for the subject with digest `digest`.
 * @throws ConfigurationError when it is not a receipt or belongs to another subject digest.
 */
export function checkReceiptForSave(receipt: ConsentReceipt, digest: string): void {
  if (!isConsentReceipt(receipt) || !RECEIPT_ID_PATTERN.test(receipt.receiptId)) {
    throw new ConfigurationError(
      'Consent store: only receipts made by createConsentReceipt/recordConsent can be saved.',
    );
  }
  if (receipt.subjectDigest !== digest) {
    throw new ConfigurationError(
      'Consent store: the receipt was made for another subject digest (wrong subject, or a different subject secret).',
    );
  }
}
