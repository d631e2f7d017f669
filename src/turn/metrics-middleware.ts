import { performance } from 'node:perf_hooks';
import type { Activity, Middleware, ResourceResponse, TurnContext } from './turn-context';
import type { MetricEvent, MetricsRecorder } from '../core/metrics/metric-event';
import { MAX_METRIC_VALUE, safeMetricLocale, safeMetricToken } from '../core/metrics/metric-rule';
import { OTHER_METRIC_LABEL } from '../core/metrics/metric-vocabulary';
import { activityPayload, DEFAULT_TEXT_PAYLOAD_PATTERN } from './activity-payload';

/**
 * Dimension of a click whose payload may not appear in metrics (e.g. it embeds a number). Payloads that
 * may appear but were not declared to the recorder end up under the same label there.
 */
export const UNLISTED_PAYLOAD = OTHER_METRIC_LABEL;

/** Options of {@link MetricsMiddleware}: which payloads and typed texts count as clicks. */
export interface MetricsMiddlewareOptions {
  /**
   * Payloads that count as a click when they arrive as plain text (web chat buttons that send their
   * payload as text, or a user typing it). Declare them to the recorder too (`declared.payloads`), or
   * they are counted as `other` like every undeclared payload.
   */
  knownPayloads?: Iterable<string>;
  /** Text matching this also counts as a click. Default {@link DEFAULT_TEXT_PAYLOAD_PATTERN}; `null`: off. */
  textPayloadPattern?: RegExp | null;
}

/** Stages of a feature (dialog) whose use is counted. */
export type FeatureStage = 'started' | 'completed' | 'abandoned';

/**
 * Emits anonymous metrics for every turn:
 * - `message.in` for each incoming message (not Messenger echoes of the page's own messages);
 * - `click` for button, quick-reply and postback clicks in message and event activities, dimension the
 *   payload (`other` when the payload may not appear in metrics, e.g. it embeds a number; the recorder
 *   also counts payloads the bot did not declare as `other`, so client-set values never become labels);
 * - `message.out` for each message the bot sends;
 * - `turn` with the turn's latency in ms as value (dimension: activity type; capped at
 *   {@link MAX_METRIC_VALUE}), and `turn.error` when the bot's logic throws.
 * Events carry the channel and locale, never who sent what.
 *
 * Clicks are read by the privacy layer's one payload rule, `activityPayload`: Messenger's postback or
 * quick-reply payload, a string `activity.value` (or `value.payload`), or text that is a payload
 * (`knownPayloads`, `textPayloadPattern`). Typed text is never used otherwise. The middleware never throws into
 * the turn; errors of the bot's own logic pass through unchanged. Register it after
 * SubjectScopeMiddleware and before state is saved, so its latency covers the bot's work.
 */
export class MetricsMiddleware implements Middleware {
  private readonly knownPayloads: ReadonlySet<string>;
  private readonly textPayloadPattern: RegExp | null;

  constructor(
    private readonly recorder: MetricsRecorder,
    options: MetricsMiddlewareOptions = {},
  ) {
    this.knownPayloads = new Set(options.knownPayloads ?? []);
    this.textPayloadPattern =
      options.textPayloadPattern === undefined ? DEFAULT_TEXT_PAYLOAD_PATTERN : options.textPayloadPattern;
  }

  // Written with plain promises rather than async/await: fewer promises per turn, which matters when
  // async hooks (AsyncLocalStorage) are on, as they are with SubjectScopeMiddleware.
  onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const started = performance.now();
    let base: TurnMetricContext = NO_CONTEXT;
    let turnType: string | undefined;
    try {
      const activity = context.activity;
      base = metricContextOf(activity);
      turnType = safeMetricToken(activity.type);
      const incoming = activity.type === 'message' || activity.type === 'event';
      if (incoming && !isEcho(activity)) {
        if (activity.type === 'message') this.emit(base, 'message.in');
        const payload = activityPayload(activity, this.isTextPayload);
        if (payload !== undefined) this.emit(base, 'click', safeMetricToken(payload) ?? UNLISTED_PAYLOAD);
      }
      // Counted as the bot sends them (before the channel answers), so no promise is added per send.
      context.onSendActivities((_ctx, activities, sendNext): Promise<ResourceResponse[]> => {
        for (const sent of activities) if (sent?.type === 'message') this.emit(base, 'message.out');
        return sendNext();
      });
    } catch {
      // never break a turn over metrics
    }
    const finish = (): void => this.emit(base, 'turn', turnType, round(performance.now() - started));
    const failed = (error: unknown): never => {
      this.emit(base, 'turn.error', turnType);
      finish();
      throw error;
    };
    let turn: Promise<void>;
    try {
      turn = next();
    } catch (error) {
      return failed(error);
    }
    return Promise.resolve(turn).then(finish, failed);
  }

  private readonly isTextPayload = (text: string): boolean =>
    this.knownPayloads.has(text) || (this.textPayloadPattern !== null && this.textPayloadPattern.test(text));

  private emit(base: TurnMetricContext, name: string, dimension?: string, value?: number): void {
    try {
      this.recorder.record({ name, channel: base.channel, locale: base.locale, dimension, value });
    } catch {
      // a recorder must not throw; if one does, the turn goes on
    }
  }
}

/** What every event of a turn carries: its channel and locale. */
export type TurnMetricContext = Pick<MetricEvent, 'channel' | 'locale'>;

const NO_CONTEXT: TurnMetricContext = Object.freeze({});

/**
 * The channel and locale of an activity, each only when it may appear in metrics: a channel id that may
 * not (e.g. it embeds a long number) is `other`, a locale that is not tag-shaped is left out.
 */
export function metricContextOf(activity: Partial<Activity> | undefined): TurnMetricContext {
  const channelId = activity?.channelId;
  return {
    channel: channelId === undefined ? undefined : (safeMetricToken(channelId) ?? OTHER_METRIC_LABEL),
    locale: safeMetricLocale(activity?.locale),
  };
}

/**
 * Records an event of the current turn with its channel and locale filled in, e.g. a consent decision:
 * `recordTurnEvent(recorder, context, 'consent.given', 'marketing')`. Never throws.
 */
export function recordTurnEvent(
  recorder: MetricsRecorder,
  context: TurnContext,
  name: string,
  dimension?: string,
  value?: number,
): void {
  try {
    const { channel, locale } = metricContextOf(context?.activity);
    recorder.record({ name, channel, locale, dimension, value });
  } catch {
    // metrics never break a turn
  }
}

/** Counts use of a feature: `recordFeature(recorder, context, 'started', 'book-appointment')`. */
export function recordFeature(
  recorder: MetricsRecorder,
  context: TurnContext,
  stage: FeatureStage,
  featureId: string,
): void {
  recordTurnEvent(recorder, context, `feature.${stage}`, featureId);
}

function isEcho(activity: Partial<Activity>): boolean {
  return asRecord(asRecord(activity.channelData)?.message)?.is_echo === true;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}

/** Latency in ms to the microsecond, capped so a turn that hung for a quarter of an hour still counts. */
function round(ms: number): number {
  return Math.min(MAX_METRIC_VALUE, Math.round(ms * 1000) / 1000);
}
