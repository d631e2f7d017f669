import type { Activity, PagedResult, TranscriptInfo, TranscriptStore } from 'botbuilder-core';
import type { SubjectDataSection, SubjectDataSource } from '../core/data-export';
import { erasureReceipt, type ErasureReceipt, type SubjectErasure } from '../core/erasure';
import { ConfigurationError } from '../core/errors';
import { assertValidSubject, SubjectDigester, type DataSubject } from '../core/subject';
import { carriedEpoch, ERASED_IN_THIS_TURN, markErasedInCurrentTurn } from '../core/subject-scope';
import {
  decodeEntry,
  encodeEntry,
  newEntry,
  entryTime,
  transcriptSection,
  transcriptTargetOf,
  type TranscriptEntry,
} from './transcript-entry';
import {
  checkChannel,
  checkConversation,
  checkEntryBytes,
  checkPageSize,
  pageEntries,
  parseSubjectToken,
} from './transcript-paging';

/** Options of {@link MemoryPrivacyTranscriptStore}. */
export interface MemoryPrivacyTranscriptStoreOptions {
  /** Secret for subject digests; use the same one as the rest of the bot's stores. */
  subjectSecret?: string;
  /** Keep a conversation's history this long after its last activity. Default: until erased or deleted. */
  retentionSeconds?: number;
  /** Oldest activities of a user's conversation are dropped beyond this many. Default 1000. */
  maxActivitiesPerConversation?: number;
  /** Activities per `getTranscriptActivities` page and users per `listTranscripts` page. Default 20. */
  pageSize?: number;
  /**
   * Cap on one stored activity, in bytes of JSON (default 8 KB). Activities are kept trimmed to what the
   * export needs (see `trimForTranscript`); a longer text is cut to fit.
   */
  maxEntryBytes?: number;
  /** Clock in ms (tests). */
  now?: () => number;
}

interface ConversationLog {
  readonly conversationId: string;
  /** Encoded entries, so later changes to a logged activity object do not change the history. */
  readonly entries: string[];
  expiresAt: number;
}

interface SubjectLogs {
  readonly channelId: string;
  readonly conversations: Map<string, ConversationLog>;
}

/**
 * An in-process {@link TranscriptStore} with the same per-user filing, erasure, no-resurrection,
 * retention and paging rules as RedisTranscriptStore, for development and examples without Redis.
 *
 * Design: it is a separate {@link SubjectErasure} rather than a part of MemoryPrivacyStorage, like the
 * other memory stores, so each can be used alone. A bot without Redis therefore erases a user from each
 * of its memory stores (state, transcripts, ...) together; with Redis one keyspace erasure does it all.
 * Everything is lost when the process exits.
 */
export class MemoryPrivacyTranscriptStore implements TranscriptStore, SubjectErasure, SubjectDataSource {
  private readonly subjects = new Map<string, SubjectLogs>();
  private readonly conversationSubjects = new Map<string, Set<string>>();
  private readonly channelSubjects = new Map<string, Set<string>>();
  private readonly epochs = new Map<string, number>();
  private readonly digester: SubjectDigester;
  private readonly ttlMs: number;
  private readonly maxActivities: number;
  private readonly pageSize: number;
  private readonly maxEntryBytes: number;
  private readonly now: () => number;

  constructor(options: MemoryPrivacyTranscriptStoreOptions = {}) {
    const { retentionSeconds, maxActivitiesPerConversation } = options;
    if (retentionSeconds !== undefined && (!Number.isInteger(retentionSeconds) || retentionSeconds < 1)) {
      throw new ConfigurationError(
        'MemoryPrivacyTranscriptStore: retentionSeconds must be a whole number, at least 1.',
      );
    }
    if (
      maxActivitiesPerConversation !== undefined &&
      (!Number.isInteger(maxActivitiesPerConversation) || maxActivitiesPerConversation < 1)
    ) {
      throw new ConfigurationError(
        'MemoryPrivacyTranscriptStore: maxActivitiesPerConversation must be a whole number, at least 1.',
      );
    }
    this.digester = new SubjectDigester(options.subjectSecret ?? process.env.PRIVACY_SUBJECT_SECRET);
    this.ttlMs = (retentionSeconds ?? 0) * 1000;
    this.maxActivities = maxActivitiesPerConversation ?? 1000;
    this.pageSize = checkPageSize(options.pageSize, 'MemoryPrivacyTranscriptStore');
    this.maxEntryBytes = checkEntryBytes(options.maxEntryBytes, 'MemoryPrivacyTranscriptStore');
    this.now = options.now ?? Date.now;
  }

  /** Appends the activity to its user's transcript; see RedisTranscriptStore.logActivity. */
  async logActivity(activity: Activity): Promise<void> {
    const target = transcriptTargetOf(activity);
    if (!target) return;
    const digest = this.digester.digest(target.subject);
    if (this.erasedSinceTurnBegan(digest)) return;
    const trimmed = newEntry(activity, this.now(), this.maxEntryBytes);
    if (!trimmed) return;
    const entry = encodeEntry(trimmed);

    const { channelId } = target.subject;
    const conversation = this.conversationDigest(channelId, target.conversationId);
    let log = this.live(digest, conversation);
    let logs = this.subjects.get(digest);
    if (!logs) this.subjects.set(digest, (logs = { channelId, conversations: new Map() }));
    if (!log) {
      log = { conversationId: target.conversationId, entries: [], expiresAt: Infinity };
      logs.conversations.set(conversation, log);
    }
    log.entries.push(entry);
    if (log.entries.length > this.maxActivities)
      log.entries.splice(0, log.entries.length - this.maxActivities);
    log.expiresAt = this.ttlMs > 0 ? this.now() + this.ttlMs : Infinity;
    setOf(this.conversationSubjects, conversation).add(digest);
    setOf(this.channelSubjects, channelId).add(digest);
  }

  /** Nothing to wait for: activities are stored when `logActivity` resolves. */
  async flush(): Promise<void> {}

  async getTranscriptActivities(
    channelId: string,
    conversationId: string,
    continuationToken?: string,
    startDate?: Date,
  ): Promise<PagedResult<Activity>> {
    checkConversation('getTranscriptActivities', channelId, conversationId);
    const conversation = this.conversationDigest(channelId, conversationId);
    const entries: TranscriptEntry[] = [];
    for (const digest of [...(this.conversationSubjects.get(conversation) ?? [])]) {
      for (const json of this.live(digest, conversation)?.entries ?? []) {
        const entry = decodeEntry(json);
        if (entry?.activity.channelId === channelId && entry.activity.conversation.id === conversationId) {
          entries.push(entry);
        }
      }
    }
    return pageEntries(entries, continuationToken, startDate, this.pageSize);
  }

  /** Conversations with a transcript on a channel, a page of users at a time (as RedisTranscriptStore). */
  async listTranscripts(channelId: string, continuationToken?: string): Promise<PagedResult<TranscriptInfo>> {
    checkChannel('listTranscripts', channelId);
    const after = parseSubjectToken(continuationToken);
    const digests = [...(this.channelSubjects.get(channelId) ?? [])]
      .filter((digest) => after === undefined || digest > after)
      .sort()
      .slice(0, this.pageSize);
    const items = new Map<string, TranscriptInfo>();
    for (const digest of digests) {
      for (const conversation of [...(this.subjects.get(digest)?.conversations.keys() ?? [])]) {
        const first = this.live(digest, conversation)?.entries[0];
        const entry = first === undefined ? undefined : decodeEntry(first);
        if (!entry) continue;
        const info = { channelId, id: entry.activity.conversation.id, created: new Date(entryTime(entry)) };
        const seen = items.get(info.id);
        if (!seen || seen.created > info.created) items.set(info.id, info);
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
    for (const digest of [...(this.conversationSubjects.get(conversation) ?? [])]) {
      this.removeLog(digest, conversation);
    }
    this.conversationSubjects.delete(conversation);
  }

  async exportSubject(subject: DataSubject): Promise<SubjectDataSection[]> {
    assertValidSubject(subject);
    const digest = this.digester.digest(subject);
    const sections: Array<{ at: number; section: SubjectDataSection }> = [];
    for (const conversation of [...(this.subjects.get(digest)?.conversations.keys() ?? [])]) {
      const log = this.live(digest, conversation);
      const entries = (log?.entries ?? [])
        .map(decodeEntry)
        .filter((entry): entry is TranscriptEntry => entry !== undefined);
      if (log && entries.length > 0) {
        sections.push({
          at: entries[0].at,
          section: transcriptSection(subject, log.conversationId, entries),
        });
      }
    }
    return sections.sort((a, b) => a.at - b.at).map(({ section }) => section);
  }

  /** Removes the subject's whole history; activities its in-flight turns log afterwards are dropped. */
  async eraseSubject(subject: DataSubject): Promise<ErasureReceipt> {
    assertValidSubject(subject);
    const digest = this.digester.digest(subject);
    markErasedInCurrentTurn(digest);
    const logs = this.subjects.get(digest);
    const conversations = [...(logs?.conversations.keys() ?? [])];
    for (const conversation of conversations) this.removeLog(digest, conversation);
    this.subjects.delete(digest);
    this.channelSubjects.get(subject.channelId)?.delete(digest);
    this.epochs.set(digest, (this.epochs.get(digest) ?? 0) + 1);
    return erasureReceipt(digest, conversations.length, !this.namesSubject(digest));
  }

  /** True when any structure of the store (history, conversation or channel listing) names the subject. */
  private namesSubject(digest: string): boolean {
    if (this.subjects.has(digest)) return true;
    for (const listing of [this.conversationSubjects, this.channelSubjects]) {
      for (const digests of listing.values()) if (digests.has(digest)) return true;
    }
    return false;
  }

  /**
   * True when the running turn erased the subject, or read the subject's data (in any memory store)
   * before this store was erased. Memory stores count erasures separately and the turn remembers the
   * count of the first store it read, so this store only trusts a count lower than its own: erase every
   * memory store of a subject together and the counts stay equal. It never records its own count, so a
   * log at the end of a turn cannot disturb the other stores.
   */
  private erasedSinceTurnBegan(digest: string): boolean {
    const carried = carriedEpoch(digest);
    if (carried === ERASED_IN_THIS_TURN) return true;
    return carried !== undefined && Number(carried) < (this.epochs.get(digest) ?? 0);
  }

  /** The subject's log of a conversation, unless it has expired (then it is removed). */
  private live(digest: string, conversation: string): ConversationLog | undefined {
    const log = this.subjects.get(digest)?.conversations.get(conversation);
    if (log && log.expiresAt <= this.now()) {
      this.removeLog(digest, conversation);
      return undefined;
    }
    return log;
  }

  private removeLog(digest: string, conversation: string): void {
    const logs = this.subjects.get(digest);
    logs?.conversations.delete(conversation);
    const subjects = this.conversationSubjects.get(conversation);
    subjects?.delete(digest);
    if (subjects?.size === 0) this.conversationSubjects.delete(conversation);
    if (logs && logs.conversations.size === 0) {
      this.subjects.delete(digest);
      const channel = this.channelSubjects.get(logs.channelId);
      channel?.delete(digest);
      if (channel?.size === 0) this.channelSubjects.delete(logs.channelId);
    }
  }

  private conversationDigest(channelId: string, conversationId: string): string {
    return this.digester.digestText(`${channelId}\u0000${conversationId}`);
  }
}

function setOf(map: Map<string, Set<string>>, key: string): Set<string> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}
