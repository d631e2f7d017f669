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
  /** What happened. */
  readonly operation: AuditOperation;
  /** The path it came from (see withAuditContext). */
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
  /** Position in the chain: 1 for the first entry ever, one more for each entry after it (never reused). */
  readonly seq: number;
  /** ISO 8601 time it was appended. */
  readonly at: string;
  /** Id of the audit key that sealed it (see AuditKeyring): old entries stay verifiable after a rotation. */
  readonly keyId: string;
  /** The chain value of the entry before it (the trimmed anchor, or the genesis value, for the first). */
  readonly previous: string;
  /** HMAC-SHA256 over `previous` and this entry's canonical content. */
  readonly chain: string;
}

/** An append-only, tamper-evident log of privacy operations. */
export interface AuditLog {
  /** Appends one event after the newest entry and returns it as stored. */
  append(event: AuditEvent): Promise<AuditEntry>;
}

/** A time range of the log; either end may be left open. Both ends are included. */
export interface AuditRange {
  /** Entries appended at or after this time. */
  readonly from?: Date;
  /** Entries appended at or before this time. */
  readonly to?: Date;
}

/**
 * What is left of trimmed entries: the chain value, position and id of the last one removed, sealed with
 * an audit key, so the first entry kept still links to something verifiable (after the C2SP checkpoint
 * idea: a signed statement of where the log stood).
 */
export interface AuditAnchor {
  /** Position of the last trimmed entry. */
  readonly seq: number;
  /** Id of the last trimmed entry. */
  readonly id: string;
  /** Chain value of the last trimmed entry: the `previous` of the first entry kept. */
  readonly chain: string;
  /** When the last trimmed entry was appended (ISO 8601). */
  readonly at: string;
  /** When the trim ran (ISO 8601). */
  readonly trimmedAt: string;
  /** Id of the audit key that sealed the anchor. */
  readonly keyId: string;
  /** HMAC-SHA256 over the fields above. */
  readonly mac: string;
}

/** The newest entry's position and chain value, kept beside the log (appends compare-and-set it). */
export interface AuditHead {
  /** Position of the newest entry. */
  readonly seq: number;
  /** Chain value of the newest entry. */
  readonly chain: string;
}

/** Where a log stands: its anchor (when trimmed) and head (when anything was ever appended). */
export interface AuditCheckpoint {
  /** The anchor of the last trim, if the log was ever trimmed. */
  readonly anchor?: AuditAnchor;
  /** The newest entry's position and chain value, if anything was ever appended. */
  readonly head?: AuditHead;
}

/**
 * A log that can also be read back, verified and trimmed: what the memory and Redis audit logs implement
 * (`npm run privacy -- audit verify | export | trim` works on it).
 */
export interface AuditStore extends AuditLog {
  /** The entries appended in `range` (by append time), oldest first, read page by page. */
  entries(range?: AuditRange): AsyncIterable<AuditEntry>;
  /** {@link entries}, gathered into one array. */
  read(range?: AuditRange): Promise<AuditEntry[]>;
  /** The anchor of what was trimmed and the head of the chain. */
  checkpoint(): Promise<AuditCheckpoint>;
  /**
   * Removes the entries appended before `before` (default: now minus the store's retention, 3 years
   * unless configured) and records their anchor. Returns the anchor, or undefined when nothing was old
   * enough.
   */
  trim(before?: Date): Promise<AuditAnchor | undefined>;
}

/** Default retention of audit entries: 3 years. */
export const DEFAULT_AUDIT_RETENTION_DAYS = 3 * 365;
