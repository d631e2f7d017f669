/** An activity as Direct Line carries it (the Bot Framework activity schema, loosely typed). */
export type DirectLineActivity = Record<string, unknown> & { id?: string; type?: string };

/** What `GET .../activities?watermark=` returns (Direct Line 3.0 `ActivitySet`). */
export interface ActivitySet {
  activities: DirectLineActivity[];
  watermark: string;
}

interface Conversation {
  /** Sequence number of the next activity. */
  next: number;
  /** Activities not yet acknowledged by a later watermark, oldest first. */
  pending: Array<{ seq: number; activity: DirectLineActivity }>;
  lastUsed: number;
}

export interface DirectLineConversationsOptions {
  /** Conversations kept at most; the least recently used goes first. Default 10 000. */
  maxConversations?: number;
  /** Undelivered activities kept per conversation; the oldest goes first. Default 200. */
  maxPending?: number;
  /** A conversation unused this long is forgotten. Default one hour. */
  idleSeconds?: number;
  now?: () => number;
}

/**
 * The conversations of a local Direct Line, in memory: each is a queue of activities with a watermark.
 * An activity is forgotten as soon as the client asks for the activities after it (it has it then), so
 * the transport keeps no chat history of its own: the bot's stores are the only record, and they are
 * erased with the person. Memory is bounded by conversation count, queue length and idle time.
 */
export class DirectLineConversations {
  private readonly conversations = new Map<string, Conversation>();
  private readonly maxConversations: number;
  private readonly maxPending: number;
  private readonly idleMs: number;
  private readonly now: () => number;

  constructor(options: DirectLineConversationsOptions = {}) {
    this.maxConversations = options.maxConversations ?? 10_000;
    this.maxPending = options.maxPending ?? 200;
    this.idleMs = (options.idleSeconds ?? 3600) * 1000;
    this.now = options.now ?? Date.now;
  }

  /** Opens the conversation; true when it is new (it was not open, or was forgotten). */
  open(id: string): boolean {
    if (this.touch(id)) return false;
    this.conversations.set(id, { next: 1, pending: [], lastUsed: this.now() });
    while (this.conversations.size > this.maxConversations) {
      this.conversations.delete(this.conversations.keys().next().value!);
    }
    return true;
  }

  has(id: string): boolean {
    return this.touch(id) !== undefined;
  }

  /**
   * Adds activities in order; one without an id gets `conversationId|0000001` (its sequence number).
   * Returns the ids.
   */
  append(id: string, activities: readonly DirectLineActivity[]): string[] {
    const conversation = this.touch(id);
    if (!conversation) return [];
    return activities.map((activity) => {
      const seq = conversation.next++;
      const withId = { ...activity, id: activity.id ?? `${id}|${String(seq).padStart(7, '0')}` };
      conversation.pending.push({ seq, activity: withId });
      if (conversation.pending.length > this.maxPending) conversation.pending.shift();
      return withId.id;
    });
  }

  /**
   * The activities after `watermark` (all kept ones without it) and the new watermark; those up to
   * `watermark` are forgotten. Undefined for an unknown conversation.
   */
  after(id: string, watermark?: string): ActivitySet | undefined {
    const conversation = this.touch(id);
    if (!conversation) return undefined;
    const seen = Number.parseInt(watermark ?? '', 10);
    if (Number.isInteger(seen) && seen > 0) {
      conversation.pending = conversation.pending.filter((entry) => entry.seq > seen);
    }
    const activities = conversation.pending.map((entry) => entry.activity);
    return { activities, watermark: String(conversation.next - 1) };
  }

  /** How many conversations are open (bounded by `maxConversations`). */
  get size(): number {
    return this.conversations.size;
  }

  /** The conversation, marked as used now; undefined (and forgotten) when unknown or idle too long. */
  private touch(id: string): Conversation | undefined {
    const conversation = this.conversations.get(id);
    if (!conversation) return undefined;
    const now = this.now();
    this.conversations.delete(id); // re-inserted last: the map stays ordered by last use
    if (now - conversation.lastUsed > this.idleMs) return undefined;
    conversation.lastUsed = now;
    this.conversations.set(id, conversation);
    return conversation;
  }
}
