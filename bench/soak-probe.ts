/**
 * Runs the example bot exactly as `npm start` does (examples/home-services-bot/index.ts), and reports its
 * own memory and event-loop delay to the parent process (bench/soak.ts) over IPC when asked.
 * Start it with `--expose-gc` so each sample is taken after a full collection (a steadier RSS figure).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();

process.on('message', (message: unknown) => {
  if (message !== 'sample') return;
  (globalThis as { gc?: () => void }).gc?.();
  const memory = process.memoryUsage();
  process.send?.({
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    lagP50: delay.percentile(50) / 1e6,
    lagP99: delay.percentile(99) / 1e6,
    lagMax: delay.max / 1e6,
  });
  delay.reset();
});

require('../examples/home-services-bot/index');
