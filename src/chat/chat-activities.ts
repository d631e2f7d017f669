import { randomBytes, randomInt } from 'node:crypto';
import type { Activity } from 'botbuilder';

/** Who is chatting, where. */
export interface ChatIdentityOptions {
  /** Default `webchat`. */
  channelId?: string;
  /** Default `en-US`. */
  locale?: string;
  /** Sent as `from.name` (the privacy layer captures it on channels that collect names). */
  userName?: string;
  /** Id of the bot in `recipient`. Default `bot`. */
  botId?: string;
}

/**
 * Builds the activities a channel would send for one chat session: a fresh random user and conversation
 * (on `facebook` a 16-digit numeric id like a page-scoped id), the same for every activity of the session.
 */
export class ChatActivities {
  readonly channelId: string;
  readonly locale: string;
  readonly userId: string;
  readonly conversationId: string;
  private readonly userName?: string;
  private readonly botId: string;
  private sent = 0;

  constructor(options: ChatIdentityOptions = {}) {
    this.channelId = options.channelId ?? 'webchat';
    this.locale = options.locale ?? 'en-US';
    this.userName = options.userName;
    this.botId = options.botId ?? 'bot';
    this.userId = this.isMessenger ? randomDigits(16) : `chat-user-${randomBytes(8).toString('hex')}`;
    this.conversationId = `chat-conv-${randomBytes(8).toString('hex')}`;
  }

  /** The person joins, as Web Chat announces when it opens. */
  conversationUpdate(): Partial<Activity> {
    return {
      ...this.base('conversationUpdate'),
      membersAdded: [
        { id: this.botId, name: 'bot' },
        { id: this.userId, name: this.userName },
      ],
    } as Partial<Activity>;
  }

  /** A typed message. */
  text(text: string): Partial<Activity> {
    return {
      ...this.base('message'),
      text,
      ...(this.isMessenger
        ? { channelData: { ...this.messenger(), message: { mid: this.messageId(), text } } }
        : {}),
    };
  }

  /**
   * A button press: the payload as text, plus `channelData.postback` as the Facebook channel delivers a
   * postback, or `value` as Web Chat delivers a postBack action elsewhere.
   */
  postback(payload: string, title = payload): Partial<Activity> {
    return {
      ...this.base('message'),
      text: payload,
      ...(this.isMessenger
        ? { channelData: { ...this.messenger(), postback: { payload, title } } }
        : { value: payload }),
    };
  }

  private get isMessenger(): boolean {
    return this.channelId === 'facebook';
  }

  private base(type: string): Partial<Activity> {
    this.sent++;
    return {
      type,
      id: `${this.conversationId}-${this.sent}`,
      timestamp: new Date(),
      channelId: this.channelId,
      serviceUrl: 'https://chat-cli.invalid/',
      from: { id: this.userId, ...(this.userName ? { name: this.userName } : {}), role: 'user' },
      recipient: { id: this.botId, name: 'bot', role: 'bot' },
      conversation: { id: this.conversationId, isGroup: false, name: '', conversationType: 'personal' },
      locale: this.locale,
    } as Partial<Activity>;
  }

  private messenger() {
    return { sender: { id: this.userId }, recipient: { id: this.botId }, timestamp: Date.now() };
  }

  private messageId(): string {
    return `m_${randomBytes(8).toString('hex')}`;
  }
}

function randomDigits(length: number): string {
  let digits = String(randomInt(1, 10));
  while (digits.length < length) digits += String(randomInt(0, 10));
  return digits;
}
