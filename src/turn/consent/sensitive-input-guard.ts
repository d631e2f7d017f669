import { ActivityTypes } from '../activity-types';
import type { Activity, TurnContext } from '../turn-context';
import type { StatePropertyAccessor } from '../turn-state';
import { ConfigurationError } from '../../core/errors';
import { redactJsonStrings } from '../../core/sensitive/redact-json';
import { redactSensitive, type RedactionMasks, type SensitiveKind } from '../../core/sensitive/redaction';
import {
  assertTinCountries,
  TIN_COUNTRIES,
  tinCountriesOf,
  type TinCountry,
} from '../../core/sensitive/tax-id';
import { format, type Localizer } from '../../i18n/localizer';
import { keepSensitiveInput } from './sensitive-input';

/** What a sensitive question waits for. */
export type SensitiveInputKind = 'tax_id' | 'card';

/** How the privacy middleware treats tax ids, card numbers and IBANs in activities. */
export interface SensitiveInputOptions {
  /** Countries whose tax ids are recognised and redacted. Default: those of `jurisdiction`. */
  tinCountries?: TinCountry[];
  /**
   * Where the bot works, e.g. `EU`, `ES`, `US-CA` (see `tinCountriesOf`): an EU bot does not take a
   * Spanish mobile number for a US SSN. Default: the consent features' jurisdiction when they are
   * used, else every supported country.
   */
  jurisdiction?: string;
  /** Also redact what the bot sends (bots that echo what they were told). Default true. */
  redactOutgoing?: boolean;
}

/** Kept in the person's private conversation state while a sensitive question waits for their answer. */
export interface AwaitedSensitiveInput {
  kind: SensitiveInputKind;
}

/** Turn memory: the answer to a pending question was hidden / read by the prompt that asked. */
const HIDDEN_ANSWER = Symbol('botbuilder-privacy.hiddenAnswer');
const ANSWER_READ = Symbol('botbuilder-privacy.answerRead');

/**
 * Keeps tax ids, card numbers and IBANs out of chat history, logs and metrics. The privacy middleware
 * calls it before anything else sees the turn, for every activity type (`message`, `messageUpdate`,
 * `invoke`, `event`...):
 * - in `text`, `speak`, `summary`, `value`, attachments and `channelData` strings (ids and links
 *   aside), what is found is replaced by a mask; the raw text stays in turn memory only
 *   ({@link sensitiveInput}), and on a message the person is told it was not kept;
 * - while a sensitive question waits for this person's answer (see {@link SensitiveInputGuard.expect};
 *   the wait belongs to the person, so in a group it is theirs alone, and lasts until the question
 *   ends, however long that takes), an answer that holds any digit is replaced whole, silently: the
 *   prompt that asked reads the raw text;
 * - what the bot sends or updates is redacted the same way.
 */
export class SensitiveInputGuard {
  /** Countries whose tax ids are redacted. */
  readonly tinCountries: readonly TinCountry[];
  private readonly redactOutgoing: boolean;

  /**
   * @param defaultCountries countries redacted when `options` names neither countries nor a jurisdiction
   *   (createPrivacy passes the consent features' countries; else every supported country).
   * @throws ConfigurationError for an unsupported country or a bad option.
   */
  constructor(
    private readonly localizer: Localizer,
    private readonly awaited: StatePropertyAccessor<AwaitedSensitiveInput | undefined>,
    options: SensitiveInputOptions = {},
    defaultCountries: readonly TinCountry[] = TIN_COUNTRIES,
  ) {
    const countries = configuredTinCountries(options) ?? [...defaultCountries];
    assertTinCountries(countries);
    if (options.redactOutgoing !== undefined && typeof options.redactOutgoing !== 'boolean') {
      throw new ConfigurationError('sensitiveInput.redactOutgoing must be true or false.');
    }
    this.tinCountries = Object.freeze([...countries]);
    this.redactOutgoing = options.redactOutgoing ?? true;
  }

  /** Redacts everything the bot sends or updates in this turn, before any logger sees it. */
  watchOutgoing(context: TurnContext): void {
    if (!this.redactOutgoing) return;
    context.onSendActivities(async (ctx, activities, next) => {
      const masks = this.masks(ctx);
      for (const activity of activities) this.redactActivity(activity, masks);
      return next();
    });
    context.onUpdateActivity(async (ctx, activity, next) => {
      this.redactActivity(activity, this.masks(ctx));
      return next();
    });
  }

  /**
   * Redacts the incoming activity, as described on the class.
   * @param readState false when the turn has no subject: no question can be waiting then.
   */
  async screenIncoming(context: TurnContext, readState = true): Promise<void> {
    const activity = context.activity;
    const text = activity.text;
    const texts = this.localizer.texts(activity.locale).sensitive;
    const masks = this.masks(context);
    let found: SensitiveKind[] = [];
    if (typeof text === 'string' && /\d/.test(text)) {
      if (readState && !BUTTON_PAYLOAD.test(text) && (await this.isAwaited(context))) {
        keepSensitiveInput(context, text);
        context.turnState.set(HIDDEN_ANSWER, true);
        replaceText(activity, texts.answerMask);
      } else {
        const result = redactSensitive(text, this.tinCountries, { masks });
        if (result.found.length > 0) {
          keepSensitiveInput(context, text);
          replaceText(activity, result.text);
          found = [...result.found];
        }
      }
    }
    found.push(...this.redactActivity(activity, masks, false));
    if (found.length === 0 || !TOLD_TYPES.has(activity.type ?? '')) return;
    await context.sendActivity(
      found.includes('card')
        ? texts.cardNotKept
        : found.includes('iban')
          ? texts.ibanNotKept
          : texts.taxIdNotKept,
    );
  }

  /** Marks a sensitive question as waiting for this person's answer (saved with their private state). */
  async expect(context: TurnContext, kind: SensitiveInputKind): Promise<void> {
    await this.awaited.set(context, { kind });
  }

  /** The sensitive question got its answer or was ended. */
  async release(context: TurnContext): Promise<void> {
    await this.awaited.delete(context);
  }

  /** True while a sensitive question waits for the answer of this turn's person. */
  async isAwaited(context: TurnContext): Promise<boolean> {
    try {
      const awaited = await this.awaited.get(context);
      return typeof awaited?.kind === 'string';
    } catch {
      // State unreadable: the answer is redacted as if unprompted; the turn reports the storage error later.
      return false;
    }
  }

  /** The prompt that asked read this turn's answer (see {@link settle}). */
  answerRead(context: TurnContext): void {
    context.turnState.set(ANSWER_READ, true);
  }

  /**
   * After the turn: an answer was hidden for a question that no prompt read (its dialog is gone, e.g.
   * the bot reset its dialog state), so nothing waits any more: the person's next messages are screened
   * as usual. A prompt that is still waiting sets the wait again when it asks again.
   */
  async settle(context: TurnContext): Promise<void> {
    if (context.turnState.get(HIDDEN_ANSWER) === true && context.turnState.get(ANSWER_READ) !== true) {
      await this.release(context);
    }
  }

  /** Redacts the fields of an activity besides the incoming text; returns the kinds found. */
  private redactActivity(
    activity: Partial<Activity>,
    masks: RedactionMasks,
    withText = true,
  ): SensitiveKind[] {
    const found: SensitiveKind[] = [];
    const redact = (text: string): string => {
      if (!/\d/.test(text)) return text;
      const result = redactSensitive(text, this.tinCountries, { masks });
      found.push(...result.found);
      return result.text;
    };
    if (withText && typeof activity.text === 'string') activity.text = redact(activity.text);
    if (typeof activity.speak === 'string') activity.speak = redact(activity.speak);
    if (typeof activity.summary === 'string') activity.summary = redact(activity.summary);
    if (activity.value !== undefined) activity.value = redactJsonStrings(activity.value, redact);
    if (Array.isArray(activity.attachments)) {
      activity.attachments = redactJsonStrings(activity.attachments, redact) as Activity['attachments'];
    }
    if (activity.channelData !== undefined) {
      activity.channelData = redactJsonStrings(activity.channelData, redact);
    }
    return found;
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

/** Activities a person sends by writing: they are told when something was not kept. */
const TOLD_TYPES = new Set<string>([ActivityTypes.Message, ActivityTypes.MessageUpdate]);

/** A button payload such as `PRIVACY_WITHDRAW_1` sent as text: never an answer to hide. */
const BUTTON_PAYLOAD = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

/**
 * The tax-id countries `sensitiveInput` names itself (its `tinCountries`, or those of its
 * `jurisdiction`), or undefined when it names neither.
 * @throws ConfigurationError for a jurisdiction that is not a code such as `ES`.
 */
export function configuredTinCountries(options: SensitiveInputOptions = {}): TinCountry[] | undefined {
  if (options.jurisdiction !== undefined && !isJurisdiction(options.jurisdiction)) {
    throw new ConfigurationError('sensitiveInput.jurisdiction must be a code such as "ES", "EU" or "US-CA".');
  }
  if (options.tinCountries !== undefined) return options.tinCountries;
  return options.jurisdiction !== undefined ? tinCountriesOf(options.jurisdiction) : undefined;
}

function isJurisdiction(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})?$/.test(value);
}

/** Replaces the text and Messenger's raw copy of it (which transcript loggers also store). */
function replaceText(activity: Partial<Activity>, text: string): void {
  activity.text = text;
  const message = (activity.channelData as { message?: { text?: unknown } } | undefined)?.message;
  if (message && typeof message.text === 'string') message.text = text;
}
