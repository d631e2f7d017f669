import { DecryptionError, type EnvelopeCipher } from '../core/sensitive/envelope-cipher';
import { ConfigurationError } from '../core/errors';
import { assertTinCountries, type TinCountry } from '../core/sensitive/tax-id';
import { allowedValues, type PiiDetection } from '../core/shield/pii-detection';
import { assertPhoneRegions, type PhoneRegion } from '../core/shield/phone-number';
import { PlaceholderMapping } from '../core/shield/placeholder-mapping';
import { promptInput } from '../turn/consent/sensitive-input';
import { LIBRARY_STATE_PROPERTIES } from '../turn/library-state';
import type { Privacy } from '../turn/privacy';
import { subjectOfActivity } from '../turn/subject-scope-middleware';
import type { TurnContext } from '../turn/turn-context';
import type { StatePropertyAccessor } from '../turn/turn-state';

/** Settings of {@link createPiiShield}. */
export interface PiiShieldOptions {
  /** Seals the values in the person's state (the same cipher as the sensitive value store's). */
  readonly cipher: EnvelopeCipher;
  /** Countries whose tax ids are found. Default: the privacy layer's own (`sensitiveInput`). */
  readonly tinCountries?: TinCountry[];
  /** Regions whose national phone numbers are found (`ES`, `SE`, `US`). Default: the tax id countries. */
  readonly phoneRegions?: string[];
  /** Values never replaced, e.g. the brand's own phone number and e-mail address, in any writing. */
  readonly allow?: string[];
  /** Values kept per person and conversation; past it, the oldest are forgotten. Default 500. */
  readonly maxValues?: number;
}

/** What the person's conversation state holds: the placeholders issued, and their values sealed. */
export interface StoredShieldMapping {
  /** The placeholders issued in this conversation, oldest first (no values). */
  readonly issued: string[];
  /** The values, sealed with the cipher for this person and conversation (`EnvelopeCipher` envelope). */
  readonly sealedValues: string;
}

/** Turn memory: the mapping read (and maybe grown) in this turn. */
const TURN_MAPPING = Symbol('botbuilder-privacy.shieldMapping');

/**
 * Keeps a person's card numbers, IBANs, tax ids, e-mail addresses and phone numbers away from a language
 * model: {@link protect} replaces each with a typed placeholder (`[CARD_1]`, `[IBAN_1]`, `[TAX_ID_1]`,
 * `[EMAIL_1]`, `[PHONE_1]`), the same one for the same value (in any writing) for the whole
 * conversation, and {@link restore} puts the values back in the model's answer, only for placeholders
 * this conversation issued. The mapping lives in the person's own conversation state (saved with the
 * turn, in the same write), sealed with the cipher and bound to the person and conversation; it expires
 * with the conversation's state and is erased with the person.
 */
export class PiiShield {
  private readonly detection: PiiDetection;
  private readonly maxValues: number;

  /** @internal Use {@link createPiiShield}. */
  constructor(
    private readonly state: StatePropertyAccessor<StoredShieldMapping | undefined>,
    private readonly cipher: EnvelopeCipher,
    detection: PiiDetection,
    maxValues: number,
  ) {
    this.detection = detection;
    this.maxValues = maxValues;
  }

  /**
   * `text` with every card number, IBAN, tax id, e-mail address and phone number replaced by its
   * placeholder. New values are added to the person's mapping (saved at the end of the turn).
   * @throws StorageUnavailableError when the person's state cannot be read.
   */
  async protect(context: TurnContext, text: string): Promise<string> {
    const mapping = await this.mapping(context);
    const result = mapping.protect(typeof text === 'string' ? text : '', this.detection);
    if (result.changed) await this.save(context, mapping);
    return result.text;
  }

  /**
   * The person's message of this turn, protected: the text as they wrote it (the privacy middleware has
   * already masked cards, IBANs and tax ids in `activity.text` for the logs; this reads the raw text from
   * turn memory, so the model sees `[CARD_1]`, not the mask with its last four digits).
   */
  async protectMessage(context: TurnContext): Promise<string> {
    return this.protect(context, promptInput(context));
  }

  /**
   * `modelText` with every placeholder this conversation issued replaced by its value. Placeholders it
   * did not issue (`[CARD_9]` made up by the model) stay as they are.
   */
  async restore(context: TurnContext, modelText: string): Promise<string> {
    const mapping = await this.mapping(context);
    return mapping.restore(typeof modelText === 'string' ? modelText : '');
  }

  private async mapping(context: TurnContext): Promise<PlaceholderMapping> {
    const cached = context.turnState.get(TURN_MAPPING);
    if (cached instanceof PlaceholderMapping) return cached;
    let mapping: PlaceholderMapping | undefined;
    const where = sealingContext(context);
    if (where) {
      const stored = await this.state.get(context);
      if (stored && typeof stored.sealedValues === 'string') {
        try {
          mapping = PlaceholderMapping.parse(this.cipher.decrypt(stored.sealedValues, where), this.maxValues);
        } catch (error) {
          // Sealed with a key no longer listed (or tampered with): those placeholders cannot be restored;
          // the conversation starts a new mapping rather than failing every turn.
          if (!(error instanceof DecryptionError)) throw error;
        }
      }
    }
    mapping ??= new PlaceholderMapping(undefined, this.maxValues);
    context.turnState.set(TURN_MAPPING, mapping);
    return mapping;
  }

  private async save(context: TurnContext, mapping: PlaceholderMapping): Promise<void> {
    const where = sealingContext(context);
    // A turn with no person (no sender): the mapping lives in this turn's memory only.
    if (!where) return;
    const sealedValues = this.cipher.encrypt(JSON.stringify(mapping.toData()), where);
    await this.state.set(context, { issued: mapping.placeholders, sealedValues });
  }
}

/** Associated data binding the sealed values to the person and the conversation (never stored). */
function sealingContext(context: TurnContext): string | undefined {
  const subject = subjectOfActivity(context.activity);
  const conversationId = context.activity.conversation?.id;
  if (!subject || typeof conversationId !== 'string' || !conversationId) return undefined;
  return `privacy-shield:${JSON.stringify([subject.channelId, conversationId, subject.userId])}`;
}

/**
 * The PII shield of a bot's privacy layer (from either host binding's `createPrivacy`): it finds what
 * the layer's redactor finds, in the same countries unless `tinCountries` says otherwise, plus e-mail
 * addresses and phone numbers, and keeps its mapping in the person's own conversation state.
 * @throws ConfigurationError for a missing cipher, an unsupported country or region, or a bad limit.
 */
export function createPiiShield(privacy: Pick<Privacy, 'runtime'>, options: PiiShieldOptions): PiiShield {
  const runtime = privacy?.runtime;
  if (!runtime?.personalState) {
    throw new ConfigurationError('createPiiShield needs the privacy layer that createPrivacy returned.');
  }
  if (!options?.cipher || typeof options.cipher.encrypt !== 'function') {
    throw new ConfigurationError('createPiiShield needs a cipher (EnvelopeCipher) to seal the values.');
  }
  const countries = options.tinCountries ?? [...runtime.sensitive.tinCountries];
  assertTinCountries(countries);
  const phoneRegions = options.phoneRegions ?? [...countries];
  assertPhoneRegions(phoneRegions);
  const maxValues = options.maxValues ?? 500;
  if (!Number.isInteger(maxValues) || maxValues < 1) {
    throw new ConfigurationError('createPiiShield maxValues must be a whole number of at least 1.');
  }
  const base: PiiDetection = { countries, phoneRegions: phoneRegions as PhoneRegion[] };
  if (
    options.allow !== undefined &&
    (!Array.isArray(options.allow) || options.allow.some((v) => typeof v !== 'string'))
  ) {
    throw new ConfigurationError('createPiiShield allow must be a list of strings.');
  }
  const detection: PiiDetection = { ...base, allowed: allowedValues(options.allow ?? [], base) };
  const state = runtime.personalState.createProperty<StoredShieldMapping | undefined>(
    LIBRARY_STATE_PROPERTIES.shield,
  );
  return new PiiShield(state, options.cipher, detection, maxValues);
}
