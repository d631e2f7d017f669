import type { ConsentState } from './consent/consent-receipt';
import type { ExportSink } from './export-writer';
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
  /**
   * Where the next older page of `history` starts (`?before=` of the page), absent on the oldest page. A
   * position in the log (time and order), never an id.
   */
  readonly olderCursor?: string;
}

/** One page of a person's chat history, as the Privacy Center shows it. */
export interface HistoryPage {
  /** The newest messages before the cursor, oldest first. */
  readonly messages: readonly ReadableMessage[];
  /** The cursor of the next older page; absent when there is none. */
  readonly olderCursor?: string;
}

/**
 * A data source that reads the chat history it holds a page at a time, newest first (the transcript
 * stores): what the Privacy Center page shows, without reading the whole history.
 */
export interface HistorySource {
  /**
   * The newest `limit` messages of `subject` logged before `before` (a cursor from an earlier page), or
   * the newest ones without it.
   * @throws RangeError for a cursor no page returned.
   */
  historyPage(subject: DataSubject, options: { before?: string; limit: number }): Promise<HistoryPage>;
}

/**
 * What the Privacy Center needs from the bot, for one subject at a time. `privacyCenterBackend(privacy)`
 * builds it from the privacy layer (the same sources, consent logic and erasure as the chat menu).
 */
export interface PrivacyCenterBackend {
  /**
   * What the page shows `subject`, in `language`: the newest page of the chat history, or the page older
   * than `options.before` (a {@link PrivacyCenterView.olderCursor}).
   * @throws RangeError for a `before` cursor no page handed out.
   */
  view(subject: DataSubject, language: string, options?: { before?: string }): Promise<PrivacyCenterView>;
  /** Writes the export file's content (as *My data* sends it) to `sink`, streamed (see `writeSubjectData`). */
  writeExport(subject: DataSubject, sink: ExportSink): Promise<void>;
  /** Withdraws a given consent, erasing what was kept only for it; false when there was none. */
  withdraw(subject: DataSubject, purposeId: string, language: string): Promise<boolean>;
  /** Erases the subject everywhere (and thereby every Privacy Center link of theirs). */
  erase(subject: DataSubject): Promise<ErasureReceipt>;
}

/**
 * The source the Privacy Center pages the chat history from: the first of `sources` that reads its history
 * a page at a time (a bot keeps one transcript store), or undefined.
 */
export function historySourceOf(sources: readonly object[]): HistorySource | undefined {
  return sources.find(
    (source): source is HistorySource => typeof (source as Partial<HistorySource>).historyPage === 'function',
  );
}
