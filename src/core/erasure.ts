import { randomBytes } from 'node:crypto';
import { PrivacyError } from './errors';
import type { DataSubject } from './subject';

/** What an erasure did: a pseudonymous proof that can be shown to the person who asked. */
export interface ErasureReceipt {
  /** Short code the person can quote; also the id of the stored proof. */
  readonly confirmationCode: string;
  /** Pseudonymous digest of the subject (never the raw id). */
  readonly subjectDigest: string;
  /** ISO 8601 time the erasure finished. */
  readonly erasedAt: string;
  /** How many stored items existed and were removed. 0 for an unknown subject. */
  readonly keysRemoved: number;
  /**
   * True when a re-check after the erasure found nothing left that names the subject: no item, no index,
   * no entry in a shared listing or lookup.
   */
  readonly verified: boolean;
  /**
   * True when the erasure reached the durability its store was configured for (e.g. acknowledged by a
   * Redis replica); always true for stores configured without one. Tell the person their data is deleted
   * only when this and {@link verified} are true.
   */
  readonly durable: boolean;
}

/**
 * An erasure that was applied but did not reach the configured durability in time (e.g. no replica
 * acknowledged it): a failover could still bring the data back, so the person must not be told it is
 * deleted. Retrying the erasure is safe. The message names no user.
 */
export class ErasureNotDurableError extends PrivacyError {
  constructor(
    /** What the erasure did; `durable` is false. */
    readonly receipt: ErasureReceipt,
    durability: string,
  ) {
    super(
      `Erasure ${receipt.confirmationCode} was applied but not confirmed as durable (${durability}) in time.`,
    );
  }
}

/** A store that can erase everything it holds for one data subject. */
export interface SubjectErasure {
  /** Erases everything held for `subject` and says what was removed (never who). */
  eraseSubject(subject: DataSubject): Promise<ErasureReceipt>;
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A 12-character confirmation code without ambiguous characters (no 0/O, 1/I). */
export function newConfirmationCode(): string {
  const bytes = randomBytes(12);
  let code = '';
  for (const byte of bytes) code += CODE_ALPHABET[byte % CODE_ALPHABET.length];
  return code;
}

/**
 * One erasure over several stores (e.g. in-memory state, history and consent stores that do not share a
 * keyspace): erases each in turn and returns one receipt (the first store's code, summed counts,
 * verified and durable only if every store says so). A store that fails fails the whole erasure.
 */
export function combineErasures(erasers: readonly SubjectErasure[]): SubjectErasure {
  if (erasers.length === 1) return erasers[0];
  return {
    async eraseSubject(subject: DataSubject): Promise<ErasureReceipt> {
      const receipts: ErasureReceipt[] = [];
      for (const eraser of erasers) receipts.push(await eraser.eraseSubject(subject));
      return {
        ...receipts[0],
        keysRemoved: receipts.reduce((sum, r) => sum + r.keysRemoved, 0),
        verified: receipts.every((r) => r.verified),
        durable: receipts.every((r) => r.durable),
      };
    },
  };
}

/** A fresh receipt for an erasure that has just finished (new confirmation code, current time). */
export function erasureReceipt(
  subjectDigest: string,
  keysRemoved: number,
  verified: boolean,
  durable = true,
): ErasureReceipt {
  return {
    confirmationCode: newConfirmationCode(),
    subjectDigest,
    erasedAt: new Date().toISOString(),
    keysRemoved,
    verified,
    durable,
  };
}
