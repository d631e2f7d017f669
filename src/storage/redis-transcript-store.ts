import { setBounded } from '../core/bounded-map';
import type {
  LoggedActivity,
  PagedResult,
  TranscriptActivity,
  TranscriptInfo,
  TranscriptStore,
} from './transcript-store';
import type { PagedDataSection, SubjectDataSection, SubjectDataSource } from '../core/data-export';
import type { HistoryPage, HistorySource } from '../core/privacy-center';
import type { ErasureReceipt, SubjectErasure } from '../core/erasure';
import { ConfigurationError } from '../core/errors';
import { assertValidSubject, type DataSubject } from '../core/subject';
import { carriedEpoch, ERASED_IN_THIS_TURN, rememberEpoch } from '../core/subject-scope';
import type { RedisKeyspace, SharedCollection } from './redis-keyspace';
import { RedisScript } from './redis-script';
import { RedisTurnWrites, type ScriptCall } from './redis-turn-writes';
import {
  compareEntries,
  correctEntry,
  correctionOf,
  decodeEntries,
  decodeEntry,
  encodeEntry,
  newEntry,
  entryTime,
  transcriptTargetOf,
  type TranscriptEntry,
} from './transcript-entry';
import {
  DROP_AGED_OUT_LUA,
  historyCapOf,
  historyTtlMs,
  keptEntries,
  oldestKept,
  type HistoryCap,
  type TranscriptHistoryOptions,
} from './transcript-history';
import {
  checkChannel,
  checkConversation,
  checkEntryBytes,
  checkPageSize,
  pageEntries,
  parseSubjectToken,
} from './transcript-paging';
import {
  historyPage,
  transcriptSections,
  wholeSections,
  type EntryList,
  EXPORT_PAGE_ENTRIES,
} from './transcript-reading';

/**
 * Options of {@link RedisTranscriptStore}: the keyspace of the `RedisStorage` the history is erased with, and
 * how much history it keeps.
 */
export interface RedisTranscriptStoreOptions {
  /** The keyspace of the bot's RedisStorage (`storage.keyspace`), so erasing a subject removes its history. */
  keyspace: RedisKeyspace;
  /**
   * Keep a conversation's history this long after its last activity (the whole conversation expires when
   * nobody writes in it for so long). Default: until erased or deleted. To drop old messages of a person
   * who keeps chatting, use `history.maxAgeDays`.
   */
  retentionSeconds?: number;
  /**
   * The cap on each person's stored history: the newest `maxEntries` (default 1000) of each conversation,
   * and with `maxAgeDays` (default: no age limit) none older than that many days.
   */
  history?: TranscriptHistoryOptions;
  /**
   * The former name of `history.maxEntries`, still honoured (give one of them).
   * @deprecated Use `history.maxEntries`.
   */
  maxActivitiesPerConversation?: number;
  /** Activities per `getTranscriptActivities` page and users per `listTranscripts` page. Default 20. */
  pageSize?: number;
  /**
   * Cap on one stored activity, in bytes of JSON (default 8 KB). Activities are kept trimmed to what the
   * export needs (see `trimForTranscript`); a longer text is cut to fit.
   */
  maxEntryBytes?: number;
  /** The clock activities are stamped and aged by (ms since the epoch). Default `Date.now`. */
  now?: () => number;
}

/** Kind of a subject's transcript keys: `<prefix>:{<digest>}:t:<conversation digest>` (one list each). */
const KIND = 't';
/**
 * Shared sorted set of the subject digests with a transcript in a conversation, scored by when each
 * one's transcript expires: `<prefix>:tc:<conversation digest>`.
 */
const CONVERSATION_KIND = 'tc';
/**
 * Shared sorted sets of the subject digests with transcripts on a channel: `<prefix>:tl:{<channel>}`
 * (all at score 0, so it pages by digest) and, with a retention, `<prefix>:tle:{<channel>}` (scored by
 * when each one's transcripts expire). Both share the channel's slot.
 */
const CHANNEL_KIND = 'tl';
const CHANNEL_EXPIRY_KIND = 'tle';

// KEYS: list, index, epoch. ARGV: entry, ttl ms (0 = none), carried epoch ('' = none), max entries,
// oldest log time kept (ms; 0 = no age limit). Same erasure-epoch and index-TTL rules as
// RedisKeyspace.writeOwned.
const APPEND_OWNED = new RedisScript(`${DROP_AGED_OUT_LUA}
local epoch = redis.call('GET', KEYS[3]) or '0'
if ARGV[3] ~= '' and ARGV[3] ~= epoch then return {'ERASED', epoch} end
local ttl = tonumber(ARGV[2])
local indexExisted = redis.call('EXISTS', KEYS[2])
redis.call('RPUSH', KEYS[1], ARGV[1])
redis.call('LTRIM', KEYS[1], -tonumber(ARGV[4]), -1)
dropAgedOut(KEYS[1], tonumber(ARGV[5]))
redis.call('SADD', KEYS[2], KEYS[1])
if ttl > 0 then
  redis.call('PEXPIRE', KEYS[1], ttl)
  local indexTtl = redis.call('PTTL', KEYS[2])
  if indexExisted == 0 or (indexTtl >= 0 and indexTtl < ttl) then redis.call('PEXPIRE', KEYS[2], ttl) end
else
  redis.call('PERSIST', KEYS[1])
  redis.call('PERSIST', KEYS[2])
end
return {'OK', epoch}
`);

// KEYS: list, index. ARGV: the entry as stored, '1' to replace it (else it is removed), replacement.
// Finds the entry by its exact stored value, so a list changed meanwhile is never corrected at the wrong
// place; a list left empty leaves the subject's index.
const CORRECT_OWNED = new RedisScript(`
if ARGV[2] == '1' then
  local i = redis.call('LPOS', KEYS[1], ARGV[1])
  if not i then return 0 end
  redis.call('LSET', KEYS[1], i, ARGV[3])
  return 1
end
local removed = redis.call('LREM', KEYS[1], 1, ARGV[1])
if removed > 0 and redis.call('EXISTS', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], KEYS[1]) end
return removed
`);

// Milliseconds on the Redis clock, so every process prunes by the same time.
const NOW_MS = `local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)`;

// KEYS: conversation listing. ARGV: digest, ttl ms (0 = none). Each digest expires on its own: one
// member's activity never keeps another's listing alive.
const LIST_IN_CONVERSATION = new RedisScript(`
${NOW_MS}
local ttl = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. now)
if ttl > 0 then
  redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ttl)
else
  redis.call('ZADD', KEYS[1], 'inf', ARGV[1])
  redis.call('PERSIST', KEYS[1])
end
return 1
`);

// KEYS: channel listing, channel expiries. ARGV: digest, ttl ms (0 = none). Drops digests whose
// transcripts expired, so other users' activity never keeps them listed.
const LIST_IN_CHANNEL = new RedisScript(`
${NOW_MS}
local ttl = tonumber(ARGV[2])
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. now, 'LIMIT', 0, 100)
for _, digest in ipairs(expired) do
  redis.call('ZREM', KEYS[1], digest)
  redis.call('ZREM', KEYS[2], digest)
end
redis.call('ZADD', KEYS[1], 0, ARGV[1])
if ttl > 0 then
  redis.call('ZADD', KEYS[2], now + ttl, ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ttl)
  redis.call('PEXPIRE', KEYS[2], ttl)
else
  redis.call('ZREM', KEYS[2], ARGV[1])
  redis.call('PERSIST', KEYS[1])
end
return 1
`);

/**
 * A {@link TranscriptStore} (either SDK's transcript logger) on Redis that files every activity under its data subject (the
 * user who sent it, or the user a bot message went to), so `keyspace.eraseSubject` removes the user's
 * whole chat history with the rest of their data.
 *
 * Layout: one list per (subject, conversation) in the subject's slot, indexed under the subject. To find
 * a conversation without knowing its users, shared listings hold only subject digests (never raw ids):
 * the subjects of a conversation, and the subjects of a channel. They are recorded in the subject's refs
 * (see `RedisKeyspace.shareDigest`), so erasing the subject removes its digest from them in the same
 * erasure; with a retention, each digest leaves them when its own transcripts expire. Digests whose
 * transcripts are gone are also pruned when a read finds nothing left. A prune racing a user's first
 * activity in a conversation can hide it until that user's next activity, which lists it again.
 *
 * Each list is capped by the `history` option (the newest 1000 entries by default; optionally none older
 * than `maxAgeDays`), enforced in the write that appends, with bounded work per append.
 *
 * Use it with the SDK's TranscriptLoggerMiddleware, registered after SubjectScopeMiddleware: activities
 * logged by a turn that raced an erasure of its user are dropped, like state writes.
 * Unattributable activities (no channel, conversation or user id) are skipped, never an error.
 */
export class RedisTranscriptStore
  implements TranscriptStore, SubjectErasure, SubjectDataSource, HistorySource
{
  /** The keyspace the history is written in (the storage's, when given one). */
  readonly keyspace: RedisKeyspace;
  private readonly ttlMs: number;
  private readonly history: HistoryCap;
  private readonly now: () => number;
  private readonly pageSize: number;
  private readonly maxEntryBytes: number;
  private readonly pending = new Set<Promise<void>>();
  private readonly trackedBatches = new WeakSet<RedisTurnWrites>();
  private readonly conversationDigests = new Map<string, string>();
  /** The listings this process wrote recently, see {@link ListingRefresh}. */
  private readonly listingRefresh: ListingRefresh;

  constructor(options: RedisTranscriptStoreOptions) {
    if (!options?.keyspace) {
      throw new ConfigurationError('RedisTranscriptStore needs the RedisKeyspace in `keyspace`.');
    }
    const { retentionSeconds } = options;
    if (retentionSeconds !== undefined && (!Number.isInteger(retentionSeconds) || retentionSeconds < 1)) {
      throw new ConfigurationError(
        'RedisTranscriptStore: retentionSeconds must be a whole number, at least 1.',
      );
    }
    this.history = historyCapOf(options, 'RedisTranscriptStore');
    this.keyspace = options.keyspace;
    // A transcript's name is a keyed digest of its conversation, which its entries name: re-digested
    // (its conversation listing, named the same way, follows).
    this.keyspace.registerMover(KIND, (item, { to }) => {
      const entries = item.value as readonly string[];
      const entry = decodeEntry(entries[entries.length - 1] ?? '');
      if (!entry) throw new Error('A transcript without a readable entry cannot be moved.');
      const { channelId, conversation } = entry.activity;
      return { name: to.digestText(`${channelId}\u0000${conversation.id}`), value: entries };
    });
    // With an age limit, a conversation nobody writes in expires once its newest entry is past it.
    this.ttlMs = historyTtlMs(this.history, (retentionSeconds ?? 0) * 1000);
    this.now = options.now ?? Date.now;
    this.listingRefresh = new ListingRefresh(this.ttlMs);
    this.pageSize = checkPageSize(options.pageSize, 'RedisTranscriptStore');
    this.maxEntryBytes = checkEntryBytes(options.maxEntryBytes, 'RedisTranscriptStore');
  }

  /**
   * Appends the activity to its subject's transcript of the conversation. Resolves without storing
   * anything for an activity that names no user, or whose user was erased while its turn ran. A
   * `messageUpdate` replaces, and a `messageDelete` removes, the kept entry with its `id` (nothing
   * happens when there is none): the entry is gone from Redis, not marked deleted.
   * @throws StorageUnavailableError when Redis fails or does not answer in time.
   */
  logActivity(activity: LoggedActivity): Promise<void> {
    const batch = RedisTurnWrites.current(this.keyspace);
    if (correctionOf(activity)) {
      // After the turn's held writes, which may hold the entry it corrects (a message sent and then
      // edited in one turn).
      const correction = batch ? batch.settled.then(() => this.correct(activity)) : this.correct(activity);
      this.track(correction);
      return batch ? Promise.resolve() : correction;
    }
    if (batch) {
      // Held with the turn's other writes and written once at its end; the turn fails if that fails.
      try {
        this.hold(batch, activity);
      } catch (error) {
        return Promise.reject(error);
      }
      // Once per turn, not per activity: each tracking costs promises on every turn.
      if (!this.trackedBatches.has(batch)) {
        this.trackedBatches.add(batch);
        this.track(batch.settled);
      }
      return Promise.resolve();
    }
    const write = this.append(activity);
    this.track(write);
    return write;
  }

  private track(write: Promise<void>): void {
    const tracked = write.then(
      () => void this.pending.delete(tracked),
      () => void this.pending.delete(tracked),
    );
    this.pending.add(tracked);
  }

  /**
   * Waits until every activity logged so far is stored or has failed (TranscriptLoggerMiddleware does
   * not wait for them). Use it before shutting down, and in tests.
   */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  async getTranscriptActivities(
    channelId: string,
    conversationId: string,
    continuationToken?: string,
    startDate?: Date,
  ): Promise<PagedResult<TranscriptActivity>> {
    checkConversation('getTranscriptActivities', channelId, conversationId);
    const conversation = this.conversationDigest(channelId, conversationId);
    const digests = await this.conversationSubjects(conversation);
    const lists = await Promise.all(
      digests.map((digest) =>
        this.keyspace.bounded(
          this.keyspace.redis.lrange(this.keyspace.ownedKey(digest, KIND, conversation), 0, -1),
          'transcript read',
        ),
      ),
    );
    await this.prune(
      [this.keyspace.unownedKey(CONVERSATION_KIND, conversation)],
      digests.filter((_, i) => lists[i].length === 0),
    );
    const entries = keptEntries(decodeEntries(lists.flat()), oldestKept(this.history, this.now())).filter(
      ({ activity }) => activity.channelId === channelId && activity.conversation?.id === conversationId,
    );
    return pageEntries(entries, continuationToken, startDate, this.pageSize);
  }

  /**
   * The conversations with a transcript on a channel, a page of users at a time (so a page can hold more
   * or fewer than `pageSize` conversations; a group conversation appears once per page).
   */
  async listTranscripts(channelId: string, continuationToken?: string): Promise<PagedResult<TranscriptInfo>> {
    checkChannel('listTranscripts', channelId);
    const after = parseSubjectToken(continuationToken);
    const [channelKey, expiryKey] = this.channelKeys(channelId);
    const digests = await this.keyspace.bounded(
      this.keyspace.redis.zrangebylex(channelKey, after ? `(${after}` : '-', '+', 'LIMIT', 0, this.pageSize),
      'transcript list',
    );
    const perSubject = await Promise.all(digests.map((digest) => this.subjectConversations(digest)));
    await this.prune(
      [channelKey, expiryKey],
      digests.filter((_, i) => perSubject[i].length === 0),
    );
    const items = new Map<string, TranscriptInfo>();
    for (const { id, created } of perSubject.flat()) {
      const seen = items.get(id);
      if (!seen || seen.created > created) items.set(id, { channelId, id, created });
    }
    return {
      items: [...items.values()].sort((a, b) => a.created.getTime() - b.created.getTime()),
      continuationToken: digests.length === this.pageSize ? digests[digests.length - 1] : '',
    };
  }

  /** Deletes every user's history of one conversation. */
  async deleteTranscript(channelId: string, conversationId: string): Promise<void> {
    checkConversation('deleteTranscript', channelId, conversationId);
    const conversation = this.conversationDigest(channelId, conversationId);
    const digests = await this.conversationSubjects(conversation);
    await Promise.all(
      digests.map((digest) =>
        this.keyspace.deleteOwned(digest, this.keyspace.ownedKey(digest, KIND, conversation)),
      ),
    );
    // Only the digests whose lists were removed: a user joining meanwhile stays findable.
    await this.prune([this.keyspace.unownedKey(CONVERSATION_KIND, conversation)], digests);
  }

  /** The subject's message history, one section per conversation (who said what and when; no ids). */
  async exportSubject(subject: DataSubject): Promise<SubjectDataSection[]> {
    return wholeSections(await this.exportSections(subject));
  }

  /**
   * The same sections as {@link exportSubject}, each read when its pages are, in LRANGE pages of
   * {@link EXPORT_PAGE_ENTRIES} entries: never the whole list at once.
   */
  async exportSections(subject: DataSubject): Promise<PagedDataSection[]> {
    const since = oldestKept(this.history, this.now());
    return transcriptSections(subject, await this.subjectLists(subject, 'transcript export'), since);
  }

  /** The newest messages of the subject before a cursor, reading only around that page. */
  async historyPage(subject: DataSubject, options: { before?: string; limit: number }): Promise<HistoryPage> {
    const lists = await this.subjectLists(subject, 'transcript read');
    return historyPage(subject, lists, options.before, options.limit, oldestKept(this.history, this.now()));
  }

  /** The subject's transcript lists, read by ranges with the keyspace's timeout. */
  private async subjectLists(subject: DataSubject, operation: string): Promise<EntryList[]> {
    assertValidSubject(subject);
    const digest = this.keyspace.digester.digest(subject);
    await this.keyspace.pendingMove(subject, digest);
    const { redis } = this.keyspace;
    return (await this.transcriptKeys(digest)).map((key) => ({
      range: (start, stop) => this.keyspace.bounded(redis.lrange(key, start, stop), operation),
      length: () => this.keyspace.bounded(redis.llen(key), operation),
    }));
  }

  /** Erases everything the keyspace holds for the subject: transcripts and state alike. */
  eraseSubject(subject: DataSubject): Promise<ErasureReceipt> {
    return this.keyspace.eraseSubject(subject);
  }

  /**
   * Applies a `messageUpdate` or `messageDelete` to the entry it names. Tried again when the entry
   * changed between reading and correcting it (another correction of the same list).
   */
  private async correct(activity: LoggedActivity): Promise<void> {
    const correction = correctionOf(activity);
    const target = transcriptTargetOf(activity);
    if (!correction || !target) return;
    const digest = this.keyspace.digester.digest(target.subject);
    const conversation = this.conversationDigest(target.subject.channelId, target.conversationId);
    const listKey = this.keyspace.ownedKey(digest, KIND, conversation);
    for (let attempt = 0; attempt < 3; attempt++) {
      const list = await this.keyspace.bounded(this.keyspace.redis.lrange(listKey, 0, -1), 'transcript read');
      const corrected = correctEntry(list, correction, activity, this.maxEntryBytes);
      if (!corrected) return;
      const replace = corrected.replacement !== undefined;
      const done = await this.keyspace.bounded(
        CORRECT_OWNED.run(
          this.keyspace.redis,
          [listKey, this.keyspace.indexKey(digest)],
          [corrected.stored, replace ? '1' : '0', corrected.replacement ?? ''],
        ),
        'transcript correction',
      );
      if (Number(done) > 0) return;
    }
  }

  /** What storing an activity takes, or undefined when nothing is stored for it. */
  private prepare(activity: LoggedActivity): PreparedAppend | undefined {
    const target = transcriptTargetOf(activity);
    if (!target) return undefined;
    const digest = this.keyspace.digester.digest(target.subject);
    const carried = carriedEpoch(digest);
    if (carried === ERASED_IN_THIS_TURN) return undefined;
    const now = this.now();
    const trimmed = newEntry(activity, now, this.maxEntryBytes);
    if (!trimmed) return undefined;
    const conversation = this.conversationDigest(target.subject.channelId, target.conversationId);
    const listKey = this.keyspace.ownedKey(digest, KIND, conversation);
    const prepared = {
      digest,
      carried,
      entry: encodeEntry(trimmed),
      since: oldestKept(this.history, now),
      listKey,
    };
    const listing = `${digest}\u0000${conversation}`;
    if (this.listingRefresh.isFresh(listing, carried)) return prepared;
    const conversationKey = this.keyspace.unownedKey(CONVERSATION_KIND, conversation);
    const [channelKey, expiryKey] = this.channelKeys(target.subject.channelId);
    const ttlMs = this.listingRefresh.listingTtlMs;
    return {
      ...prepared,
      listing: {
        ttlMs,
        collections: [
          { key: conversationKey, type: 'zset' },
          { key: channelKey, type: 'zset' },
          { key: expiryKey, type: 'zset' },
        ],
        calls: [
          { script: LIST_IN_CONVERSATION, keys: [conversationKey], args: [digest, ttlMs] },
          { script: LIST_IN_CHANNEL, keys: [channelKey, expiryKey], args: [digest, ttlMs] },
        ],
        written: (epoch) => this.listingRefresh.written(listing, epoch),
      },
    };
  }

  private hold(batch: RedisTurnWrites, activity: LoggedActivity): void {
    const prepared = this.prepare(activity);
    if (!prepared) return;
    const { digest, entry, since, listKey, listing } = prepared;
    batch.append(digest, listKey, entry, this.ttlMs, this.history.maxEntries, since);
    if (listing) batch.share(digest, listing.collections, listing.ttlMs, listing.calls, listing.written);
  }

  private async append(activity: LoggedActivity): Promise<void> {
    const prepared = this.prepare(activity);
    if (!prepared) return;
    const { digest, carried, entry, since, listKey, listing } = prepared;
    const [status, epoch] = (await this.keyspace.bounded(
      APPEND_OWNED.run(
        this.keyspace.redis,
        [listKey, this.keyspace.indexKey(digest), this.keyspace.epochKey(digest)],
        [entry, this.ttlMs, carried ?? '', this.history.maxEntries, since],
      ),
      'transcript write',
    )) as [string, string];
    if (status !== 'OK') return;
    rememberEpoch(digest, epoch);
    if (!listing) return;
    const listed = await this.keyspace.shareDigest(
      digest,
      listing.collections,
      { ttlMs: listing.ttlMs, epoch },
      () =>
        Promise.all(
          listing.calls.map(({ script, keys, args }) =>
            this.keyspace.bounded(script.run(this.keyspace.redis, keys, args), 'transcript write'),
          ),
        ),
    );
    if (listed) listing.written(epoch);
  }

  /** Takes digests out of listings (sorted sets) once their transcripts are gone. */
  private async prune(keys: readonly string[], digests: string[]): Promise<void> {
    if (digests.length === 0) return;
    await Promise.all(
      keys.map((key) => this.keyspace.bounded(this.keyspace.redis.zrem(key, ...digests), 'transcript prune')),
    );
  }

  private conversationSubjects(conversation: string): Promise<string[]> {
    return this.keyspace.bounded(
      this.keyspace.redis.zrange(this.keyspace.unownedKey(CONVERSATION_KIND, conversation), '0', '-1'),
      'transcript read',
    );
  }

  private async transcriptKeys(digest: string): Promise<string[]> {
    const prefix = this.keyspace.ownedKey(digest, KIND, '');
    const indexed = await this.keyspace.bounded(
      this.keyspace.redis.smembers(this.keyspace.indexKey(digest)),
      'transcript read',
    );
    return indexed.filter((key) => key.startsWith(prefix));
  }

  /** The subject's conversations that still hold activities, with the time of the oldest one kept. */
  private async subjectConversations(digest: string): Promise<Array<{ id: string; created: Date }>> {
    const keys = await this.transcriptKeys(digest);
    const firsts = await Promise.all(
      keys.map((key) => this.keyspace.bounded(this.keyspace.redis.lindex(key, 0), 'transcript list')),
    );
    return firsts
      .map((json) => (json === null ? undefined : decodeEntry(json)))
      .filter((entry): entry is TranscriptEntry => entry !== undefined)
      .map((entry) => ({ id: entry.activity.conversation.id, created: new Date(entryTime(entry)) }));
  }

  private conversationDigest(channelId: string, conversationId: string): string {
    const name = `${channelId}\u0000${conversationId}`;
    let digest = this.conversationDigests.get(name);
    if (digest === undefined) {
      // An HMAC per logged activity was measurable on the turn's path: recent ones are kept.
      digest = this.keyspace.digester.digestText(name);
      setBounded(this.conversationDigests, name, digest, 10_000);
    }
    return digest;
  }

  /** The channel listing and its expiries; the channel name, URI-encoded, is their shared hash tag. */
  private channelKeys(channelId: string): [string, string] {
    const tag = `{${encodeURIComponent(channelId)}}`;
    return [this.keyspace.unownedKey(CHANNEL_KIND, tag), this.keyspace.unownedKey(CHANNEL_EXPIRY_KIND, tag)];
  }
}

interface PreparedAppend {
  digest: string;
  carried?: string;
  entry: string;
  /** The oldest log time kept (ms; 0: no age limit). */
  since: number;
  listKey: string;
  /** The listings to write with the entry; none when this process listed the subject recently. */
  listing?: {
    ttlMs: number;
    collections: SharedCollection[];
    calls: ScriptCall[];
    written(epoch: string): void;
  };
}

/**
 * When a subject's digest must be listed again in the shared listings (its conversation's and its
 * channel's). Listing it on every activity cost an ordinary turn two of its four Redis commands. A
 * listing now outlives the transcript it points to by at most a refresh interval (a quarter of the
 * retention, 15 minutes at most): it is written with the retention plus that interval, and written again
 * at the subject's first activity after the interval, so it never expires before the transcript does.
 * Readers already drop listed digests whose transcripts are gone. A listing is trusted only at the
 * erasure epoch it was written at: after an erasure (in any process) the epoch differs and the next
 * activity lists the subject again.
 */
class ListingRefresh {
  private static readonly MAX_REMEMBERED = 10_000;
  /** How long a listing lives: the retention plus the refresh interval (0: no expiry). */
  readonly listingTtlMs: number;
  private readonly intervalMs: number;
  private readonly recent = new Map<string, { epoch: string; until: number }>();

  constructor(retentionMs: number) {
    this.intervalMs = retentionMs > 0 ? Math.min(15 * 60_000, Math.floor(retentionMs / 4)) : Infinity;
    this.listingTtlMs = retentionMs > 0 ? retentionMs + this.intervalMs : 0;
  }

  /** True when the listing was written at `epoch` less than an interval ago. */
  isFresh(listing: string, epoch: string | undefined): boolean {
    if (epoch === undefined) return false;
    const recent = this.recent.get(listing);
    return recent !== undefined && recent.epoch === epoch && Date.now() < recent.until;
  }

  written(listing: string, epoch: string): void {
    setBounded(
      this.recent,
      listing,
      { epoch, until: Date.now() + this.intervalMs },
      ListingRefresh.MAX_REMEMBERED,
    );
  }
}
