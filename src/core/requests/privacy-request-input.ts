import { PrivacyError } from '../errors';
import type { DataSubject } from '../subject';
import type { PrivacyRequestKind, PrivacyRequestVerification } from './privacy-request';

/** Most subjects and app-scoped ids one request may name, in all. */
export const MAX_SUBJECTS_PER_REQUEST = 1000;

/** What an operator files: checked, with the raw ids the work needs (kept sealed while it runs). */
export interface PrivacyRequestInput {
  /** Export or erase. */
  readonly kind: PrivacyRequestKind;
  /** People by channel and user id. */
  readonly subjects: readonly DataSubject[];
  /** Facebook app-scoped ids, resolved to page-scoped subjects when the request starts. */
  readonly appScopedIds: readonly string[];
  /** How the person's identity is checked. */
  readonly verify: PrivacyRequestVerification;
  /** The operator's reference (kept sealed). */
  readonly note?: string;
}

/** A request body that cannot be filed; the message says what to fix and names no id. */
export class InvalidPrivacyRequestError extends PrivacyError {}

const FIELDS = new Set(['kind', 'subjects', 'appScopedIds', 'verify', 'note']);

/**
 * Checks a request body (`{kind, subjects, appScopedIds, verify, note}`) and returns it typed, or throws
 * {@link InvalidPrivacyRequestError} with a message that says what is wrong (by position, never by id).
 */
export function parsePrivacyRequestInput(body: unknown): PrivacyRequestInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidPrivacyRequestError('The request body must be a JSON object.');
  }
  const fields = body as Record<string, unknown>;
  const unknown = Object.keys(fields).filter((name) => !FIELDS.has(name));
  if (unknown.length > 0) {
    throw new InvalidPrivacyRequestError(
      `Unknown field(s): ${unknown.slice(0, 5).join(', ')}. Expected kind, subjects, appScopedIds, verify, note.`,
    );
  }
  const { kind, verify = 'none', note } = fields;
  if (kind !== 'export' && kind !== 'erase') {
    throw new InvalidPrivacyRequestError('kind must be "export" or "erase".');
  }
  if (verify !== 'none' && verify !== 'in_chat') {
    throw new InvalidPrivacyRequestError('verify must be "none" or "in_chat".');
  }
  if (note !== undefined && (typeof note !== 'string' || note.length > 500)) {
    throw new InvalidPrivacyRequestError('note must be a text of at most 500 characters.');
  }
  const subjects = listOf(fields.subjects, 'subjects').map((entry, index) => subjectAt(entry, index));
  const appScopedIds = listOf(fields.appScopedIds, 'appScopedIds').map((entry, index) => {
    if (typeof entry !== 'string' || !/^[0-9]{1,32}$/.test(entry)) {
      throw new InvalidPrivacyRequestError(`appScopedIds[${index}] must be a string of 1 to 32 digits.`);
    }
    return entry;
  });
  const total = subjects.length + appScopedIds.length;
  if (total === 0) {
    throw new InvalidPrivacyRequestError('Name at least one person in subjects or appScopedIds.');
  }
  if (total > MAX_SUBJECTS_PER_REQUEST) {
    throw new InvalidPrivacyRequestError(
      `A request may name at most ${MAX_SUBJECTS_PER_REQUEST} subjects and app-scoped ids in all (got ${total}); split it.`,
    );
  }
  if (verify === 'in_chat' && (total !== 1 || subjects.length !== 1)) {
    throw new InvalidPrivacyRequestError(
      'verify "in_chat" needs exactly one person, named in subjects by channelId and userId.',
    );
  }
  return { kind, subjects, appScopedIds, verify, ...(note ? { note } : {}) };
}

function listOf(value: unknown, name: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new InvalidPrivacyRequestError(`${name} must be an array.`);
  if (value.length > MAX_SUBJECTS_PER_REQUEST) {
    throw new InvalidPrivacyRequestError(
      `A request may name at most ${MAX_SUBJECTS_PER_REQUEST} subjects and app-scoped ids in all (${name} has ${value.length}); split it.`,
    );
  }
  return value;
}

function subjectAt(entry: unknown, index: number): DataSubject {
  const subject = entry as Record<string, unknown> | null;
  if (typeof subject !== 'object' || subject === null || Array.isArray(subject)) {
    throw new InvalidPrivacyRequestError(`subjects[${index}] must be an object {channelId, userId}.`);
  }
  const { channelId, userId } = subject;
  if (typeof channelId !== 'string' || !/^[a-z0-9_.-]{1,64}$/i.test(channelId)) {
    throw new InvalidPrivacyRequestError(
      `subjects[${index}].channelId must be a channel id such as "facebook" or "webchat".`,
    );
  }
  if (typeof userId !== 'string' || userId.length === 0 || userId.length > 256) {
    throw new InvalidPrivacyRequestError(`subjects[${index}].userId must be a non-empty text (at most 256).`);
  }
  if (Object.keys(subject).some((name) => name !== 'channelId' && name !== 'userId')) {
    throw new InvalidPrivacyRequestError(`subjects[${index}] may hold only channelId and userId.`);
  }
  return { channelId, userId };
}
