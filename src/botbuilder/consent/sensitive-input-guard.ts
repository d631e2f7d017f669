import type { Activity, StatePropertyAccessor, TurnContext } from 'botbuilder-core';
import { ConfigurationError } from '../../core/errors';
import { redactSensitive, type RedactionMasks } from '../../core/sensitive/redaction';
import { assertTinCountries, TIN_COUNTRIES, type TinCountry } from '../../core/sensitive/tax-id';
import { format, type Localizer } from '../../i18n/localizer';
import { keepSensitiveInput } from './sensitive-input';

/** What a sensitive question waits for. */
export type SensitiveInputKind = 'tax_id' | 'card';

/** How the privacy middleware treats tax ids and card numbers in messages. */
export interface SensitiveInputOptions {
  /** Countries whose tax ids are recognised and redacted. Default `['ES', 'SE', 'US']`. */
  tinCountries?: TinCountry[];
  /** Also redact what the bot sends (bots that echo what they were told). Default true. */
  redactOutgoing?: boolean;
  /** How long a sensitive question keeps waiting for its answer, in minutes. Default 15. */
  answerTimeoutMinutes?: number;
}

/** Kept in conversation state while a sensitive question waits for its answer. */
export interface AwaitedSensitiveInput {
  kind: SensitiveInputKind;
  /** ISO 8601 time after which the question no longer counts as waiting. */
  until: string;
}

/**
 * Keeps tax ids and card numbers out of chat history, logs and metrics. The privacy middleware calls it
 * before anything else sees the turn:
 * - an unprompted tax id or card number is replaced by a mask in `activity.text` (and Messenger's copy
 *   in `channelData.message.text`), the raw text stays in turn memory only ({@link sensitiveInput}), and
 *   the person is told it was not kept;
 * - an answer to a sensitive question (see {@link SensitiveInputGuard.expect}) that holds any digit is
 *   replaced whole, silently: the prompt that asked reads the raw text;
 * - what the bot sends is redacted too.
 */
export class SensitiveInputGuard {
  readonly tinCountries: readonly TinCountry[];
  private readonly redactOutgoing: boolean;
  private readonly answerTimeoutMs: number;

  /** @throws ConfigurationError for an unsupported country or a bad timeout. */
  constructor(
    private readonly localizer: Localizer,
    private readonly awaited: StatePropertyAccessor<AwaitedSensitiveInput | undefined>,
    options: SensitiveInputOptions = {},
  ) {
    const countries = options.tinCountries ?? [...TIN_COUNTRIES];
    assertTinCountries(countries);
    const minutes = options.answerTimeoutMinutes ?? 15;
    if (typeof minutes !== 'number' || !(minutes > 0) || minutes > 24 * 60) {
      throw new ConfigurationError('sensitiveInput.answerTimeoutMinutes must be between 0 and 1440.');
    }
    if (options.redactOutgoing !== undefined && typeof options.redactOutgoing !== 'boolean') {
      throw new ConfigurationError('sensitiveInput.redactOutgoing must be true or false.');
    }
    this.tinCountries = Object.freeze([...countries]);
    this.redactOutgoing = options.redactOutgoing ?? true;
    this.answerTimeoutMs = minutes * 60_000;
  }

  /** Redacts the text of everything the bot sends in this turn, before any logger sees it. */
  watchOutgoing(context: TurnContext): void {
    if (!this.redactOutgoing) return;
    context.onSendActivities(async (ctx, activities, next) => {
      const masks = this.masks(ctx);
      for (const activity of activities) {
        if (typeof activity.text === 'string') activity.text = this.redact(activity.text, masks);
        if (typeof activity.speak === 'string') activity.speak = this.redact(activity.speak, masks);
      }
      return next();
    });
  }

  /**
   * Redacts the incoming message, as described on the class.
   * @param readState false when the turn has no subject: no question can be waiting then.
   */
  async screenIncoming(context: TurnContext, readState = true): Promise<void> {
    const activity = context.activity;
    const text = activity.text;
    if (typeof text !== 'string' || !/\d/.test(text)) return; // no digit: no tax id, no card number
    const texts = this.localizer.texts(activity.locale).sensitive;
    if (readState && !BUTTON_PAYLOAD.test(text) && (await this.isAwaited(context))) {
      keepSensitiveInput(context, text);
      replaceText(activity, texts.answerMask);
      return;
    }
    const result = redactSensitive(text, this.tinCountries, { masks: this.masks(context) });
    if (result.found.length === 0) return;
    keepSensitiveInput(context, text);
    replaceText(activity, result.text);
    await context.sendActivity(
      result.found.includes('card')
        ? texts.cardNotKept
        : result.found.includes('iban')
          ? texts.ibanNotKept
          : texts.taxIdNotKept,
    );
  }

  /** Marks a sensitive question as waiting for its answer (saved with the conversation state). */
  async expect(context: TurnContext, kind: SensitiveInputKind): Promise<void> {
    await this.awaited.set(context, {
      kind,
      until: new Date(Date.now() + this.answerTimeoutMs).toISOString(),
    });
  }

  /** The sensitive question got its answer or was ended. */
  async release(context: TurnContext): Promise<void> {
    await this.awaited.delete(context);
  }

  private async isAwaited(context: TurnContext): Promise<boolean> {
    try {
      const awaited = await this.awaited.get(context);
      return typeof awaited?.until === 'string' && Date.parse(awaited.until) > Date.now();
    } catch {
      return false; // state unreadable: redact as if unprompted, the turn reports the storage error later
    }
  }

  private redact(text: string, masks: RedactionMasks): string {
    return /\d/.test(text) ? redactSensitive(text, this.tinCountries, { masks }).text : text;
  }

  private masks(context: TurnContext): RedactionMasks {
    const texts = this.localizer.texts(context.activity.locale).sensitive;
    return {
      card: (last4) => format(texts.cardMask, { last4 }),
      iban: (last4) => format(texts.ibanMask, { last4 }),
      taxId: () => texts.taxIdMask,
    };
  }
}

/** A button payload such as `PRIVACY_WITHDRAW_1` sent as text: never an answer to hide. */
const BUTTON_PAYLOAD = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

/** Replaces the text and Messenger's raw copy of it (which transcript loggers also store). */
function replaceText(activity: Partial<Activity>, text: string): void {
  activity.text = text;
  const message = (activity.channelData as { message?: { text?: unknown } } | undefined)?.message;
  if (message && typeof message.text === 'string') message.text = text;
}
