import type { PagedResult, TranscriptActivity } from './transcript-store';
import { DEFAULT_MAX_ENTRY_BYTES } from './transcript-activity';
import { compareEntries, entryTime, type TranscriptEntry } from './transcript-entry';

/** botbuilder's MemoryTranscriptStore page size. */
export const DEFAULT_TRANSCRIPT_PAGE_SIZE = 20;

const ENTRY_TOKEN = /^(\d{1,16})\.(\d{1,9})$/;
const DIGEST_TOKEN = /^[A-Za-z0-9_-]{22}$/;

/**
 * One page of a conversation's activities, in the order they were logged (entries of several subjects,
 * e.g. a group conversation, are merged by log time).
 *
 * The continuation token names the last activity returned by its log time and how many activities with
 * that time came before it, so pages stay right while new activities are appended or old ones expire.
 * It is empty on the last page.
 * @throws RangeError for a token this function did not produce, TypeError for an invalid `startDate`.
 */
export function pageEntries(
  entries: readonly TranscriptEntry[],
  continuationToken: string | undefined,
  startDate: Date | undefined,
  pageSize: number,
): PagedResult<TranscriptActivity> {
  const position = parseEntryToken(continuationToken);
  const since = checkStartDate(startDate);
  const sorted = entries
    .filter((entry) => since === undefined || entryTime(entry) >= since)
    .sort(compareEntries);
  let start = 0;
  if (position) {
    while (start < sorted.length && sorted[start].at < position.at) start++;
    for (let skipped = 0; skipped < position.count && sorted[start]?.at === position.at; skipped++) start++;
  }
  const page = sorted.slice(start, start + pageSize);
  const end = start + page.length;
  let token = '';
  if (end < sorted.length && page.length > 0) {
    const lastAt = page[page.length - 1].at;
    let count = 0;
    for (let i = end - 1; i >= 0 && sorted[i].at === lastAt; i--) count++;
    token = `${lastAt}.${count}`;
  }
  return { items: page.map((entry) => entry.activity), continuationToken: token };
}

/** Reads a `listTranscripts` continuation token (the last subject digest of the previous page). */
export function parseSubjectToken(continuationToken: string | undefined): string | undefined {
  if (continuationToken === undefined || continuationToken === '') return undefined;
  if (typeof continuationToken !== 'string' || !DIGEST_TOKEN.test(continuationToken)) {
    throw new RangeError('listTranscripts: the continuation token is not one this store returned.');
  }
  return continuationToken;
}

/** Validates a page size option. */
export function checkPageSize(pageSize: number | undefined, owner: string): number {
  if (pageSize === undefined) return DEFAULT_TRANSCRIPT_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
    throw new RangeError(`${owner}: pageSize must be a whole number from 1 to 1000.`);
  }
  return pageSize;
}

/** Validates a `maxEntryBytes` option (default 8 KB; at least 1 KB, so ids and a short text fit). */
export function checkEntryBytes(maxEntryBytes: number | undefined, owner: string): number {
  if (maxEntryBytes === undefined) return DEFAULT_MAX_ENTRY_BYTES;
  if (!Number.isInteger(maxEntryBytes) || maxEntryBytes < 1024 || maxEntryBytes > 1024 * 1024) {
    throw new RangeError(`${owner}: maxEntryBytes must be a whole number from 1024 to 1048576.`);
  }
  return maxEntryBytes;
}

/** Throws a clear error unless `channelId` is a non-empty string. */
export function checkChannel(what: string, channelId: unknown): asserts channelId is string {
  if (typeof channelId !== 'string' || channelId === '') throw new TypeError(`${what} needs a channelId.`);
}

/** Throws a clear error unless both ids are non-empty strings. */
export function checkConversation(what: string, channelId: unknown, conversationId: unknown): void {
  checkChannel(what, channelId);
  if (typeof conversationId !== 'string' || conversationId === '') {
    throw new TypeError(`${what} needs a conversationId.`);
  }
}

function parseEntryToken(token: string | undefined): { at: number; count: number } | undefined {
  if (token === undefined || token === '') return undefined;
  const match = typeof token === 'string' ? ENTRY_TOKEN.exec(token) : null;
  if (!match) {
    throw new RangeError('getTranscriptActivities: the continuation token is not one this store returned.');
  }
  return { at: Number(match[1]), count: Number(match[2]) };
}

function checkStartDate(startDate: Date | undefined): number | undefined {
  if (startDate === undefined || startDate === null) return undefined;
  const time = startDate instanceof Date ? startDate.getTime() : NaN;
  if (Number.isNaN(time)) throw new TypeError('getTranscriptActivities: startDate must be a valid Date.');
  return time;
}
