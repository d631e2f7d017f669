import { PrivacyError } from './errors';

/** What the privacy layer was doing for a person when something failed. */
export type PrivacyOperation =
  'erasure' | 'export' | 'consent' | 'tax_id' | 'payment' | 'withdrawal' | 'privacy_center_link' | 'handover';

/** What an error handler learns besides the error: never who, never what they sent. */
export interface PrivacyErrorInfo {
  /** What the privacy layer was doing. */
  readonly operation: PrivacyOperation;
  /** Where the request came from, e.g. `menu` or `delete_user_data` (the metric dimension). */
  readonly source?: string;
  /** The channel of the turn, e.g. `facebook`. */
  readonly channel?: string;
}

/**
 * Told about every failure the privacy layer handled for a person (they were told plainly, the turn
 * carried on): log it, alert on it. Runs synchronously inside the turn; a throw is ignored.
 */
export type PrivacyErrorHandler = (error: Error, info: PrivacyErrorInfo) => void;

/**
 * A failure of a store or callback, described without what it carried. Errors of other libraries can
 * hold keys, commands and values (an ioredis error lists the command's arguments), so the handler gets
 * this instead: the operation, the original error's name and code, and no message text from it.
 */
export class OperationFailedError extends PrivacyError {
  /** Name of the original error, e.g. `StorageUnavailableError`, `ReplyError`, `TypeError`. */
  readonly causeName: string;
  /** The original error's `code` when it is a short token, e.g. `ECONNREFUSED`. */
  readonly code?: string;

  constructor(operation: PrivacyOperation, cause: unknown) {
    const causeName = cause instanceof Error ? cause.name : typeof cause;
    const code = (cause as { code?: unknown } | undefined)?.code;
    const safeCode = typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? code : undefined;
    super(`The ${operation} failed (${causeName}${safeCode ? ` ${safeCode}` : ''}).`);
    this.causeName = causeName;
    if (safeCode) this.code = safeCode;
  }
}

/**
 * The error to hand to a {@link PrivacyErrorHandler}: this library's own errors as they are (their
 * messages never carry ids or values), anything else as an {@link OperationFailedError}.
 */
export function errorWithoutPersonalData(error: unknown, operation: PrivacyOperation): Error {
  return error instanceof PrivacyError ? error : new OperationFailedError(operation, error);
}
