/**
 * The turn as the privacy layer's turn logic sees it: the part of a turn context, an activity and a
 * middleware that botbuilder 4.x and the Microsoft 365 Agents SDK share. Both SDKs' objects fit these
 * structural types as they are (the Agents SDK is the Bot Framework SDK's successor, with the same
 * activity protocol), so the turn logic is written once against them and each host binding passes its
 * own objects in.
 */

/** A user, bot or page on a channel. */
export interface ChannelAccount {
  id?: string;
  name?: string;
}

/** The conversation an activity belongs to. */
export interface ConversationAccount {
  id?: string;
  isGroup?: boolean;
  conversationType?: string;
}

/** A button: a suggested action (Messenger quick reply) or a card button. */
export interface CardAction {
  type: string;
  title: string;
  value?: unknown;
  displayText?: string;
}

/** A file or card sent with a message. */
export interface Attachment {
  contentType: string;
  content?: unknown;
  contentUrl?: string;
  name?: string;
}

/** The Bot Framework activity: the fields the privacy layer reads, redacts or sends. */
export interface Activity {
  type?: string;
  id?: string;
  /** The name of an event activity (e.g. `standby` from the Facebook channel). */
  name?: string;
  channelId?: string;
  locale?: string;
  from?: ChannelAccount;
  recipient?: ChannelAccount;
  conversation?: ConversationAccount;
  text?: string;
  speak?: string;
  summary?: string;
  value?: unknown;
  channelData?: unknown;
  attachments?: Attachment[];
  suggestedActions?: { to: string[]; actions: CardAction[] };
}

/** What sending returns. */
export interface ResourceResponse {
  id?: string;
}

/** The turn context: its activity, sending, the send and update hooks, and per-turn memory. */
export interface TurnContext {
  /** The incoming activity of the turn. */
  readonly activity: Activity;
  /** Sends one activity (or a plain text message) in reply. */
  sendActivity(activityOrText: string | Partial<Activity>): Promise<ResourceResponse | undefined>;
  /** Sends several activities in reply, in order. */
  sendActivities(activities: Partial<Activity>[]): Promise<ResourceResponse[]>;
  /** Registers a hook that sees (and may change) every activity the turn sends, before it leaves. */
  onSendActivities(
    handler: (
      context: TurnContext,
      activities: Partial<Activity>[],
      next: () => Promise<ResourceResponse[]>,
    ) => Promise<ResourceResponse[]>,
  ): unknown;
  /** Registers a hook that sees (and may change) every activity the turn updates, before it leaves. */
  onUpdateActivity(
    handler: (context: TurnContext, activity: Partial<Activity>, next: () => Promise<void>) => Promise<void>,
  ): unknown;
  /** Memory of this turn only (never stored). */
  readonly turnState: { get(key: unknown): unknown; set(key: unknown, value: unknown): unknown };
}

/** Turn middleware: `adapter.use(middleware)` in both SDKs. Not calling `next()` ends the turn there. */
export interface Middleware {
  /** Handles the turn: calls `next()` to pass it on, or does not, to end it here. */
  onTurn(context: TurnContext, next: () => Promise<void>): Promise<void>;
}
