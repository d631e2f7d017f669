import type { TinCountry, TinKind } from '../../core/sensitive/tax-id';

/**
 * How a consent-gated dialog ended:
 * - `granted`: consent is given and the step went through;
 * - `declined`: the person said no (now or earlier in this conversation), did not answer, or cancelled:
 *   carry on without the feature;
 * - `unavailable`: consent could not be checked or recorded, or the brand's callback failed: nothing
 *   sensitive was asked or kept (fail closed);
 * - `invalid`: the person gave up after answers that were not valid.
 */
export type ConsentStatus = 'granted' | 'declined' | 'unavailable' | 'invalid';

/** Options to begin a consent gate, tax id or payment dialog with. */
export interface ConsentDialogOptions {
  /** The purpose to ask consent for. The tax id and payment dialogs default to their configured one. */
  purposeId?: string;
}

/** Result of the consent gate dialog. */
export interface ConsentGateResult {
  /** What came of the question; see {@link ConsentStatus}. */
  status: 'granted' | 'declined' | 'unavailable';
  /** The purpose consent was asked for. */
  purposeId: string;
}

/** A valid tax id, as handed to the brand's `onTin` callback. */
export interface AcceptedTin {
  /** The purpose the tax id was asked for. */
  purposeId: string;
  /** Compact form (upper case, no spaces or dashes), e.g. `12345678Z`. */
  value: string;
  /** The country whose rules it is valid under. */
  country: TinCountry;
  /** Which kind of tax id it is, e.g. `es_dni`, `se_personnummer`. */
  kind: TinKind;
  /** Whether it identifies a person or an organization. */
  holder: 'person' | 'organization';
}

/** Result of the tax id dialog: never the tax id itself. */
export type TinDialogResult =
  | {
      status: 'granted';
      purposeId: string;
      country: TinCountry;
      kind: TinKind;
      holder: 'person' | 'organization';
      /** True when it was kept (encrypted) because the purpose declares a retention. */
      stored: boolean;
    }
  | { status: 'declined' | 'unavailable' | 'invalid'; purposeId: string };

/** Card details typed in chat, as handed to the brand's `onCard` callback. */
export interface CardDetails {
  /** The purpose the card was asked for. */
  purposeId: string;
  /** The digits. Pass them to the payment provider; never store or log them. */
  number: string;
  /** card-validator brand id, e.g. `visa`. */
  brand: string;
  /** Display name, e.g. `Visa`. */
  brandName: string;
  /** The last four digits. */
  last4: string;
  /** Expiry month (1-12) and four-digit year. */
  expiry: { month: number; year: number };
}

/** What is kept of a card: its brand and last four digits. */
export interface CardSummary {
  /** card-validator brand id, e.g. `visa`. */
  brand: string;
  /** Display name, e.g. `Visa`. */
  brandName: string;
  /** The last four digits. */
  last4: string;
}

/** Result of the payment dialog. */
export type PaymentDialogResult =
  | { status: 'granted'; purposeId: string; method: 'link' }
  | { status: 'granted'; purposeId: string; method: 'in_chat'; card: CardSummary }
  | { status: 'declined' | 'unavailable' | 'invalid'; purposeId: string };
