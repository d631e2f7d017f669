/**
 * The audit trail of privacy operations: one append-only log, kept apart from the people it speaks of, so it
 * survives their erasure. An entry names a subject only by its pseudonymous digest, never an id, a name or a
 * value.
 *
 * The log is fed by construction where the layer is composed (audited erasure, export and consent seams), not
 * by calls sprinkled through dialogs and routes: every path that erases, exports or records consent is audited,
 * and a new path cannot forget it.
 */

/** What happened. */
export type AuditOperation =
  | 'consent.given'
  | 'consent.refused'
  | 'consent.withdrawn'
  | 'export'
  | 'erasure'
  | 'privacy_center.opened'
  | 'request.received'
  | 'request.state_changed'
  | 'secret.rotated';

/** Where it came from: the path a person or an operator took. */
export type AuditOrigin =
  'chat' | 'menu' | 'delete_user_data' | 'facebook_callback' | 'privacy_center' | 'operator' | 'system';

/** What a caller hands to {@link AuditLog.append}. */
export interface AuditEvent {
  readonly operation: AuditOperation;
  readonly origin: AuditOrigin;
  /** The subject's pseudonymous digest, when the operation concerns one person. */
  readonly subjectDigest?: string;
  /** The operator request this belongs to, when there is one. */
  readonly requestId?: string;
  /** Small facts without personal data (a purpose id, a state, a confirmation code, a count). */
  readonly detail?: Readonly<Record<string, string | number | boolean>>;
}

/** One entry as the log keeps it: the event, its place and time, and its link in the chain. */
export interface AuditEntry extends AuditEvent {
  /** The log's own id of the entry (a Redis stream id on Redis). */
  readonly id: string;
  /** ISO 8601 time it was appended. */
  readonly at: string;
  /** The chain value of the entry before it (the trimmed anchor, or the genesis value, for the first). */
  readonly previous: string;
  /** HMAC over `previous` and this entry's content. */
  readonly chain: string;
}

/** An append-only, tamper-evident log of privacy operations. */
export interface AuditLog {
  /** Appends one event after the newest entry and returns it as stored. */
  append(event: AuditEvent): Promise<AuditEntry>;
}
