/**
 * The example bot as `npm start` runs it, on REDIS_URL, printing its port (for `npm run bench:turns` and
 * `npm run bench:turn-costs`).
 *
 * For bench:turn-costs only, BENCH_WITHOUT (comma-separated: `transcripts`, `metrics`) leaves those
 * middlewares out of the adapter, to measure what each costs alone; and BENCH_ALLOCATIONS=1 lets the bench
 * sample every allocation between SIGWINCH (start) and SIGUSR2 (stop, printing `allocated <bytes>`).
 */
import { BotAdapter, TranscriptLoggerMiddleware } from 'botbuilder';
import { MetricsMiddleware } from '../src';
import { configFromEnv, createBotApp } from '../examples/home-services-bot/app';
import { sampleAllocationsOnSignal } from './allocation-sampler';

const without = new Set((process.env.BENCH_WITHOUT ?? '').split(',').filter(Boolean));
if (without.size > 0) {
  const left = [
    ...(without.has('transcripts') ? [TranscriptLoggerMiddleware] : []),
    ...(without.has('metrics') ? [MetricsMiddleware] : []),
  ];
  const use = BotAdapter.prototype.use;
  BotAdapter.prototype.use = function (this: BotAdapter, ...middlewares) {
    return use.apply(
      this,
      middlewares.filter((m) => !left.some((kind) => m instanceof kind)),
    );
  };
}
if (process.env.BENCH_ALLOCATIONS === '1') sampleAllocationsOnSignal();

const botApp = createBotApp(configFromEnv());
const server = botApp.app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
});

// Exit normally on SIGTERM/SIGINT, so `node --cpu-prof` writes its profile.
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => process.exit(0));
