/**
 * How an ASID link is stored, the same in memory and in Redis: the link record (subject-owned) holds the
 * subject and a check digest of the ASID, never the ASID itself; the lookup is keyed by another digest.
 */
import { ConfigurationError } from '../core/errors';
import type { DataSubject, SubjectDigester } from '../core/subject';
import { isRecord } from './json';

/** The kind of key a link record and its lookup are stored under. */
export const LINK_KIND = 'asid';

/** The digests of one ASID: `digest` keys the lookup; `check` is stored in the record. */
export interface AsidDigests {
  readonly digest: string;
  /** A second, independent digest: a collision of the first cannot link one person to another's data. */
  readonly check: string;
}

/** The digests of `asid` under the bot's subject secret. */
export function asidDigests(digester: SubjectDigester, asid: string): AsidDigests {
  return {
    digest: digester.digestText(`asid\u0000${asid}`),
    check: digester.digestText(`asid-check\u0000${asid}`),
  };
}

/** A links store's `ttlSeconds` option in milliseconds (0: no expiry); throws on anything but a positive whole number. */
export function linkTtlMs(ttlSeconds: number | undefined): number {
  if (ttlSeconds !== undefined && (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0)) {
    throw new ConfigurationError('ttlSeconds must be a positive whole number of seconds.');
  }
  return (ttlSeconds ?? 0) * 1000;
}

/** The stored link record of `subject` for an ASID whose check digest is `check`. */
export function encodeLinkRecord(subject: DataSubject, check: string): string {
  return JSON.stringify({ channelId: subject.channelId, userId: subject.userId, check });
}

/** The subject a stored link record names, when it is readable and made for the ASID of `check`. */
export function decodeLinkRecord(json: string, check: string): DataSubject | undefined {
  let record: unknown;
  try {
    record = JSON.parse(json);
  } catch {
    // A stored link that cannot be read names nobody: skipped.
    return undefined;
  }
  if (!isRecord(record) || record.check !== check) return undefined;
  const { channelId, userId } = record;
  if (typeof channelId !== 'string' || typeof userId !== 'string' || !channelId || !userId) return undefined;
  return { channelId, userId };
}

/** Subjects in a stable order (channel, then user id), so every store answers alike. */
export function bySubject(a: DataSubject, b: DataSubject): number {
  return a.channelId + a.userId < b.channelId + b.userId ? -1 : 1;
}
