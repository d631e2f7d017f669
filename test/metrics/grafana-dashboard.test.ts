import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import { FanOutMetricsRecorder } from '../../src/metrics/fan-out-recorder';
import { PrometheusMetricSink } from '../../src/metrics/prometheus-sink';
import { metricsRoute } from '../../src/server/metrics-route';
import { listen } from '../messenger/listen';

// dashboards/botbuilder-privacy.json against what a real /metrics exposes after a bot's events.

interface Target {
  expr?: string;
  refId?: string;
  datasource?: { uid?: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { uid?: string };
  targets?: Target[];
  panels?: Panel[];
}

const dashboard = JSON.parse(
  readFileSync(join(__dirname, '../../dashboards/botbuilder-privacy.json'), 'utf8'),
) as {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: Array<{ name: string; query?: unknown }> };
};

function allPanels(panels: Panel[]): Panel[] {
  return panels.flatMap((panel) => [panel, ...allPanels(panel.panels ?? [])]);
}
const panels = allPanels(dashboard.panels).filter((panel) => panel.type !== 'row');

const PROMQL_WORDS = new Set([
  ...['sum', 'min', 'max', 'avg', 'count', 'topk', 'bottomk', 'quantile', 'stddev', 'stdvar', 'group'],
  ...['rate', 'irate', 'increase', 'delta', 'histogram_quantile', 'label_replace', 'clamp_min', 'abs'],
  ...[
    'by',
    'without',
    'on',
    'ignoring',
    'group_left',
    'group_right',
    'and',
    'or',
    'unless',
    'offset',
    'bool',
  ],
]);

/** The metric names a PromQL expression reads (strings, label matchers, ranges and groupings removed). */
function metricNamesOf(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of bare.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const word = match[0];
    const next = bare.slice((match.index ?? 0) + word.length).trimStart();
    if (PROMQL_WORDS.has(word) || next.startsWith('(')) continue;
    names.add(word);
  }
  return [...names];
}

/** The label matchers of an expression, e.g. `event="click"` or `event=~"consent\\..*"`. */
function matchersOf(expr: string): Array<{ label: string; op: string; value: string }> {
  const found: Array<{ label: string; op: string; value: string }> = [];
  for (const selector of expr.matchAll(/\{([^}]*)\}/g)) {
    for (const m of selector[1].matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g)) {
      found.push({ label: m[1], op: m[2], value: m[3].replace(/\\\\/g, '\\') });
    }
  }
  return found;
}

/** Metric names and label values of a Prometheus text exposition. */
function parseExposition(text: string): { names: Set<string>; labels: Map<string, Set<string>> } {
  const names = new Set<string>();
  const labels = new Map<string, Set<string>>();
  for (const line of text.split('\n')) {
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? \S+$/.exec(line);
    if (!sample) continue;
    names.add(sample[1]);
    for (const [, key, value] of (sample[2] ?? '').matchAll(
      /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g,
    )) {
      if (!labels.has(key)) labels.set(key, new Set());
      labels.get(key)!.add(value);
    }
  }
  return { names, labels };
}

let exposition: { names: Set<string>; labels: Map<string, Set<string>> };

beforeAll(async () => {
  // What a running bot records: every family the dashboard charts, through the real recorder and sink.
  const sink = new PrometheusMetricSink();
  const recorder = new FanOutMetricsRecorder({ sinks: [sink] });
  const events = [
    { name: 'click', channel: 'facebook', dimension: 'PRIVACY_MENU' },
    { name: 'message.in', channel: 'facebook' },
    { name: 'message.out', channel: 'facebook' },
    { name: 'feature.started', channel: 'webchat', dimension: 'book-appointment' },
    { name: 'feature.completed', channel: 'webchat', dimension: 'book-appointment' },
    { name: 'feature.abandoned', channel: 'webchat', dimension: 'book-appointment' },
    { name: 'consent.asked', channel: 'webchat', dimension: 'invoice' },
    { name: 'consent.given', channel: 'webchat', dimension: 'invoice' },
    { name: 'consent.refused', channel: 'webchat', dimension: 'invoice' },
    { name: 'consent.withdrawn', channel: 'webchat', dimension: 'invoice' },
    { name: 'erasure.requested', channel: 'facebook', dimension: 'menu' },
    { name: 'erasure.completed', channel: 'facebook', dimension: 'menu' },
    { name: 'erasure.failed', channel: 'facebook', dimension: 'facebook_callback' },
    { name: 'turn', channel: 'facebook', dimension: 'message', value: 42 },
    { name: 'turn.error', channel: 'facebook', dimension: 'message' },
  ];
  for (const event of events) recorder.record(event);
  recorder.record({ name: 'click', dimension: 'user 2876543210987654' }); // rejected: metrics.rejected
  const app = express();
  app.get('/metrics', metricsRoute(sink.registry));
  const server = await listen(app);
  try {
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    exposition = parseExposition(await response.text());
  } finally {
    await server.close();
  }
});

describe('the Grafana dashboard', () => {
  it('is a dashboard with panels that each query Prometheus through the dashboard data source', () => {
    expect(dashboard.uid).toBe('botbuilder-privacy');
    expect(panels.length).toBeGreaterThanOrEqual(8);
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    for (const panel of panels) {
      expect([panel.title, panel.datasource?.uid]).toEqual([panel.title, '${DS_PROMETHEUS}']);
      expect(panel.targets?.length).toBeGreaterThan(0);
      expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
      for (const target of panel.targets ?? []) expect(target.expr).toBeTruthy();
    }
    const titles = panels.map((p) => p.title).join('\n');
    for (const topic of [
      /clicks per button/i,
      /feature use/i,
      /consent/i,
      /erasures by source/i,
      /latency/i,
    ]) {
      expect(titles).toMatch(topic);
    }
  });

  it('names only metrics that /metrics really exposes', () => {
    const missing: string[] = [];
    for (const panel of panels) {
      for (const target of panel.targets ?? []) {
        const names = metricNamesOf(target.expr!);
        expect([panel.title, names.length > 0]).toEqual([panel.title, true]);
        for (const name of names) if (!exposition.names.has(name)) missing.push(`${panel.title}: ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('filters on label values that the exposition really has', () => {
    const unmatched: string[] = [];
    for (const panel of panels) {
      for (const target of panel.targets ?? []) {
        for (const { label, op, value } of matchersOf(target.expr!)) {
          if (value.includes('$') || op.startsWith('!')) continue; // dashboard variables; exclusions
          const values = [...(exposition.labels.get(label) ?? [])];
          const hit =
            op === '=' ? values.includes(value) : values.some((v) => new RegExp(`^(?:${value})$`).test(v));
          if (!hit) unmatched.push(`${panel.title}: ${label}${op}"${value}"`);
        }
      }
    }
    expect(unmatched).toEqual([]);
  });

  it('offers the channel variable from a metric that exists', () => {
    const channel = dashboard.templating.list.find((v) => v.name === 'channel');
    expect(JSON.stringify(channel?.query)).toContain('label_values(bbp_events_total, channel)');
    expect(exposition.names.has('bbp_events_total')).toBe(true);
  });

  it('would catch a panel that names a metric nobody exposes', () => {
    expect(
      metricNamesOf('histogram_quantile(0.9, sum by (le) (rate(bbp_turn_latency_bucket{a="b"}[5m])))'),
    ).toEqual(['bbp_turn_latency_bucket']);
    expect(exposition.names.has('bbp_turn_latency_bucket')).toBe(false);
    expect(metricNamesOf('sum(a_total) / sum by (x) (b_total)')).toEqual(['a_total', 'b_total']);
  });
});
