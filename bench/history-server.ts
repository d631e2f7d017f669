/**
 * The example bot as `npm start` builds it (createBotApp(configFromEnv())), on REDIS_URL, printing its port,
 * for `npm run bench:history`; it also measures its own heap for the parent over IPC:
 * - `{ heap: 'start' }`: a full collection (start it with `--expose-gc`), then samples `heapUsed + external`
 *   every millisecond; replies `{ ok: true }` once sampling runs;
 * - `{ heap: 'stop' }`: stops and replies `{ peakGrowth, retainedGrowth }`: the highest sample minus the one
 *   taken right after the collection, and what is still held after another full collection, in bytes.
 * Sampling misses what is allocated and freed again within one synchronous stretch (between two samples),
 * so the figure is a lower bound of the true peak; large exports keep their result alive until the response
 * is sent, which the samples see.
 */
import { configFromEnv, createBotApp } from '../examples/home-services-bot/app';

const botApp = createBotApp(configFromEnv());
const server = botApp.app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
});

const used = () => {
  const memory = process.memoryUsage();
  return memory.heapUsed + memory.external;
};

let sampler: NodeJS.Timeout | undefined;
let baseline = 0;
let peak = 0;

process.on('message', (message: { heap?: 'start' | 'stop' }) => {
  if (message?.heap === 'start') {
    (globalThis as { gc?: () => void }).gc?.();
    baseline = used();
    peak = baseline;
    clearInterval(sampler);
    sampler = setInterval(() => (peak = Math.max(peak, used())), 1);
    process.send?.({ ok: true });
  } else if (message?.heap === 'stop') {
    clearInterval(sampler);
    sampler = undefined;
    peak = Math.max(peak, used());
    // What is still held once garbage is collected: the live growth, as opposed to garbage not yet collected.
    (globalThis as { gc?: () => void }).gc?.();
    process.send?.({ peakGrowth: peak - baseline, retainedGrowth: used() - baseline });
  }
});

// Exit normally on SIGTERM/SIGINT.
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => process.exit(0));
