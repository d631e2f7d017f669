import type { ErasureReceipt, SubjectErasure } from '../erasure';
import type { DataSubject } from '../subject';
import type { MetricsRecorder } from './metric-event';
import { safeMetricLocale, safeMetricToken } from './metric-rule';

/**
 * Where the privacy layer's erasure requests come from (the `dimension` of `erasure.*` events), in the
 * order reports show them: the privacy menu, Bot Framework's `deleteUserData`, Meta's data-deletion
 * callback, the Privacy Center.
 */
export const ERASURE_SOURCES = Object.freeze([
  'menu',
  'delete_user_data',
  'facebook_callback',
  'privacy_center',
] as const);

/** One of {@link ERASURE_SOURCES}. */
export type ErasureSource = (typeof ERASURE_SOURCES)[number];

/**
 * The one way erasures are counted: wraps an erasure (e.g. `RedisStorage`) so every request through it
 * records `erasure.requested` before it starts, then `erasure.completed` when it is verified, or
 * `erasure.failed` when it throws or its re-check finds something left (`verified: false`; the receipt
 * is still returned, so the caller can say so). The events carry the channel, the language when known,
 * and, as dimension, where the request came from (one of {@link ERASURE_SOURCES}, or a source the bot
 * declared to its recorder; any other is counted as `other`); never who asked or what was removed.
 * A recorder that throws never changes the erasure's outcome.
 */
export class MeteredErasure implements SubjectErasure {
  private readonly source?: string;

  constructor(
    private readonly inner: SubjectErasure,
    private readonly recorder: MetricsRecorder,
    /** Where requests through this instance come from: a safe token, e.g. `menu`. */
    source: string,
  ) {
    this.source = safeMetricToken(source);
  }

  /**
   * Erases the subject, counting the request.
   * @param language the language of the person's turn, when the request came in one (e.g. `es`).
   */
  async eraseSubject(subject: DataSubject, language?: string): Promise<ErasureReceipt> {
    const channel = safeMetricToken(subject?.channelId);
    this.record('erasure.requested', channel, language);
    let receipt: ErasureReceipt;
    try {
      receipt = await this.inner.eraseSubject(subject);
    } catch (error) {
      this.record('erasure.failed', channel, language);
      throw error;
    }
    this.record(receipt.verified ? 'erasure.completed' : 'erasure.failed', channel, language);
    return receipt;
  }

  private record(name: string, channel: string | undefined, language: string | undefined): void {
    const locale = safeMetricLocale(language);
    try {
      this.recorder.record({ name, channel, ...(locale ? { locale } : {}), dimension: this.source });
    } catch {
      // Metrics never change an erasure: it happened (or failed) whatever the recorder does.
    }
  }
}
