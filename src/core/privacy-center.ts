import type { ConsentState } from './consent/consent-receipt';
import type { SubjectDataExport } from './data-export';
import type { ErasureReceipt } from './erasure';
import type { DataSubject } from './subject';

/** One message of the chat history, as the Privacy Center shows it. */
export interface ReadableMessage {
  /** ISO 8601 time. */
  readonly at: string;
  readonly fromYou: boolean;
  readonly text: string;
}

/** One stored value with a readable label (e.g. `Booking › Address`), never a raw JSON path. */
export interface ReadableEntry {
  readonly label: string;
  readonly value: string;
}

/** A consent as the Privacy Center lists it. */
export interface ReadableConsent {
  readonly purposeId: string;
  /** The brand's description of the purpose, in the person's language. */
  readonly purpose: string;
  readonly state: ConsentState;
  /** ISO 8601 time of the latest change. */
  readonly since: string;
  /** True when it is given, so it can be withdrawn. */
  readonly withdrawable: boolean;
}

/** Everything the Privacy Center page shows about one person: the content of *My data*, made readable. */
export interface PrivacyCenterView {
  readonly name?: string;
  readonly history: readonly ReadableMessage[];
  readonly saved: readonly ReadableEntry[];
  /** Purposes with an encrypted value kept, and when it is erased at the latest (ISO 8601). */
  readonly sensitive: ReadonlyArray<{ readonly purpose: string; readonly until: string }>;
  readonly consents: readonly ReadableConsent[];
  /** False when nothing at all is held. */
  readonly hasData: boolean;
}

/**
 * What the Privacy Center needs from the bot, for one subject at a time. `privacyCenterBackend(privacy)`
 * builds it from the privacy layer (the same sources, consent logic and erasure as the chat menu).
 */
export interface PrivacyCenterBackend {
  /** What the page shows `subject`, in `language`. */
  view(subject: DataSubject, language: string): Promise<PrivacyCenterView>;
  /** The export file's content, as *My data* sends it. */
  export(subject: DataSubject): Promise<SubjectDataExport>;
  /** Withdraws a given consent, erasing what was kept only for it; false when there was none. */
  withdraw(subject: DataSubject, purposeId: string, language: string): Promise<boolean>;
  /** Erases the subject everywhere (and thereby every Privacy Center link of theirs). */
  erase(subject: DataSubject): Promise<ErasureReceipt>;
}
