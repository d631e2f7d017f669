import type { AuditEvent } from '../core/audit/audit-log';
import { ConfigurationError, PrivacyError } from '../core/errors';

const OPERATIONS = new Set([
  'consent.given',
  'consent.refused',
  'consent.withdrawn',
  'export',
  'erasure',
  'privacy_center.opened',
  'request.received',
  'request.state_changed',
  'secret.rotated',
]);
const ORIGINS = new Set([
  'chat',
  'menu',
  'delete_user_data',
  'facebook_callback',
  'privacy_center',
  'operator',
  'system',
]);
const TOKEN = /^[A-Za-z0-9_.:-]{1,128}$/;
const DETAIL_KEY = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;

/** An event the audit log refuses (unknown operation, a field that is not a short token...). */
export class InvalidAuditEventError extends PrivacyError {}

/**
 * Checks an event before it is sealed: known operation and origin, digests and request ids as short
 * tokens, at most 16 details with short keys and values (no free text, so no name or message slips in).
 */
export function checkAuditEvent(event: AuditEvent): void {
  if (!event || typeof event !== 'object') throw new InvalidAuditEventError('An audit event is an object.');
  if (!OPERATIONS.has(event.operation))
    throw new InvalidAuditEventError(`Unknown audit operation "${String(event.operation).slice(0, 40)}".`);
  if (!ORIGINS.has(event.origin))
    throw new InvalidAuditEventError(`Unknown audit origin "${String(event.origin).slice(0, 40)}".`);
  for (const field of ['subjectDigest', 'requestId'] as const) {
    const value = event[field];
    if (value !== undefined && (typeof value !== 'string' || !TOKEN.test(value)))
      throw new InvalidAuditEventError(
        `The audit event's ${field} must be a short token (a digest or an id).`,
      );
  }
  if (event.detail === undefined) return;
  const entries = Object.entries(event.detail ?? {});
  if (typeof event.detail !== 'object' || event.detail === null || entries.length > 16)
    throw new InvalidAuditEventError('The audit event detail is an object of at most 16 facts.');
  for (const [key, value] of entries) {
    const ok =
      DETAIL_KEY.test(key) &&
      (typeof value === 'boolean' ||
        (typeof value === 'number' && Number.isFinite(value)) ||
        (typeof value === 'string' && value.length <= 128));
    if (!ok)
      throw new InvalidAuditEventError(
        'Audit event details are short keys with booleans, finite numbers or texts of up to 128 characters.',
      );
  }
}

/** Checks the retention in days (a positive whole number). */
export function checkAuditRetention(days: number): number {
  if (!Number.isInteger(days) || days < 1)
    throw new ConfigurationError('The audit retention must be a positive whole number of days.');
  return days;
}

/** The time before which entries are trimmed. */
export function auditRetentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * 24 * 3600 * 1000);
}
