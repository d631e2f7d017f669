/**
 * How a data deletion request ended: the person's data was erased (`completed`), no conversation of the
 * bot could be linked to them (`not-linked`: this says nothing about what is held), or it was refused.
 */
export type DeletionOutcome = 'completed' | 'not-linked' | 'refused';

/**
 * What a person can learn about their deletion request from its confirmation code. It holds no user id
 * of any kind: only counts, times and the codes of the per-subject erasure receipts.
 */
export interface DeletionStatus {
  /** The code Meta shows the person; it opens the status page. */
  readonly confirmationCode: string;
  /** Erased, no Messenger user linked to the person, or refused. */
  readonly outcome: DeletionOutcome;
  /** ISO 8601 times. */
  readonly requestedAt: string;
  /** When the erasure ended (ISO 8601). */
  readonly completedAt: string;
  /** How many of the bot's users (page-scoped ids) were linked to the person and erased. */
  readonly subjectsErased: number;
  /** How many stored items were removed. */
  readonly itemsRemoved: number;
  /** True when every erasure was re-checked and found nothing left. */
  readonly verified: boolean;
  /** Confirmation codes of the erasure receipts (one per erased subject). */
  readonly receiptCodes: readonly string[];
  /** Why the deletion was refused, in words meant for the person (only for `refused`). */
  readonly refusalReason?: string;
}

/** Keeps deletion statuses by confirmation code. */
export interface DeletionStatusStore {
  /** Keeps a status under its confirmation code. */
  save(status: DeletionStatus): Promise<void>;
  /** The status with this code, or `undefined` for an unknown or malformed code. */
  get(confirmationCode: string): Promise<DeletionStatus | undefined>;
}

const CODE = /^[A-Z0-9]{1,64}$/;

/** True for strings shaped like a confirmation code (upper-case letters and digits). */
export function isConfirmationCode(code: unknown): code is string {
  return typeof code === 'string' && CODE.test(code);
}
