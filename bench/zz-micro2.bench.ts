import { performance } from 'node:perf_hooks';
import { checkMetricEvent } from '../src/core/metrics/metric-rule';
import { FanOutMetricsRecorder } from '../src/metrics/fan-out-recorder';
const N = 300000;
function time(label: string, f: () => void) {
  for (let i = 0; i < 20000; i++) f();
  const t = performance.now();
  for (let i = 0; i < N; i++) f();
  console.log(label, (((performance.now() - t) / N) * 1000).toFixed(3), 'µs');
}
const e = { name: 'click', channel: 'facebook', locale: 'es-ES', dimension: 'PRIVACY_MENU' };
time('check', () => checkMetricEvent(e));
time('new Date', () => new Date());
const rec = new FanOutMetricsRecorder({ sinks: [] });
time('record', () => rec.record(e));
time('record-literal', () =>
  rec.record({ name: 'click', channel: 'facebook', locale: 'es-ES', dimension: 'PRIVACY_MENU' }),
);
