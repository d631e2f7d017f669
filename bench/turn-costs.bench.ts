/**
 * npm run bench:turn-costs
 *
 * What each part of an ordinary turn costs, measured alone: the bots of bench:turns (the example, and the
 * bare botbuilder reference with the same client reuse) in variants, each in its own process on one Redis,
 * driven by BENCH_USERS (32) concurrent Messenger users sending "hello":
 * - reference; reference + AsyncLocalStorage (one `run` per turn: what knowing whose turn a write belongs
 *   to costs on this Node version, before the layer does anything with it);
 * - example; example without the transcript logger; example without the metrics middleware.
 * For each: CPU per turn (from /proc, median of BENCH_ROUNDS alternating rounds of BENCH_ROUND_SECONDS) and
 * bytes allocated per turn (V8's sampling heap profiler over one round, collected objects included). The
 * allocation figure barely moves with other load on the machine; CPU per turn does. BENCH_PROFILE_DIR writes a
 * CPU profile of each variant (see bench/profile-summary.ts).
 */
import type { ChildProcess } from 'node:child_process';
import { Agent } from 'node:http';
import { startRedisServer } from '../test/support/redis-server';
import { median } from './stats';
import { cpuMs, messengerTurn, startBotProcess, stopBotProcesses } from './bot-process';

const USERS = Number(process.env.BENCH_USERS ?? 32);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ROUND_MS = Number(process.env.BENCH_ROUND_SECONDS ?? 5) * 1000;

interface Variant {
  name: string;
  script: 'example-server.ts' | 'reference-bot.ts';
  env: Record<string, string>;
}
const VARIANTS: Variant[] = [
  { name: 'reference', script: 'reference-bot.ts', env: {} },
  {
    name: 'reference + AsyncLocalStorage',
    script: 'reference-bot.ts',
    env: { BENCH_REFERENCE_ASYNC_CONTEXT: '1' },
  },
  { name: 'example', script: 'example-server.ts', env: {} },
  { name: 'example without transcripts', script: 'example-server.ts', env: { BENCH_WITHOUT: 'transcripts' } },
  { name: 'example without metrics', script: 'example-server.ts', env: { BENCH_WITHOUT: 'metrics' } },
];

interface Bot {
  variant: Variant;
  child: ChildProcess;
  url: string;
  output: () => string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

async function start(variant: Variant, redisUrl: string): Promise<Bot> {
  const bot = await startBotProcess(variant.name, variant.script, {
    REDIS_URL: redisUrl,
    PORT: '0',
    PRIVACY_SUBJECT_SECRET: 'bench',
    BENCH_REFERENCE_CLIENTS: 'reuse',
    BENCH_ALLOCATIONS: '1',
    ...variant.env,
  });
  return { variant, child: bot.child, url: `${bot.base}/api/messages`, output: bot.output };
}

async function drive(bot: Bot, ms: number): Promise<number> {
  let turns = 0;
  const end = Date.now() + ms;
  await Promise.all(
    Array.from({ length: USERS }, async (_, user) => {
      while (Date.now() < end) {
        await messengerTurn(bot.url, agent, user, 'hello');
        turns++;
      }
    }),
  );
  return turns;
}

/** Bytes the bot allocated per turn over one round (its sampler answers SIGUSR2 with `allocated <n>`). */
async function allocatedPerTurn(bot: Bot): Promise<number> {
  bot.child.kill('SIGWINCH');
  await new Promise((resolve) => setTimeout(resolve, 200));
  const turns = await drive(bot, ROUND_MS);
  const seen = bot.output().length;
  bot.child.kill('SIGUSR2');
  for (let i = 0; i < 100 && !/allocated (\d+)/.test(bot.output().slice(seen)); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return (
    Number(
      bot
        .output()
        .slice(seen)
        .match(/allocated (\d+)/)?.[1] ?? NaN,
    ) / turns
  );
}

async function main(): Promise<void> {
  const redis = await startRedisServer();
  const os = await import('node:os');
  console.log(
    `${USERS} users; ${ROUNDS} alternating rounds of ${ROUND_MS / 1000} s per variant; ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}; Node ${process.version}`,
  );
  const bots: Bot[] = [];
  try {
    for (const variant of VARIANTS) bots.push(await start(variant, redis.url));
    for (const bot of bots) await drive(bot, 2000); // warm-up
    const cpu = new Map<string, number[]>(bots.map((bot) => [bot.variant.name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const bot of round % 2 === 0 ? bots : [...bots].reverse()) {
        const before = cpuMs(bot.child.pid) ?? NaN;
        const turns = await drive(bot, ROUND_MS);
        cpu.get(bot.variant.name)!.push((((cpuMs(bot.child.pid) ?? NaN) - before) * 1000) / turns);
      }
    }
    const reference = median(cpu.get('reference')!);
    const example = median(cpu.get('example')!);
    console.log('\nvariant                        | CPU/turn (median) | vs reference | KB allocated/turn');
    for (const bot of bots) {
      const perTurn = median(cpu.get(bot.variant.name)!);
      const allocated = await allocatedPerTurn(bot);
      console.log(
        `${bot.variant.name.padEnd(30)} | ${`${perTurn.toFixed(0)} µs`.padStart(17)} | ${`${(perTurn / reference).toFixed(2)}x`.padStart(12)} | ${(allocated / 1024).toFixed(0).padStart(17)}`,
      );
    }
    for (const part of ['transcripts', 'metrics']) {
      const without = median(cpu.get(`example without ${part}`)!);
      console.log(`${part}: ${(example - without).toFixed(0)} µs of CPU per turn`);
    }
    const asyncContext = median(cpu.get('reference + AsyncLocalStorage')!) - reference;
    console.log(
      `AsyncLocalStorage around the reference's turn: ${asyncContext.toFixed(0)} µs of CPU per turn`,
    );
  } finally {
    await stopBotProcesses(bots.map((bot) => bot.child));
    agent.destroy();
    await redis.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
