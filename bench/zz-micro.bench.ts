import { performance } from 'node:perf_hooks';
import { TestAdapter, type TurnContext, type Activity } from 'botbuilder-core';
import { MetricsMiddleware } from '../src/botbuilder/metrics-middleware';
import { FanOutMetricsRecorder } from '../src/metrics/fan-out-recorder';
const logic = async (ctx: TurnContext) => void (await ctx.sendActivity('ok'));
const act: Partial<Activity> = {
  type: 'message',
  text: 'Privacy',
  channelData: { postback: { payload: 'PRIVACY_MENU' } },
  from: { id: 'u1', name: 'x' },
};
async function run(adapter: TestAdapter, n: number) {
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    await adapter.processActivity(act, logic);
    adapter.activeQueue.length = 0;
  }
  return ((performance.now() - t) / n) * 1000;
}
(async () => {
  const off = new TestAdapter(logic, { channelId: 'facebook', locale: 'es-ES' });
  const rec = new FanOutMetricsRecorder({ sinks: [] });
  const on = new TestAdapter(logic, { channelId: 'facebook', locale: 'es-ES' }).use(
    new MetricsMiddleware(rec),
  );
  const noop = new TestAdapter(logic, { channelId: 'facebook', locale: 'es-ES' }).use(
    new MetricsMiddleware({ record() {} }),
  );
  for (let r = 0; r < 3; r++) {
    console.log(
      'off',
      (await run(off, 20000)).toFixed(1),
      'on',
      (await run(on, 20000)).toFixed(1),
      'noop-recorder',
      (await run(noop, 20000)).toFixed(1),
    );
  }
  const t = performance.now();
  for (let i = 0; i < 100000; i++)
    rec.record({ name: 'click', channel: 'facebook', locale: 'es-ES', dimension: 'PRIVACY_MENU' });
  console.log('record µs', (((performance.now() - t) / 100000) * 1000).toFixed(2));
})();
