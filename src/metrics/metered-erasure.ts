import type { ErasureReceipt, SubjectErasure } from '../core/erasure';
import type { MetricsRecorder } from '../core/metrics/metric-event';
import { safeMetricToken } from '../core/metrics/metric-rule';
import type { DataSubject } from '../core/subject';

/**
 * Wraps an erasure (e.g. `RedisStorage` or `RedisKeyspace`) so every erasure is counted:
 * `erasure.requested` before it starts, then `erasure.completed` or `erasure.failed`. The events carry
 * the channel and, as dimension, where the request came from (one of `ERASURE_SOURCES`: `menu`,
 * `delete_user_data`, `facebook_callback`, `privacy_center`, or a source the bot declared to its
 * recorder; any other is counted as `other`); never who asked or what was removed.
 */
export class MeteredErasure implements SubjectErasure {
  private readonly source?: string;

  constructor(
    private readonly inner: SubjectErasure,
    private readonly recorder: MetricsRecorder,
    /** Where requests through this instance come from: a safe token, e.g. `menu`. */
    source?: string,
  ) {
    this.source = safeMetricToken(source);
  }

  async eraseSubject(subject: DataSubject): Promise<ErasureReceipt> {
    const channel = safeMetricToken(subject?.channelId);
    this.recorder.record({ name: 'erasure.requested', channel, dimension: this.source });
    try {
      const receipt = await this.inner.eraseSubject(subject);
      this.recorder.record({ name: 'erasure.completed', channel, dimension: this.source });
      return receipt;
    } catch (error) {
      this.recorder.record({ name: 'erasure.failed', channel, dimension: this.source });
      throw error;
    }
  }
}
