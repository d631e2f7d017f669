/**
 * A transcript store as botbuilder 4.x and the Microsoft 365 Agents SDK both declare it, over the part
 * of an activity a transcript keeps. Both SDKs' `TranscriptLogger` (what `TranscriptLoggerMiddleware`
 * takes) accepts the privacy transcript stores as they are. Their `TranscriptStore` types name each
 * SDK's full `Activity` as what a read returns; the privacy stores return the trimmed activity below
 * (see `trimForTranscript`), so they declare this interface instead.
 */

/** The sender or recipient of a kept activity: no name. */
export interface TranscriptAccount {
  id?: string;
  /** `user`, `bot`, `skill`, ... */
  role?: string;
}

/** The conversation of a kept activity. */
export interface TranscriptConversation {
  id: string;
  isGroup?: boolean;
  conversationType?: string;
}

/** What a transcript keeps of an activity, and what reading a transcript returns. */
export interface TranscriptActivity {
  /**
   * The activity's id on its channel, so a later `messageUpdate` or `messageDelete` naming it finds the
   * entry (see {@link TranscriptLogger.logActivity}). Never exported to the person.
   */
  id?: string;
  type?: string;
  timestamp?: Date;
  channelId?: string;
  conversation: TranscriptConversation;
  from?: TranscriptAccount;
  recipient?: TranscriptAccount;
  text?: string;
  /** Only the titles of the buttons offered. */
  suggestedActions?: { actions: Array<{ title: string }> };
  /** Only the kind and name of what was attached. */
  attachments?: Array<{ contentType: string; name?: string }>;
}

/**
 * An activity as either SDK logs it (botbuilder's `Activity`, the Agents SDK's `Activity` class): the
 * fields a transcript reads, any of them missing, times as dates or ISO strings.
 */
export type LoggedActivity = Partial<Omit<TranscriptActivity, 'timestamp'>> & { timestamp?: Date | string };

/** One page of a listing. `continuationToken` is empty on the last page. */
export interface PagedResult<T> {
  items: T[];
  continuationToken: string;
}

/** A conversation that has a transcript. */
export interface TranscriptInfo {
  channelId: string;
  id: string;
  /** When its oldest kept activity was logged. */
  created: Date;
}

/** Logs activities: `new TranscriptLoggerMiddleware(logger)` on either SDK. */
export interface TranscriptLogger {
  /**
   * Logs one activity of a conversation. The privacy stores treat two types as corrections rather than
   * new entries: a `messageUpdate` replaces, and a `messageDelete` removes, the kept entry whose `id` is
   * the correction's `id` (as Bot Framework channels and TranscriptLoggerMiddleware send them).
   */
  logActivity(activity: LoggedActivity): void | Promise<void>;
}

/** A transcript logger that reads back, lists and deletes what it logged. */
export interface TranscriptStore extends TranscriptLogger {
  /**
   * One page of a conversation's kept activities, oldest first; from `startDate` on when given. Pass the
   * page's `continuationToken` for the next page.
   */
  getTranscriptActivities(
    channelId: string,
    conversationId: string,
    continuationToken?: string,
    startDate?: Date,
  ): Promise<PagedResult<TranscriptActivity>>;
  /** One page of the conversations with a transcript on the channel. */
  listTranscripts(channelId: string, continuationToken?: string): Promise<PagedResult<TranscriptInfo>>;
  /** Deletes the conversation's transcript. */
  deleteTranscript(channelId: string, conversationId: string): Promise<void>;
}
