import { TURN_LATENCY_BUCKETS_MS, type MetricCounterDay } from '../counter-layout';
import { estimatePercentile, type PercentileEstimate } from './percentile';
import { ERASURE_SOURCES } from '../../core/metrics/metered-erasure';

/** How a series of a daily chart came to be. */
export type SeriesKind =
  /** One payload, feature id or erasure source. */
  | 'single'
  /** Several small series folded together so the chart stays readable. */
  | 'rest'
  /** Failed erasures, whatever their source. */
  | 'failed';

/** One coloured series of a daily bar chart: a value per day of the report. */
export interface DailySeries {
  /** The payload, feature id or erasure source (empty when the events had none). */
  key: string;
  kind: SeriesKind;
  /** One value per day of {@link InsightsReport.days}. */
  values: number[];
  total: number;
  /** For `rest`: how many series were folded in. */
  folded?: number;
}

/** Consent decisions about one purpose over the whole period. */
export interface PurposeConsent {
  purpose: string;
  asked: number;
  given: number;
  refused: number;
  withdrawn: number;
  /** given / asked, when anything was asked. */
  givenRate?: number;
}

/** Use of one feature over the whole period. */
export interface FeatureUse {
  feature: string;
  /** `feature.started` and the bot's own stages such as `feature.used`. */
  uses: number;
  completed: number;
  abandoned: number;
}

/** Turn latency of one day. */
export interface DailyLatency {
  day: string;
  turns: number;
  /** Average from the counters' sum, when turns were counted. */
  averageMs?: number;
  /** Estimated from the day's histogram; absent when the day has none (e.g. older counters). */
  p50?: PercentileEstimate;
  p95?: PercentileEstimate;
  p99?: PercentileEstimate;
}

/** The period's totals shown in the report's header. */
export interface InsightsTotals {
  clicks: number;
  featureUses: number;
  consentsAsked: number;
  consentsGiven: number;
  erasures: number;
  failedErasures: number;
  turns: number;
}

/**
 * What the brand's insights report shows, computed from the anonymous daily counters. Every number in
 * it is a count of events (or a latency); none of it can name a person.
 */
export interface InsightsReport {
  /** UTC days, oldest first. */
  days: string[];
  totals: InsightsTotals;
  /** Clicks per button (payload) per day, busiest first. */
  clicks: DailySeries[];
  /** Feature uses per feature id per day, busiest first. */
  features: DailySeries[];
  featureOutcomes: FeatureUse[];
  /** Per purpose, busiest first. */
  consent: PurposeConsent[];
  /** Completed erasures per source per day (the known sources always, in a fixed order), then failures. */
  erasures: DailySeries[];
  latency: DailyLatency[];
  /** True when any day has a latency histogram. */
  latencyRecorded: boolean;
  /** The histogram bounds the percentiles were estimated with, in ms. */
  latencyBucketsMs: readonly number[];
}

export interface InsightsReportOptions {
  /**
   * Most series one daily chart (clicks, features) shows; the smallest others are folded into one
   * `rest` series. Default 8.
   */
  maxSeries?: number;
}

/** Stages of a feature that end a use rather than start one. */
const FEATURE_OUTCOMES = new Set(['completed', 'abandoned']);
const CONSENT_EVENTS = ['asked', 'given', 'refused', 'withdrawn'] as const;

/**
 * Builds the report of the given days (as read by `readMetricCounterDays`, oldest first).
 *
 * - clicks: `click` events by payload;
 * - feature use: `feature.<stage>` events by feature id, where every stage but `completed` and
 *   `abandoned` counts as a use;
 * - consent: `consent.asked|given|refused|withdrawn` by purpose id;
 * - erasures: `erasure.completed` by source, and `erasure.failed` of every source as one series;
 * - latency: the `turn` events' count and sum (average) and their histogram (p50/p95/p99).
 */
export function buildInsightsReport(
  counterDays: readonly MetricCounterDay[],
  options: InsightsReportOptions = {},
): InsightsReport {
  const maxSeries = Math.max(1, Math.floor(options.maxSeries ?? 8));
  const days = counterDays.map((d) => d.day);
  const width = days.length;
  const clicks = new SeriesTable(width);
  const features = new SeriesTable(width);
  const erasures = new SeriesTable(width);
  const failed = new Array<number>(width).fill(0);
  const outcomes = new Map<string, FeatureUse>();
  const consent = new Map<string, PurposeConsent>();
  const latency: DailyLatency[] = [];
  let latencyRecorded = false;

  counterDays.forEach(({ day, rows, turnLatency }, index) => {
    let turns = 0;
    let latencySum = 0;
    for (const row of rows) {
      const { event, dimension, count } = row;
      if (event === 'click') clicks.add(dimension, index, count);
      else if (event.startsWith('feature.')) {
        const stage = event.slice('feature.'.length);
        const use = outcomes.get(dimension) ?? { feature: dimension, uses: 0, completed: 0, abandoned: 0 };
        if (stage === 'completed') use.completed += count;
        else if (stage === 'abandoned') use.abandoned += count;
        else use.uses += count;
        outcomes.set(dimension, use);
        if (!FEATURE_OUTCOMES.has(stage)) features.add(dimension, index, count);
      } else if (event.startsWith('consent.')) {
        const decision = event.slice('consent.'.length);
        if (!(CONSENT_EVENTS as readonly string[]).includes(decision)) continue;
        const purpose = consent.get(dimension) ?? {
          purpose: dimension,
          asked: 0,
          given: 0,
          refused: 0,
          withdrawn: 0,
        };
        purpose[decision as (typeof CONSENT_EVENTS)[number]] += count;
        consent.set(dimension, purpose);
      } else if (event === 'erasure.completed') erasures.add(dimension, index, count);
      else if (event === 'erasure.failed') failed[index] += count;
      else if (event === 'turn') {
        turns += count;
        latencySum += row.sum;
      }
    }
    const histogramTotal = turnLatency.reduce((a, b) => a + b, 0);
    if (histogramTotal > 0) latencyRecorded = true;
    latency.push({
      day,
      turns,
      averageMs: turns > 0 ? round(latencySum / turns) : undefined,
      p50: estimatePercentile(turnLatency, TURN_LATENCY_BUCKETS_MS, 0.5),
      p95: estimatePercentile(turnLatency, TURN_LATENCY_BUCKETS_MS, 0.95),
      p99: estimatePercentile(turnLatency, TURN_LATENCY_BUCKETS_MS, 0.99),
    });
  });

  for (const source of ERASURE_SOURCES) erasures.ensure(source);
  const erasureSeries = [
    ...ERASURE_SOURCES.map((source) => erasures.series(source)),
    ...erasures.sorted().filter((series) => !(ERASURE_SOURCES as readonly string[]).includes(series.key)),
    { key: 'failed', kind: 'failed' as const, values: failed, total: sum(failed) },
  ];
  const consentList = [...consent.values()]
    .map((p) => (p.asked > 0 ? { ...p, givenRate: p.given / p.asked } : p))
    .sort((a, b) => b.asked - a.asked || b.given - a.given || a.purpose.localeCompare(b.purpose));
  const clickSeries = fold(clicks.sorted(), maxSeries, width);
  const featureSeries = fold(features.sorted(), maxSeries, width);

  return {
    days,
    totals: {
      clicks: sumOf(clicks.sorted()),
      featureUses: sumOf(features.sorted()),
      consentsAsked: sum(consentList.map((p) => p.asked)),
      consentsGiven: sum(consentList.map((p) => p.given)),
      erasures: sumOf(erasures.sorted()),
      failedErasures: sum(failed),
      turns: sum(latency.map((l) => l.turns)),
    },
    clicks: clickSeries,
    features: featureSeries,
    featureOutcomes: [...outcomes.values()].sort(
      (a, b) => b.uses - a.uses || b.completed - a.completed || a.feature.localeCompare(b.feature),
    ),
    consent: consentList,
    erasures: erasureSeries,
    latency,
    latencyRecorded,
    latencyBucketsMs: TURN_LATENCY_BUCKETS_MS,
  };
}

/** Values per key per day. */
class SeriesTable {
  private readonly table = new Map<string, number[]>();

  constructor(private readonly width: number) {}

  add(key: string, index: number, count: number): void {
    this.ensure(key)[index] += count;
  }

  ensure(key: string): number[] {
    let values = this.table.get(key);
    if (!values) this.table.set(key, (values = new Array<number>(this.width).fill(0)));
    return values;
  }

  series(key: string): DailySeries {
    const values = this.ensure(key);
    return { key, kind: 'single', values, total: sum(values) };
  }

  /** Every series, largest total first (ties by key). */
  sorted(): DailySeries[] {
    return [...this.table.keys()]
      .map((key) => this.series(key))
      .sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));
  }
}

/** Keeps the `max - 1` largest series and folds the rest into one (or keeps all when they fit). */
function fold(series: DailySeries[], max: number, width: number): DailySeries[] {
  if (series.length <= max) return series;
  const kept = series.slice(0, max - 1);
  const rest = series.slice(max - 1);
  const values = new Array<number>(width).fill(0);
  for (const s of rest) s.values.forEach((v, i) => (values[i] += v));
  return [...kept, { key: '', kind: 'rest', values, total: sum(values), folded: rest.length }];
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function sumOf(series: readonly DailySeries[]): number {
  return sum(series.map((s) => s.total));
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
