import type { Activity, TurnContext } from './turn-context';
import type { StatePropertyAccessor } from './turn-state';

/** Who answers a conversation now: the bot, or a human agent (e.g. in Meta's Page inbox). */
export type ThreadHolder = 'bot' | 'human';

/**
 * What an incoming activity says about thread control:
 * - `handover`: thread control moved (Messenger's `pass_thread_control` / `take_thread_control`);
 * - `standby`: a message the person sent while another app holds the thread (the bot must not answer);
 * - `echo`: a message the page sent (a human agent's, or the bot's own), not the person's;
 * - `notice`: any other thread-control event (a request for the thread, app roles): nothing to answer.
 */
export type ThreadSignal =
  | { readonly kind: 'handover'; readonly holder: ThreadHolder }
  | { readonly kind: 'standby' }
  | { readonly kind: 'echo' }
  | { readonly kind: 'notice' };

/**
 * A channel's way of handing conversations to human agents and back, as the privacy layer uses it
 * (`PrivacyOptions.handover`; `MessengerHandover` from `botbuilder-privacy/messenger` is Messenger's).
 * Metadata strings go to the human agents' inbox: they never carry personal data.
 */
export interface ThreadHandover {
  /** The channel whose conversations it hands over, e.g. `facebook`. */
  readonly channelId: string;
  /** What the activity says about thread control; undefined for an ordinary message of the person. */
  signalOf(activity: Partial<Activity>): ThreadSignal | undefined;
  /**
   * The message a standby event carries, as the fields of a message activity (so it is redacted, logged
   * and exported like any message of the person, or of the human agent for an echo); undefined when
   * it carries none.
   */
  standbyMessage?(activity: Partial<Activity>): Partial<Activity> | undefined;
  /** Passes the turn's conversation to the human agents' inbox. */
  passToHuman(context: TurnContext, metadata: string): Promise<void>;
  /** Takes the turn's conversation back from whoever holds it. */
  takeBack(context: TurnContext, metadata: string): Promise<void>;
}

/**
 * Who holds the conversation's thread, in the conversation's state (property `privacyThreadControl`):
 * erased and exported with the person of a one-to-one conversation.
 */
export interface ThreadControlRecord {
  /** Who answers now. */
  holder: ThreadHolder;
  /** When it last changed hands. */
  since: string;
  /** The bot took the thread from a human agent only for the privacy menu, and gives it back after. */
  forPrivacy?: boolean;
}

/** Reads and records who holds the thread of the turn's conversation. */
export class ThreadControl {
  constructor(
    readonly handover: ThreadHandover,
    private readonly record: StatePropertyAccessor<ThreadControlRecord | undefined>,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when this turn's channel is the handover's. */
  appliesTo(context: TurnContext): boolean {
    return context.activity.channelId === this.handover.channelId;
  }

  /** The turn's thread signal, when this channel hands over. */
  signalOf(context: TurnContext): ThreadSignal | undefined {
    return this.appliesTo(context) ? this.handover.signalOf(context.activity) : undefined;
  }

  async current(context: TurnContext): Promise<ThreadControlRecord | undefined> {
    return this.appliesTo(context) ? await this.record.get(context) : undefined;
  }

  /** Who holds the thread: the bot unless a human agent was recorded as holding it. */
  async holder(context: TurnContext): Promise<ThreadHolder> {
    return (await this.current(context))?.holder ?? 'bot';
  }

  /** Records a new holder; returns the previous one. */
  async set(context: TurnContext, holder: ThreadHolder, forPrivacy = false): Promise<ThreadHolder> {
    const previous = await this.holder(context);
    const current = await this.current(context);
    if (previous === holder && Boolean(current?.forPrivacy) === forPrivacy) return previous;
    await this.record.set(context, {
      holder,
      since: new Date(this.now()).toISOString(),
      ...(forPrivacy ? { forPrivacy: true } : {}),
    });
    return previous;
  }
}
