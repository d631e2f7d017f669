import { ConfigurationError } from '../core/errors';
import type { TranscriptEntry } from './transcript-entry';

/**
 * How much of a person's chat history a transcript store keeps (its `history` option), so that nothing
 * grows without bound. Both limits are enforced when an activity is appended, in the same write, and
 * readers (the export, the Privacy Center, `getTranscriptActivities`) never show an entry past the age
 * limit, even when nothing was written since.
 *
 * The limits apply to each of a person's conversations (one list per person and conversation: on
 * Messenger a person has one conversation with the page, so it is their whole history). `maxAgeDays`
 * also bounds how many conversations a person keeps: a conversation with no activity for that long
 * expires whole.
 */
export interface TranscriptHistoryOptions {
  /**
   * Keep the newest this many entries (activities: the person's messages and the bot's) of each
   * conversation; older ones are dropped as new ones arrive. A whole number, at least 1. Default 1000.
   */
  maxEntries?: number;
  /**
   * Drop entries logged more than this many days ago, even while the person keeps chatting (unlike
   * `retentionSeconds`, which counts from the conversation's last activity). A whole number from 1 to
   * 36500. Default: no age limit (the brand decides how long it keeps chats and says so in its terms;
   * `maxEntries` alone keeps each conversation bounded).
   */
  maxAgeDays?: number;
}

/** The default of {@link TranscriptHistoryOptions.maxEntries}. */
export const DEFAULT_MAX_HISTORY_ENTRIES = 1000;
const MAX_AGE_DAYS = 36_500;
const DAY_MS = 86_400_000;
/** How many of a list's oldest entries one append may drop for age (bounded work per append). */
export const MAX_AGED_OUT_PER_APPEND = 32;

/** The history cap as the stores enforce it. */
export interface HistoryCap {
  readonly maxEntries: number;
  /** 0: no age limit. */
  readonly maxAgeMs: number;
}

/**
 * Validates a store's `history` option and its deprecated alias `maxActivitiesPerConversation`.
 * @throws ConfigurationError naming the option and what it must be.
 */
export function historyCapOf(
  options: { history?: TranscriptHistoryOptions; maxActivitiesPerConversation?: number },
  owner: string,
): HistoryCap {
  const { history, maxActivitiesPerConversation } = options;
  if (history !== undefined && (history === null || typeof history !== 'object')) {
    throw new ConfigurationError(`${owner}: history must be an object such as { maxEntries: 1000 }.`);
  }
  const { maxEntries, maxAgeDays } = history ?? {};
  if (maxEntries !== undefined && maxActivitiesPerConversation !== undefined) {
    throw new ConfigurationError(
      `${owner}: give history.maxEntries only (maxActivitiesPerConversation is its former name).`,
    );
  }
  const entries = maxEntries ?? maxActivitiesPerConversation;
  const entriesName = maxEntries !== undefined ? 'history.maxEntries' : 'maxActivitiesPerConversation';
  if (entries !== undefined && (!Number.isSafeInteger(entries) || entries < 1)) {
    throw new ConfigurationError(`${owner}: ${entriesName} must be a whole number, at least 1.`);
  }
  if (
    maxAgeDays !== undefined &&
    (!Number.isInteger(maxAgeDays) || maxAgeDays < 1 || maxAgeDays > MAX_AGE_DAYS)
  ) {
    throw new ConfigurationError(
      `${owner}: history.maxAgeDays must be a whole number of days from 1 to ${MAX_AGE_DAYS}.`,
    );
  }
  return { maxEntries: entries ?? DEFAULT_MAX_HISTORY_ENTRIES, maxAgeMs: (maxAgeDays ?? 0) * DAY_MS };
}

/**
 * The TTL of a conversation's list: `retentionMs` after its last activity and, with an age limit, at
 * most that long (by then every entry is past it). 0: none.
 */
export function historyTtlMs(cap: HistoryCap, retentionMs: number): number {
  if (cap.maxAgeMs === 0) return retentionMs;
  return retentionMs === 0 ? cap.maxAgeMs : Math.min(retentionMs, cap.maxAgeMs);
}

/** The log time (`at`, ms) of the oldest entry kept at `now`; 0 without an age limit. */
export function oldestKept(cap: HistoryCap, now: number): number {
  return cap.maxAgeMs === 0 ? 0 : now - cap.maxAgeMs;
}

/** The entries not past the age limit (all of them when `since` is 0). */
export function keptEntries(entries: TranscriptEntry[], since: number): TranscriptEntry[] {
  return since === 0 ? entries : entries.filter((entry) => entry.at >= since);
}

/** The log time of a stored entry, read from its `{"at":<ms>,` prefix; undefined when it has none. */
export function storedEntryAt(json: string): number | undefined {
  const match = /^\{"at":(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)[,}]/.exec(json);
  return match ? Number(match[1]) : undefined;
}

/** True for a stored entry logged before `since` (never for one whose time cannot be read). */
export function loggedBefore(json: string, since: number): boolean {
  const at = storedEntryAt(json);
  return at !== undefined && at < since;
}

/**
 * Lua, prepended to the scripts that append to a transcript list: `dropAgedOut(key, since)` removes the
 * list's oldest entries logged before `since` (ms; 0: no age limit), reading each head's `{"at":<ms>`
 * prefix and stopping at the first entry it keeps, at most {@link MAX_AGED_OUT_PER_APPEND} per call, so
 * an append's work never grows with the history. Entries are appended in log order, so the aged-out ones
 * are the list's head; readers hide any left behind (a clock step between processes).
 */
export const DROP_AGED_OUT_LUA = `
local function dropAgedOut(key, since)
  if since <= 0 then return end
  local n = 0
  while n < ${MAX_AGED_OUT_PER_APPEND} do
    local head = redis.call('LINDEX', key, n)
    if not head then break end
    local at = tonumber(string.match(head, '^{"at":(%-?[%d%.eE%+]+)[,}]'))
    if at == nil or at >= since then break end
    n = n + 1
  end
  if n > 0 then redis.call('LTRIM', key, n, -1) end
end
`;
