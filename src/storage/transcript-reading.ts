import { subjectLabel, type PagedDataSection, type SubjectDataSection } from '../core/data-export';
import type { HistoryPage, ReadableMessage } from '../core/privacy-center';
import type { DataSubject } from '../core/subject';
import {
  compareEntries,
  decodeEntries,
  decodeEntry,
  exportedMessage,
  isExportedMessage,
  type TranscriptEntry,
} from './transcript-entry';

/**
 * One subject's transcript of one conversation as a store keeps it: a list of stored entries read by
 * index ranges (inclusive, negative from the end, as Redis LRANGE). Both transcript stores hand their
 * lists to the readers below, so their export and history pages are the same code.
 */
export interface EntryList {
  range(start: number, stop: number): Promise<readonly string[]>;
  length(): Promise<number>;
}

/** Entries per read of an export (one LRANGE): bounded, whatever the history. */
export const EXPORT_PAGE_ENTRIES = 500;
/** How far back a page looks for the last entry it read, when older entries were trimmed meanwhile. */
const OVERLAP = 32;
/** Most entries read at once while looking back for a history page. */
const MAX_HISTORY_READ = 1000;
const CURSOR = /^(\d{1,16})\.(\d{1,16})$/;

/**
 * The stored entries of a list in order, a page of at most `pageSize` at a time. Each read overlaps the
 * previous one a little and resumes after the last entry it yielded, so entries appended meanwhile are
 * included and the oldest ones dropped meanwhile (the list's cap) cause no repeat.
 */
export async function* storedPages(
  list: EntryList,
  pageSize = EXPORT_PAGE_ENTRIES,
): AsyncGenerator<readonly string[]> {
  let next = 0;
  let last: string | undefined;
  for (;;) {
    const overlap = Math.min(next, OVERLAP);
    const start = next - overlap;
    const read = await list.range(start, next + pageSize - 1);
    let from = overlap;
    if (last !== undefined) {
      // Where the last entry yielded is now; not found (removed by a correction): assume nothing moved.
      const at = overlap > 0 ? read.lastIndexOf(last, overlap - 1) : -1;
      if (at >= 0) from = at + 1;
    }
    const fresh = read.slice(from);
    if (fresh.length > 0) {
      yield fresh;
      last = fresh[fresh.length - 1];
    }
    next = start + read.length;
    if (read.length - overlap < pageSize) return;
  }
}

/**
 * The subject's transcripts as export sections, one per conversation, ordered by their oldest entry:
 * only the first and last entry of each list are read here; the messages are read when the section's
 * pages are (see {@link PagedDataSection}). Entries logged before `since` (ms; 0: none) are past the
 * history's age limit and left out, even before a write trims them from storage.
 */
export async function transcriptSections(
  subject: DataSubject,
  lists: readonly EntryList[],
  since = 0,
): Promise<PagedDataSection[]> {
  const ends = await Promise.all(
    lists.map(async (list) => {
      const [first, last] = await Promise.all([list.range(0, 0), list.range(-1, -1)]);
      const oldest = first[0] === undefined ? undefined : decodeEntry(first[0]);
      const newest = last[0] === undefined ? undefined : decodeEntry(last[0]);
      return oldest && newest && newest.at >= since ? { list, oldest, newest } : undefined;
    }),
  );
  return ends
    .filter((end) => end !== undefined)
    .sort((a, b) => compareEntries(a.oldest, b.oldest))
    .map(({ list, newest }) => ({
      kind: 'transcript',
      label: subjectLabel(
        `${subject.channelId}/conversations/${newest.activity.conversation.id}/transcript`,
        subject,
      ),
      async *pages() {
        for await (const stored of storedPages(list)) {
          yield decodeEntries(stored)
            .filter((entry) => entry.at >= since && isExportedMessage(entry))
            .map((entry) => exportedMessage(subject, entry));
        }
      },
    }));
}

/** The sections read whole: the export of a store without streaming (small histories, tests). */
export async function wholeSections(sections: readonly PagedDataSection[]): Promise<SubjectDataSection[]> {
  const whole: SubjectDataSection[] = [];
  for (const { kind, label, pages } of sections) {
    const data: unknown[] = [];
    for await (const page of pages()) data.push(...page);
    whole.push({ kind, label, data });
  }
  return whole;
}

/**
 * The newest `limit` messages of the lists logged before the cursor (`<at>.<seq>`: a log time and
 * order, never an id), merged in log order. Each list is read only around the page: a binary search for
 * the cursor (single-entry reads), then ranges back from it until `limit` messages are found.
 * @throws RangeError for a cursor this function did not hand out.
 */
export async function historyPage(
  subject: DataSubject,
  lists: readonly EntryList[],
  before: string | undefined,
  limit: number,
  since = 0,
): Promise<HistoryPage> {
  const cursor = parseCursor(before);
  const found = (await Promise.all(lists.map((list) => newestBefore(list, cursor, limit + 1, since)))).flat();
  found.sort(compareEntries);
  const shown = found.slice(-limit);
  const messages = shown.map((entry): ReadableMessage => {
    const message = exportedMessage(subject, entry);
    return { at: message.timestamp, fromYou: message.from === 'user', text: message.text };
  });
  const oldest = shown[0];
  return found.length > limit && oldest
    ? { messages, olderCursor: `${oldest.at}.${oldest.seq}` }
    : { messages };
}

/**
 * Up to `count` exported messages of one list logged before `cursor` and not before `since` (the age
 * limit), oldest first.
 */
async function newestBefore(
  list: EntryList,
  cursor: Pick<TranscriptEntry, 'at' | 'seq'> | undefined,
  count: number,
  since: number,
): Promise<TranscriptEntry[]> {
  let end = await list.length();
  if (cursor) end = await firstAtOrAfter(list, cursor, end);
  const found: TranscriptEntry[] = [];
  const step = Math.min(Math.max(count * 2, 100), MAX_HISTORY_READ);
  while (end > 0 && found.length < count) {
    const start = Math.max(0, end - step);
    const entries = decodeEntries(await list.range(start, end - 1));
    const read = entries.filter(
      (entry) =>
        entry.at >= since &&
        isExportedMessage(entry) &&
        (!cursor || compareEntries(entry, cursor as TranscriptEntry) < 0),
    );
    found.unshift(...read);
    end = start;
    // Older entries than these are past the age limit: nothing further back is shown.
    if (entries.length > 0 && entries[0].at < since) break;
  }
  return found.slice(-count);
}

/** Index of the first entry logged at or after `cursor` (lists are kept in log order). */
async function firstAtOrAfter(
  list: EntryList,
  cursor: Pick<TranscriptEntry, 'at' | 'seq'>,
  length: number,
): Promise<number> {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const [stored] = await list.range(middle, middle);
    const entry = stored === undefined ? undefined : decodeEntry(stored);
    // An unreadable entry is taken as older: at worst the page looks one entry further back.
    if (entry && compareEntries(entry, cursor as TranscriptEntry) >= 0) high = middle;
    else low = middle + 1;
  }
  return low;
}

function parseCursor(before: string | undefined): Pick<TranscriptEntry, 'at' | 'seq'> | undefined {
  if (before === undefined || before === '') return undefined;
  const match = typeof before === 'string' ? CURSOR.exec(before) : null;
  if (!match) throw new RangeError('historyPage: the cursor is not one a page handed out.');
  return { at: Number(match[1]), seq: Number(match[2]) };
}

/** LRANGE's view of an array (inclusive, negative indexes from the end). */
export function rangeOf(list: readonly string[], start: number, stop: number): readonly string[] {
  const from = start < 0 ? Math.max(0, list.length + start) : start;
  const to = stop < 0 ? list.length + stop : Math.min(stop, list.length - 1);
  return from > to ? [] : list.slice(from, to + 1);
}
