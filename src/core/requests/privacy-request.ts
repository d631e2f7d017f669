import { randomBytes } from 'node:crypto';
import { PrivacyError } from '../errors';

/**
 * A privacy request (data-subject request) an operator files for people outside the chat: what it asks,
 * when it is due (GDPR Art. 12(3): one month, extendable with a reason), where it stands, and what came of
 * it. The record names people only by their pseudonymous digests, so it survives the erasure it records.
 */

/** What the request asks for. (Its status is read with GET, not filed.) */
export type PrivacyRequestKind = 'export' | 'erase';

/** Where a request stands. */
export type PrivacyRequestState =
  'received' | 'awaiting_confirmation' | 'in_progress' | 'completed' | 'failed' | 'refused';

/** How the person's identity is checked: `none` (the operator did), or `in_chat` (they confirm in their chat). */
export type PrivacyRequestVerification = 'none' | 'in_chat';

/** A due date moved later, with the reason the person must be told (Art. 12(3)). */
export interface DueDateExtension {
  /** ISO 8601 time the extension was recorded. */
  readonly at: string;
  /** Why, as the person is told. */
  readonly reason: string;
  /** The new due date. */
  readonly dueAt: string;
}

/** What was done, in counts (never who). */
export interface PrivacyRequestSummary {
  /** Subjects handled (erased or exported). */
  readonly subjects: number;
  /** Stored items removed (erasure). */
  readonly itemsRemoved?: number;
  /** Every erasure was re-checked and found nothing left (erasure). */
  readonly verified?: boolean;
  /** Every erasure reached its configured durability (erasure). */
  readonly durable?: boolean;
  /** App-scoped ids that no conversation of the bot could be linked to. */
  readonly notLinked?: number;
}

/** The result file's availability: downloadable once, until it expires. */
export interface PrivacyRequestResultInfo {
  /** ISO 8601 time after which it is gone. */
  readonly expiresAt: string;
  /** ISO 8601 time it was downloaded (it is then gone). */
  readonly downloadedAt?: string;
}

/** One request as the store keeps it: no raw id, only digests. */
export interface PrivacyRequest {
  /** `req_` and 20 random characters. */
  readonly id: string;
  /** What it asks for. */
  readonly kind: PrivacyRequestKind;
  /** Where it stands. */
  readonly state: PrivacyRequestState;
  /** How the person's identity is checked. */
  readonly verify: PrivacyRequestVerification;
  /** ISO 8601 time it was filed. */
  readonly receivedAt: string;
  /** ISO 8601 time it is due: one month after it was received, or later when extended. */
  readonly dueAt: string;
  /** ISO 8601 time of its last change. */
  readonly updatedAt: string;
  /** ISO 8601 time it finished (completed, failed or refused). */
  readonly completedAt?: string;
  /** Every extension of the due date, oldest first. */
  readonly extensions: readonly DueDateExtension[];
  /** Subjects and app-scoped ids the operator named. */
  readonly requested: number;
  /** Digests of the subjects the request covers, once known (app-scoped ids are resolved when it starts). */
  readonly subjectDigests: readonly string[];
  /** Subjects handled so far. */
  readonly done: number;
  /** The operator's note, sealed (it may hold a ticket number or a name; never stored in plaintext). */
  readonly sealedNote?: string;
  /** Why it was refused (told to the person). */
  readonly refusalReason?: string;
  /** Why it failed (no personal data: an error kind and message of this library). */
  readonly failureReason?: string;
  /** When an `in_chat` confirmation expires (the request is then refused). */
  readonly confirmationExpiresAt?: string;
  /** What was done, once finished. */
  readonly summary?: PrivacyRequestSummary;
  /** The result file, when one was kept. */
  readonly result?: PrivacyRequestResultInfo;
}

/** A move the request model does not allow (e.g. extending a completed request). */
export class PrivacyRequestTransitionError extends PrivacyError {}

/** The states a request can move to from each state. */
const TRANSITIONS: Readonly<Record<PrivacyRequestState, readonly PrivacyRequestState[]>> = {
  received: ['in_progress', 'awaiting_confirmation', 'refused', 'failed', 'completed'],
  awaiting_confirmation: ['received', 'in_progress', 'refused'],
  in_progress: ['completed', 'failed'],
  completed: [],
  failed: [],
  refused: [],
};

/** True for the states a request never leaves. */
export function isFinished(state: PrivacyRequestState): boolean {
  return TRANSITIONS[state].length === 0;
}

/** Every state, in the order a request passes through them. */
export const PRIVACY_REQUEST_STATES: readonly PrivacyRequestState[] = Object.keys(
  TRANSITIONS,
) as PrivacyRequestState[];

/** How long a person has to confirm in their chat, and how long a result can be downloaded. */
export const CONFIRMATION_DAYS = 7;
export const RESULT_DAYS = 7;
/** Art. 12(3): one month, plus at most two more. */
const MAX_EXTENSION_MONTHS = 2;

/** A new request id: `req_` and 20 characters of base32 (no personal data, unguessable). */
export function newPrivacyRequestId(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  let id = 'req_';
  for (const byte of randomBytes(20)) id += alphabet[byte % alphabet.length];
  return id;
}

/** True for a string shaped like {@link newPrivacyRequestId}'s ids (checked before any store lookup). */
export function isPrivacyRequestId(value: unknown): value is string {
  return typeof value === 'string' && /^req_[a-z2-9]{20}$/.test(value);
}

/**
 * `time` plus whole calendar months, in UTC, clamped to the month's last day (31 January + 1 month =
 * 28/29 February), as Art. 12(3) deadlines are counted.
 */
export function addMonths(time: Date, months: number): Date {
  const day = time.getUTCDate();
  const result = new Date(time.getTime());
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}

/** A fresh request, `received` now and due one month later. */
export function newPrivacyRequest(fields: {
  kind: PrivacyRequestKind;
  verify: PrivacyRequestVerification;
  requested: number;
  subjectDigests: readonly string[];
  sealedNote?: string;
  now: Date;
  id?: string;
}): PrivacyRequest {
  const at = fields.now.toISOString();
  return {
    id: fields.id ?? newPrivacyRequestId(),
    kind: fields.kind,
    state: 'received',
    verify: fields.verify,
    receivedAt: at,
    dueAt: addMonths(fields.now, 1).toISOString(),
    updatedAt: at,
    extensions: [],
    requested: fields.requested,
    subjectDigests: [...fields.subjectDigests],
    done: 0,
    ...(fields.sealedNote ? { sealedNote: fields.sealedNote } : {}),
  };
}

/**
 * The request in state `to`, with `changes`; throws {@link PrivacyRequestTransitionError} for a move the
 * model does not allow.
 */
export function moveTo(
  request: PrivacyRequest,
  to: PrivacyRequestState,
  now: Date,
  changes: Partial<Omit<PrivacyRequest, 'id' | 'kind' | 'state'>> = {},
): PrivacyRequest {
  if (!TRANSITIONS[request.state].includes(to)) {
    throw new PrivacyRequestTransitionError(`A request that is ${request.state} cannot become ${to}.`);
  }
  const at = now.toISOString();
  return {
    ...request,
    ...changes,
    state: to,
    updatedAt: at,
    ...(isFinished(to) ? { completedAt: at } : {}),
  };
}

/** Refuses a request that has not started, with the reason the person will be told. */
export function refuse(request: PrivacyRequest, reason: string, now: Date): PrivacyRequest {
  if (request.state !== 'received' && request.state !== 'awaiting_confirmation') {
    throw new PrivacyRequestTransitionError(
      `Only a request that has not started can be refused; this one is ${request.state}.`,
    );
  }
  return moveTo(request, 'refused', now, { refusalReason: requiredReason(reason) });
}

/**
 * Moves the due date `months` later (1 or 2 in all, Art. 12(3)), recording the reason. Only an open
 * request can be extended.
 */
export function extendDueDate(
  request: PrivacyRequest,
  reason: string,
  months: number,
  now: Date,
): PrivacyRequest {
  if (isFinished(request.state)) {
    throw new PrivacyRequestTransitionError(`A ${request.state} request cannot be extended.`);
  }
  const used = monthsExtended(request);
  if (!Number.isInteger(months) || months < 1 || used + months > MAX_EXTENSION_MONTHS) {
    throw new PrivacyRequestTransitionError(
      `A due date can be extended by at most ${MAX_EXTENSION_MONTHS} months in all (${used} used).`,
    );
  }
  const dueAt = addMonths(new Date(request.receivedAt), 1 + used + months).toISOString();
  return {
    ...request,
    dueAt,
    updatedAt: now.toISOString(),
    extensions: [...request.extensions, { at: now.toISOString(), reason: requiredReason(reason), dueAt }],
  };
}

function monthsExtended(request: PrivacyRequest): number {
  const received = new Date(request.receivedAt);
  let months = 0;
  while (months < MAX_EXTENSION_MONTHS && addMonths(received, 1 + months).toISOString() < request.dueAt)
    months++;
  return months;
}

function requiredReason(reason: unknown): string {
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (text.length === 0 || text.length > 500) {
    throw new PrivacyRequestTransitionError('A reason of 1 to 500 characters is required.');
  }
  return text;
}

/** True when an open request is past its due date. */
export function isOverdue(request: PrivacyRequest, now: Date): boolean {
  return !isFinished(request.state) && request.dueAt < now.toISOString();
}

/** The operator's order: overdue first, then open requests by due date, then finished ones, newest first. */
export function operatorOrder(requests: readonly PrivacyRequest[], now: Date): PrivacyRequest[] {
  const rank = (r: PrivacyRequest) => (isOverdue(r, now) ? 0 : isFinished(r.state) ? 2 : 1);
  return [...requests].sort((a, b) => {
    const byRank = rank(a) - rank(b);
    if (byRank !== 0) return byRank;
    if (rank(a) === 2) return b.receivedAt.localeCompare(a.receivedAt);
    return a.dueAt.localeCompare(b.dueAt);
  });
}
