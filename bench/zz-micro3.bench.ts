import { performance } from 'node:perf_hooks';
import { checkMetricEvent } from '../src/core/metrics/metric-rule';
const N = 300000;
const sink: unknown[] = [];
function time(label: string, f: () => unknown) {
  for (let i = 0; i < 20000; i++) sink[i & 1023] = f();
  const t = performance.now();
  for (let i = 0; i < N; i++) sink[i & 1023] = f();
  console.log(label, (((performance.now() - t) / N) * 1000).toFixed(3), 'µs');
}
const e = { name: 'click', channel: 'facebook', locale: 'es-ES', dimension: 'PRIVACY_MENU' };
const cached = { day: '2020-01-01', hour: 3 };
time('check', () => checkMetricEvent(e));
time('check+spread', () => {
  const c = checkMetricEvent(e);
  return c.ok ? { ...c.event, day: cached.day, hour: cached.hour } : undefined;
});
time('check+literal', () => {
  const c = checkMetricEvent(e);
  if (!c.ok) return;
  const v = c.event;
  return {
    name: v.name,
    channel: v.channel,
    locale: v.locale,
    dimension: v.dimension,
    value: v.value,
    day: cached.day,
    hour: cached.hour,
  };
});
time('spread-only', () => ({ ...e, day: cached.day, hour: cached.hour }));
