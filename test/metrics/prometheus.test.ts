import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { FanOutMetricsRecorder } from '../../src/metrics/fan-out-recorder';
import { PrometheusMetricSink } from '../../src/metrics/prometheus-sink';
import { metricsRoute } from '../../src/server/metrics-route';
import { parseExposition, sampleValue as value, TEST_LABELS } from './fixtures';

let server: Server;
let base: string;
let sink: PrometheusMetricSink;
let capped: PrometheusMetricSink;

beforeAll(async () => {
  sink = new PrometheusMetricSink();
  capped = new PrometheusMetricSink({ maxSeries: 5 });
  sink.addGauge('bbp_webhook_dropped_events', 'Events the webhook sink dropped.', () => 7);
  const app = express();
  app.get('/metrics', metricsRoute(sink.registry));
  app.get('/capped/metrics', metricsRoute(capped.registry));
  app.get('/private/metrics', metricsRoute(sink.registry, { bearerToken: 's3cret-token' }));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('Prometheus exposition on /metrics', () => {
  it('serves parseable counts of clicks, features and turn latency', async () => {
    const recorder = new FanOutMetricsRecorder({ declared: TEST_LABELS, sinks: [sink] });
    for (let i = 0; i < 3; i++)
      recorder.record({ name: 'click', channel: 'facebook', dimension: 'PRIVACY_MENU' });
    recorder.record({ name: 'feature.started', channel: 'webchat', dimension: 'book-appointment' });
    recorder.record({ name: 'turn', channel: 'facebook', dimension: 'message', value: 40 });
    recorder.record({ name: 'turn', channel: 'facebook', dimension: 'message', value: 2000 });
    recorder.record({ name: 'click', dimension: 'PAY_4111111111111111' });

    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const samples = parseExposition(await response.text());
    expect(
      value(samples, 'bbp_events_total', { event: 'click', dimension: 'PRIVACY_MENU', channel: 'facebook' }),
    ).toBe(3);
    expect(
      value(samples, 'bbp_events_total', { event: 'feature.started', dimension: 'book-appointment' }),
    ).toBe(1);
    expect(
      value(samples, 'bbp_events_total', { event: 'metrics.rejected', dimension: 'looks-personal' }),
    ).toBe(1);
    expect(value(samples, 'bbp_turn_duration_seconds_count', { channel: 'facebook' })).toBe(2);
    expect(value(samples, 'bbp_turn_duration_seconds_bucket', { channel: 'facebook', le: '0.05' })).toBe(1);
    expect(value(samples, 'bbp_turn_duration_seconds_sum', { channel: 'facebook' })).toBeCloseTo(2.04);
    expect(value(samples, 'bbp_event_value_total', { event: 'turn', dimension: 'message' })).toBe(2040);
    expect(value(samples, 'bbp_webhook_dropped_events', {})).toBe(7);
    expect(samples.some((s) => JSON.stringify(s).includes('4111'))).toBe(false);
  });

  it('folds label sets past the series bound into the other labels and counts them as dropped', async () => {
    const buttons = Array.from({ length: 20 }, (_, i) => `BUTTON_${i}`);
    const recorder = new FanOutMetricsRecorder({ declared: { payloads: buttons }, sinks: [capped] });
    for (const button of buttons) recorder.record({ name: 'click', channel: 'webchat', dimension: button });
    const samples = parseExposition(await (await fetch(`${base}/capped/metrics`)).text());
    const events = samples.filter((s) => s.name === 'bbp_events_total');
    expect(events.length).toBeLessThanOrEqual(6); // the bound, plus the one overflow label set
    expect(events.reduce((sum, s) => sum + s.value, 0)).toBe(20); // nothing is lost from the totals
    expect(value(samples, 'bbp_events_total', { event: 'other', dimension: 'other', channel: 'other' })).toBe(
      15,
    );
    expect(value(samples, 'bbp_metric_series_dropped_total', {})).toBe(15);
    expect(() => new PrometheusMetricSink({ maxSeries: 0 })).toThrow(/maxSeries/);
  });

  it('asks for the bearer token when one is configured', async () => {
    expect((await fetch(`${base}/private/metrics`)).status).toBe(401);
    expect(
      (await fetch(`${base}/private/metrics`, { headers: { authorization: 'Bearer wrong' } })).status,
    ).toBe(401);
    const ok = await fetch(`${base}/private/metrics`, { headers: { authorization: 'Bearer s3cret-token' } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('bbp_events_total');
  });
});
