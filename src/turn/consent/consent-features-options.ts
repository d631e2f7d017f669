import type { TurnContext } from '../turn-context';
import type { Purpose } from '../../core/consent/purpose';
import type { TinCountry } from '../../core/sensitive/tax-id';
import type { ConsentStore } from '../../core/consent/consent-store';
import type { SensitiveValueStore } from '../../core/sensitive/sensitive-value-store';
import type { AcceptedTin, CardDetails } from './consent-results';
import type { DataSubject } from '../../core/subject';

/**
 * Everything a bot configures to ask for sensitive items with consent: the `consents` option of
 * createPrivacy. Checked at start-up. The callbacks receive the host SDK's own turn context (botbuilder's
 * or the Agents SDK's).
 */
export interface ConsentFeaturesOptions {
  /** The brand's purposes, each described in every language the bot speaks. */
  purposes: Purpose[];
  /** Where consent receipts are kept (RedisConsentStore on the bot's keyspace). */
  consentStore: ConsentStore;
  /**
   * Where sensitive values are kept, encrypted, for purposes that declare a retention (brand and last
   * four digits only, for cards). Needed only when such a purpose is used.
   */
  sensitiveStore?: SensitiveValueStore;
  /** Jurisdiction written on receipts, e.g. `ES`, `SE`, `EU`, `US-CA`. */
  jurisdiction: string;
  /**
   * Tax ids accepted by the tax id dialog. Default: those of `jurisdiction` (see `tinCountriesOf`). The
   * privacy middleware redacts the same countries unless its `sensitiveInput` names its own.
   */
  tinCountries?: TinCountry[];
  /** The tax id dialog. */
  tin?: {
    /** Purpose asked when the dialog is begun without `{ purposeId }`. */
    purposeId?: string;
    /** Receives each valid tax id (e.g. for the brand's customer API). A throw ends it `unavailable`. */
    onTin?(context: TurnContext, tin: AcceptedTin): Promise<void> | void;
  };
  /** The payment dialog. */
  payment?: {
    /** Purpose asked when the dialog is begun without `{ purposeId }`. */
    purposeId?: string;
    /** The https URL of the secure payment page for this person (Messenger, and channels not listed below). */
    link(context: TurnContext, purposeId: string): Promise<string> | string;
    /** Channels where the card may be typed in the chat, e.g. `['webchat']`. Never `facebook`. */
    inChatChannels?: string[];
    /** Receives an in-chat card (number, brand, last four, expiry); required with `inChatChannels`. */
    onCard?(context: TurnContext, card: CardDetails): Promise<void> | void;
  };
  /**
   * Called on withdrawal, to erase what the brand keeps elsewhere for the purpose. `context` is the turn
   * for a withdrawal in the chat, undefined for one from the Privacy Center page. A throw changes nothing.
   */
  onWithdraw?(
    context: TurnContext | undefined,
    purposeId: string,
    subject: DataSubject,
  ): Promise<void> | void;
  /** Answers not understood (or not valid) before a question gives up. Default 3. */
  maxAttempts?: number;
  /**
   * After a no, the purpose is not asked again in the same conversation. On channels where a
   * conversation never ends (Messenger), it may be asked again after this many hours. Default 24.
   */
  reaskAfterHours?: number;
}
