import { ConfigurationError } from '../core/errors';
import { localize, type LocalizedText } from '../core/inventory';
import { format } from '../i18n/localizer';
import { ActivityTypes } from './activity-types';
import type { Activity, TurnContext } from './turn-context';
import type { StatePropertyAccessor } from './turn-state';

/**
 * A language-model provider that receives what people write, named in the Terms of use
 * (`disclosure.modelProvider`).
 */
export interface ModelProviderDisclosure {
  /** Who receives it, e.g. `Example AI Inc. (EU region)`. */
  name: string;
  /** What it receives, e.g. "the text of your free-form questions, with card numbers and tax ids replaced". */
  receives: LocalizedText;
}

/**
 * Telling people they are talking with an automated assistant (EU AI Act Art. 50(1); Meta's Messenger
 * policy for automated experiences). On by default for Messenger and web chat.
 */
export interface DisclosureOptions {
  /** Channels where the assistant says it is automated. Default `['facebook', 'webchat', 'directline']`. */
  channels?: string[];
  /** Said again when the person writes after this long a silence. Default 1440 (24 hours). */
  afterIdleMinutes?: number;
  /** Said again when a human agent hands the conversation back to the bot. Default true. */
  onHandback?: boolean;
  /**
   * The brand's own wording (one text, or one per language), `{brand}` filled in. Default: the text
   * catalogue's `disclosure.automated` (first time, after a silence) and `disclosure.handback`.
   */
  text?: LocalizedText;
  /** The language-model provider that receives what people write, when the bot uses one (Terms of use). */
  modelProvider?: ModelProviderDisclosure;
}

/** Why the notice was said: counted as the `dimension` of the `disclosure.shown` metric. */
export const DISCLOSURE_REASONS = ['first', 'idle', 'handback'] as const;
/** Why the notice was said: first reply, after the idle gap, or after a human agent handed the chat back. */
export type DisclosureReason = (typeof DISCLOSURE_REASONS)[number];

/**
 * What the person's own state in the conversation keeps (property `privacyDisclosure`): when they were
 * last told, when they last wrote (to within a 24th of the idle gap, so not every turn writes), and
 * whether a human agent handed the conversation back since. Erased and exported with them.
 */
export interface DisclosureRecord {
  /** When the person was last told (ISO 8601). */
  toldAt?: string;
  /** When the person last wrote in the conversation, to within a 24th of the idle gap (ISO 8601). */
  seenAt?: string;
  /** A human agent handed the conversation back since the last notice: the next reply says it again. */
  handback?: boolean;
}

const DEFAULT_CHANNELS = ['facebook', 'webchat', 'directline'];
const DEFAULT_IDLE_MINUTES = 24 * 60;

/** Checks `disclosure` at start-up (`false` turns it off). */
export function validateDisclosureOptions(options: DisclosureOptions | false | undefined): void {
  if (options === undefined || options === false) return;
  if (!options || typeof options !== 'object') {
    throw new ConfigurationError('disclosure must be an object (or false to turn it off).');
  }
  const { channels, afterIdleMinutes, onHandback, text, modelProvider } = options;
  if (
    channels !== undefined &&
    (!Array.isArray(channels) || channels.some((c) => typeof c !== 'string' || !c))
  ) {
    throw new ConfigurationError('disclosure.channels must be a list of channel ids, e.g. ["facebook"].');
  }
  if (
    afterIdleMinutes !== undefined &&
    (typeof afterIdleMinutes !== 'number' || !Number.isFinite(afterIdleMinutes) || afterIdleMinutes <= 0)
  ) {
    throw new ConfigurationError('disclosure.afterIdleMinutes must be a positive number of minutes.');
  }
  if (onHandback !== undefined && typeof onHandback !== 'boolean') {
    throw new ConfigurationError('disclosure.onHandback must be true or false.');
  }
  if (text !== undefined && !isText(text)) {
    throw new ConfigurationError('disclosure.text must be a non-empty text, or one per language.');
  }
  if (modelProvider !== undefined) {
    if (!modelProvider || typeof modelProvider.name !== 'string' || !modelProvider.name.trim()) {
      throw new ConfigurationError('disclosure.modelProvider.name must name the provider.');
    }
    if (!isText(modelProvider.receives)) {
      throw new ConfigurationError(
        'disclosure.modelProvider.receives must say what the provider receives (a text, or one per language).',
      );
    }
  }
}

function isText(value: unknown): value is LocalizedText {
  if (typeof value === 'string') return value.trim().length > 0;
  if (!value || typeof value !== 'object') return false;
  const entries = Object.values(value as Record<string, unknown>);
  return entries.length > 0 && entries.every((entry) => typeof entry === 'string' && entry.trim().length > 0);
}

/** What the disclosure needs of the privacy layer: its texts and metrics for the turn. */
export interface DisclosureHost {
  readonly brand: { readonly name: string };
  texts(context: TurnContext): { disclosure: { automated: string; handback: string } };
  language(context: TurnContext): string;
  /** Counts `disclosure.shown` with its reason. */
  recordShown(context: TurnContext, reason: DisclosureReason): void;
}

/** Marks the turn whose sends already carry the notice. */
const SAID_IN_TURN = Symbol('privacyDisclosureSaid');

/**
 * Says that the assistant is automated, as a message of its own just before the first reply of a
 * conversation, of the first reply after the idle gap, and of the first reply after a human agent
 * handed the conversation back. Once per reply at most, and a reason that is waiting (a handback) is
 * said once when it meets another (the idle gap): never twice in a row. Only turns that reply carry it:
 * a turn without a reply leaves it due for the next one.
 */
export class AutomatedDisclosure {
  readonly channels: ReadonlySet<string>;
  private readonly idleMs: number;
  private readonly onHandback: boolean;

  constructor(
    private readonly host: DisclosureHost,
    private readonly record: StatePropertyAccessor<DisclosureRecord | undefined>,
    private readonly options: DisclosureOptions = {},
    private readonly now: () => number = () => Date.now(),
  ) {
    this.channels = new Set(options.channels ?? DEFAULT_CHANNELS);
    this.idleMs = (options.afterIdleMinutes ?? DEFAULT_IDLE_MINUTES) * 60_000;
    this.onHandback = options.onHandback ?? true;
  }

  /** The model provider named in the Terms of use, when configured. */
  get modelProvider(): ModelProviderDisclosure | undefined {
    return this.options.modelProvider;
  }

  /** True when the notice is said on this turn's channel. */
  appliesTo(context: TurnContext): boolean {
    const channelId = context.activity.channelId;
    return channelId !== undefined && this.channels.has(channelId);
  }

  /**
   * At the start of a turn of the person (state loaded): notes that they wrote and, when the notice is
   * due, arranges for it to go out just before the turn's first message.
   */
  async prepare(context: TurnContext): Promise<void> {
    if (!this.appliesTo(context)) return;
    const now = this.now();
    const stored = (await this.record.get(context)) ?? {};
    const reason = this.dueReason(stored, now);
    const seen = Date.parse(stored.seenAt ?? '');
    // Refreshed only when stale by a 24th of the gap: most turns write nothing for it.
    if (Number.isNaN(seen) || now - seen >= this.idleMs / 24) {
      await this.record.set(context, { ...stored, seenAt: new Date(now).toISOString() });
    }
    if (reason) this.sayBeforeFirstMessage(context, reason);
  }

  /** A human agent handed the conversation back: the next reply carries the notice (unless turned off). */
  async markHandback(context: TurnContext): Promise<void> {
    if (!this.onHandback || !this.appliesTo(context)) return;
    const stored = (await this.record.get(context)) ?? {};
    if (!stored.handback) await this.record.set(context, { ...stored, handback: true });
  }

  private dueReason(stored: DisclosureRecord, now: number): DisclosureReason | undefined {
    if (!stored.toldAt) return 'first';
    if (stored.handback) return 'handback';
    const seen = Date.parse(stored.seenAt ?? '');
    if (!Number.isNaN(seen) && now - seen >= this.idleMs) return 'idle';
    return undefined;
  }

  private sayBeforeFirstMessage(context: TurnContext, reason: DisclosureReason): void {
    context.onSendActivities(async (ctx, activities, next) => {
      if (ctx.turnState.get(SAID_IN_TURN) || !activities.some(isMessage)) return next();
      ctx.turnState.set(SAID_IN_TURN, true);
      await ctx.sendActivity({ type: ActivityTypes.Message, text: this.text(ctx, reason) });
      const stored = (await this.record.get(ctx)) ?? {};
      await this.record.set(ctx, {
        ...stored,
        toldAt: new Date(this.now()).toISOString(),
        handback: undefined,
      });
      this.host.recordShown(ctx, reason);
      return next();
    });
  }

  private text(context: TurnContext, reason: DisclosureReason): string {
    const own = this.options.text;
    const texts = this.host.texts(context).disclosure;
    const template = own
      ? localize(own, this.host.language(context))
      : reason === 'handback'
        ? texts.handback
        : texts.automated;
    return format(template, { brand: this.host.brand.name });
  }
}

function isMessage(activity: Partial<Activity>): boolean {
  return activity.type === undefined || activity.type === ActivityTypes.Message;
}
