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
import type { MemoryKeyspace } from './memory-keyspace';
import {
  compareEntries,
  correctEntry,
  correctionOf,
  decodeEntries,
  decodeEntry,
  encodeEntry,
  entryTime,
  newEntry,
  transcriptTargetOf,
  type TranscriptEntry,
} from './transcript-entry';
import {
  historyCapOf,
  historyTtlMs,
  keptEntries,
  loggedBefore,
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
  rangeOf,
  transcriptSections,
  wholeSections,
  type EntryList,
} from './transcript-reading';

/** Options of {@link MemoryPrivacyTranscriptStore}. */
export interface MemoryPrivacyTranscriptStoreOptions {
  /** The keyspace of the bot's MemoryPrivacyStorage (`storage.keyspace`), so erasing a subject removes its history. */
  keyspace: MemoryKeyspace;
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
}

/** Kind of a subject's transcript items: one list per conversation digest. */
const KIND = 't';
/** Shared collections: the subjects with a transcript in a conversation, and on a channel. */
const CONVERSATION_KIND = 'tc';
const CHANNEL_KIND = 'tl';

/**
 * A {@link TranscriptStore} (either SDK's transcript logger) in process memory with the same filing, erasure,
 * no-resurrection, retention and paging rules as RedisTranscriptStore: one list per (subject,
 * conversation) in the bot's {@link MemoryKeyspace}, and listings of subject digests per conversation
 * and per channel shared through the keyspace, so `keyspace.eraseSubject` removes the user's whole
 * history with the rest of their data. Everything is lost when the process exits.
 */
export class MemoryPrivacyTranscriptStore
  implements TranscriptStore, SubjectErasure, SubjectDataSource, HistorySource
{
  /** The keyspace the history is written in (the storage's). */
  readonly keyspace: MemoryKeyspace;
  private readonly ttlMs: number;
  private readonly history: HistoryCap;
  private readonly pageSize: number;
  private readonly maxEntryBytes: number;

  constructor(options: MemoryPrivacyTranscriptStoreOptions) {
    if (!options?.keyspace) {
      throw new ConfigurationError('MemoryPrivacyTranscriptStore needs the MemoryKeyspace in `keyspace`.');
    }
    const { retentionSeconds } = options;
    if (retentionSeconds !== undefined && (!Number.isInteger(retentionSeconds) || retentionSeconds < 1)) {
      throw new ConfigurationError(
        'MemoryPrivacyTranscriptStore: retentionSeconds must be a whole number, at least 1.',
      );
    }
    this.history = historyCapOf(options, 'MemoryPrivacyTranscriptStore');
    this.keyspace = options.keyspace;
    // With an age limit, a conversation nobody writes in expires once its newest entry is past it.
    this.ttlMs = historyTtlMs(this.history, (retentionSeconds ?? 0) * 1000);
    this.pageSize = checkPageSize(options.pageSize, 'MemoryPrivacyTranscriptStore');
    this.maxEntryBytes = checkEntryBytes(options.maxEntryBytes, 'MemoryPrivacyTranscriptStore');
  }

  /**
   * Appends the activity to its subject's transcript of the conversation. Resolves without storing
   * anything for an activity that names no user, or whose user was erased while its turn ran. A
   * `messageUpdate` replaces, and a `messageDelete` removes, the kept entry with its `id` (nothing
   * happens when there is none).
   */
  async logActivity(activity: LoggedActivity): Promise<void> {
    const target = transcriptTargetOf(activity);
    if (!target) return;
    const correction = correctionOf(activity);
    if (correction) {
      const digest = this.keyspace.digester.digest(target.subject);
      const key = this.keyspace.ownedKey(
        KIND,
        this.conversationDigest(target.subject.channelId, target.conversationId),
      );
      const corrected = correctEntry(
        this.keyspace.readOwnedList(digest, key),
        correction,
        activity,
        this.maxEntryBytes,
      );
      if (corrected) this.keyspace.correctOwnedList(digest, key, corrected.stored, corrected.replacement);
      return;
    }
    const now = this.keyspace.now();
    const entry = newEntry(activity, now, this.maxEntryBytes);
    if (!entry) return;
    const since = oldestKept(this.history, now);
    const { channelId } = target.subject;
    const digest = this.keyspace.digester.digest(target.subject);
    const conversation = this.conversationDigest(channelId, target.conversationId);
    const written = this.keyspace.appendOwned(
      digest,
      this.keyspace.ownedKey(KIND, conversation),
      encodeEntry(entry),
      {
        ttlMs: this.ttlMs,
        maxLength: this.history.maxEntries,
        agedOut: since === 0 ? undefined : (stored) => loggedBefore(stored, since),
      },
    );
    if (written === 'erased') return;
    this.keyspace.shareDigest(digest, `${CONVERSATION_KIND}:${conversation}`);
    this.keyspace.shareDigest(digest, `${CHANNEL_KIND}:${channelId}`);
  }

  /** Nothing to wait for: activities are stored when `logActivity` resolves. */
  async flush(): Promise<void> {}

  async getTranscriptActivities(
    channelId: string,
    conversationId: string,
    continuationToken?: string,
    startDate?: Date,
  ): Promise<PagedResult<TranscriptActivity>> {
    checkConversation('getTranscriptActivities', channelId, conversationId);
    const conversation = this.conversationDigest(channelId, conversationId);
    const listing = `${CONVERSATION_KIND}:${conversation}`;
    const since = oldestKept(this.history, this.keyspace.now());
    const entries: TranscriptEntry[] = [];
    for (const digest of this.keyspace.sharedDigests(listing)) {
      const list = this.keyspace.readOwnedList(digest, this.keyspace.ownedKey(KIND, conversation));
      if (list.length === 0) this.keyspace.unshareDigest(digest, listing); // expired or deleted
      entries.push(
        ...keptEntries(decodeEntries(list), since).filter(
          ({ activity }) => activity.channelId === channelId && activity.conversation?.id === conversationId,
        ),
      );
    }
    return pageEntries(entries, continuationToken, startDate, this.pageSize);
  }

  /** Conversations with a transcript on a channel, a page of users at a time (as RedisTranscriptStore). */
  async listTranscripts(channelId: string, continuationToken?: string): Promise<PagedResult<TranscriptInfo>> {
    checkChannel('listTranscripts', channelId);
    const after = parseSubjectToken(continuationToken);
    const listing = `${CHANNEL_KIND}:${channelId}`;
    const digests = this.keyspace
      .sharedDigests(listing)
      .filter((digest) => after === undefined || digest > after)
      .sort()
      .slice(0, this.pageSize);
    const items = new Map<string, TranscriptInfo>();
    for (const digest of digests) {
      const conversations = this.subjectConversations(digest);
      if (conversations.length === 0) this.keyspace.unshareDigest(digest, listing);
      for (const { id, created } of conversations) {
        const seen = items.get(id);
        if (!seen || seen.created > created) items.set(id, { channelId, id, created });
      }
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
    const listing = `${CONVERSATION_KIND}:${conversation}`;
    for (const digest of this.keyspace.sharedDigests(listing)) {
      this.keyspace.deleteOwned(digest, this.keyspace.ownedKey(KIND, conversation));
      this.keyspace.unshareDigest(digest, listing);
    }
  }

  /** The subject's message history, one section per conversation (who said what and when; no ids). */
  async exportSubject(subject: DataSubject): Promise<SubjectDataSection[]> {
    return wholeSections(await this.exportSections(subject));
  }

  /** The same sections as {@link exportSubject}, read page by page (as RedisTranscriptStore). */
  async exportSections(subject: DataSubject): Promise<PagedDataSection[]> {
    const since = oldestKept(this.history, this.keyspace.now());
    return transcriptSections(subject, this.subjectLists(subject), since);
  }

  /** The newest messages of the subject before a cursor (as RedisTranscriptStore). */
  async historyPage(subject: DataSubject, options: { before?: string; limit: number }): Promise<HistoryPage> {
    const since = oldestKept(this.history, this.keyspace.now());
    return historyPage(subject, this.subjectLists(subject), options.before, options.limit, since);
  }

  /** The subject's transcript lists as they are now (a later append makes a new list, not a change). */
  private subjectLists(subject: DataSubject): EntryList[] {
    assertValidSubject(subject);
    const digest = this.keyspace.digester.digest(subject);
    return this.keyspace.ownedKeys(digest, this.keyspace.ownedKey(KIND, '')).map((key) => {
      const list = this.keyspace.readOwnedList(digest, key);
      return {
        range: async (start, stop) => rangeOf(list, start, stop),
        length: async () => list.length,
      };
    });
  }

  /** Erases everything the keyspace holds for the subject: transcripts and state alike. */
  eraseSubject(subject: DataSubject): Promise<ErasureReceipt> {
    return this.keyspace.eraseSubject(subject);
  }

  /** The subject's conversations that still hold activities, with the time of the oldest one kept. */
  private subjectConversations(digest: string): Array<{ id: string; created: Date }> {
    return this.keyspace
      .ownedKeys(digest, this.keyspace.ownedKey(KIND, ''))
      .map((key) => this.keyspace.readOwnedList(digest, key)[0])
      .map((json) => (json === undefined ? undefined : decodeEntry(json)))
      .filter((entry): entry is TranscriptEntry => entry !== undefined)
      .map((entry) => ({ id: entry.activity.conversation.id, created: new Date(entryTime(entry)) }));
  }

  private conversationDigest(channelId: string, conversationId: string): string {
    return this.keyspace.digester.digestText(`${channelId}\u0000${conversationId}`);
  }
}
