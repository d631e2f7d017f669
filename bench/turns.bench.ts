/**
 * npm run bench:turns
 *
 * The example bot (privacy layer, Redis) against a bare botbuilder bot (bench/reference-bot.ts: user and
 * conversation state on a naive Redis Storage), both over HTTP in their own processes on one Redis, driven
 * by N concurrent simulated Messenger users (`expectReplies`, each sends its next message when the reply
 * came), in alternating rounds. For each bot: turns/s, p50, p99 and Redis commands per turn (counted
 * with MONITOR in a separate, slower pass, without the commands Lua scripts run inside Redis), then the
 * ratio of turns/s (target >= 0.9). Repeated with 10^4 and 10^6 other users' data already in Redis
 * (target: flat per-turn cost). On Linux it also prints each bot process's CPU time per turn (from
 * /proc), which other load on a shared machine disturbs far less than turns/s.
 *
 * Environment: BENCH_USERS (32), BENCH_ROUNDS (5), BENCH_ROUND_SECONDS (5), BENCH_SIZES ("0,10000,1000000"),
 * BENCH_REFERENCE_CLIENTS=reuse (the reference reuses its connector clients as the example does),
 * BENCH_PROFILE_DIR (each bot runs under `node --cpu-prof` and writes its profile there when the bench ends;
 * summarise one with `node bench/profile-summary.js <file>`).
 */
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Agent } from 'node:http';
import { Redis } from 'ioredis';
import { startRedisServer } from '../test/support/redis-server';
import { percentile, median } from './stats';
import { cpuMs, messengerTurn, startBotProcess, stopBotProcesses } from './bot-process';

const USERS = Number(process.env.BENCH_USERS ?? 32);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ROUND_MS = Number(process.env.BENCH_ROUND_SECONDS ?? 5) * 1000;
const SIZES = (process.env.BENCH_SIZES ?? '0,10000,1000000').split(',').map(Number);
const COUNT_TURNS = 200;

interface Bot {
  name: string;
  url: string;
  child: ChildProcess;
}

async function startBot(name: string, script: string, env: Record<string, string>): Promise<Bot> {
  const bot = await startBotProcess(name, script, env);
  return { name, url: `${bot.base}/api/messages`, child: bot.child };
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/** One message turn over HTTP; resolves with its latency in ms. */
function turn(bot: Bot, user: number, text: string): Promise<number> {
  return messengerTurn(bot.url, agent, user, text);
}

/** N users, each sending its next message when the reply came, for `ms`. Returns latencies. */
async function drive(bot: Bot, users: number, ms: number): Promise<{ rate: number; latencies: number[] }> {
  const latencies: number[] = [];
  const end = Date.now() + ms;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: users }, async (_, u) => {
      while (Date.now() < end) latencies.push(await turn(bot, u, 'hello'));
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { rate: latencies.length / seconds, latencies };
}

/** Commands clients sent per turn (MONITOR; Lua-internal commands left out), over COUNT_TURNS turns. */
async function commandsPerTurn(redis: Redis, bot: Bot): Promise<number> {
  let commands = 0;
  const monitor = await redis.monitor();
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    if (!source.includes('lua') && args[0].toLowerCase() !== 'info') commands++;
  });
  await new Promise((r) => setTimeout(r, 100));
  const done = { turns: 0 };
  await Promise.all(
    Array.from({ length: 4 }, async (_, u) => {
      while (done.turns < COUNT_TURNS) {
        done.turns++;
        await turn(bot, u, 'hello');
      }
    }),
  );
  await new Promise((r) => setTimeout(r, 1500)); // the example's metrics flush (every second) counts too
  monitor.disconnect();
  return commands / done.turns;
}

/**
 * Adds other users' data up to `total` users, built inside Redis by a Lua loop (10^4 users per call):
 * for the example, each user's state, index, refs, a transcript entry and their listings (in the
 * example's layout, digests made up); for the reference, their user and conversation state.
 */
const POPULATE = `
local value = ARGV[3]
for i = tonumber(ARGV[1]), tonumber(ARGV[2]) do
  local tag = 'bbp:{other' .. i .. '}:'
  redis.call('SET', tag .. 's:u', value)
  redis.call('SET', tag .. 's:c', value)
  redis.call('RPUSH', tag .. 't:c', value)
  redis.call('SADD', tag .. 'index', tag .. 's:u', tag .. 's:c', tag .. 't:c')
  redis.call('SADD', tag .. 'refs', 'z bbp:tl:{facebook}', 'z bbp:tle:{facebook}')
  redis.call('ZADD', 'bbp:tl:{facebook}', 0, 'other' .. i)
  redis.call('ZADD', 'bbp:tle:{facebook}', 9e15, 'other' .. i)
  redis.call('SET', 'ref:facebook/users/other-' .. i .. '/', value)
  redis.call('SET', 'ref:facebook/conversations/other-' .. i .. '-page/', value)
end
return 1`;

async function populate(redis: Redis, from: number, to: number): Promise<void> {
  const value = JSON.stringify({ profile: { firstName: 'Other', visits: 3 }, note: 'x'.repeat(80) });
  for (let start = from; start < to; start += 10_000) {
    await redis.eval(POPULATE, 0, start, Math.min(to, start + 10_000) - 1, value);
  }
}

async function main(): Promise<void> {
  const server = process.env.BENCH_REDIS_URL ? undefined : await startRedisServer();
  const url = process.env.BENCH_REDIS_URL ?? server!.url;
  const redis = new Redis(url);
  await redis.flushall();
  const env = { REDIS_URL: url, PORT: '0', PRIVACY_SUBJECT_SECRET: 'bench' };
  const bots = [
    await startBot('example', 'example-server.ts', env),
    await startBot('reference', 'reference-bot.ts', env),
  ];
  console.log(
    `Redis ${(await redis.info('server')).match(/redis_version:(\S+)/)?.[1]}; ${USERS} users, ` +
      `${ROUNDS} alternating rounds of ${ROUND_MS / 1000} s per bot and size; ${require('node:os').cpus().length} cores, load ${require('node:os').loadavg()[0].toFixed(1)}`,
  );
  try {
    for (const bot of bots) await drive(bot, USERS, 2000); // warm-up: JIT, connections, users' state
    let filled = 0;
    const perSize: Array<{ size: number; ratio: number; commands: number[] }> = [];
    for (const size of SIZES) {
      if (size > filled) {
        const started = Date.now();
        await populate(redis, filled, size);
        filled = size;
        console.log(
          `\n${size} other users in Redis (dbsize ${await redis.dbsize()}, loaded in ${Date.now() - started} ms)`,
        );
      } else console.log(`\n${size} other users in Redis (dbsize ${await redis.dbsize()})`);
      const results = new Map(
        bots.map((bot) => [
          bot.name,
          {
            rates: [] as number[],
            latencies: [] as number[],
            cpuPerTurn: [] as number[],
            redisCpuPerTurn: [] as number[],
          },
        ]),
      );
      for (let round = 0; round < ROUNDS; round++) {
        for (const bot of round % 2 === 0 ? bots : [...bots].reverse()) {
          const cpuBefore = cpuMs(bot.child.pid);
          const redisBefore = cpuMs(server?.pid);
          const { rate, latencies } = await drive(bot, USERS, ROUND_MS);
          const cpuAfter = cpuMs(bot.child.pid);
          const redisAfter = cpuMs(server?.pid);
          const result = results.get(bot.name)!;
          result.rates.push(rate);
          result.latencies.push(...latencies);
          if (cpuBefore !== undefined && cpuAfter !== undefined) {
            result.cpuPerTurn.push(((cpuAfter - cpuBefore) * 1000) / latencies.length);
          }
          if (redisBefore !== undefined && redisAfter !== undefined) {
            result.redisCpuPerTurn.push(((redisAfter - redisBefore) * 1000) / latencies.length);
          }
        }
      }
      const commands: number[] = [];
      const summary = new Map<string, { cpu?: number; p99: number }>();
      console.log(
        'bot        | turns/s (median) | p50       | p99       | Redis commands/turn | CPU/turn (median) | Redis CPU/turn',
      );
      for (const bot of bots) {
        const { rates, latencies, cpuPerTurn, redisCpuPerTurn } = results.get(bot.name)!;
        latencies.sort((a, b) => a - b);
        summary.set(bot.name, {
          cpu: cpuPerTurn.length > 0 ? median(cpuPerTurn) : undefined,
          p99: percentile(latencies, 99),
        });
        const perTurn = await commandsPerTurn(redis, bot);
        commands.push(perTurn);
        console.log(
          `${bot.name.padEnd(10)} | ${median(rates).toFixed(0).padStart(16)} | ${percentile(latencies, 50).toFixed(2).padStart(6)} ms | ${percentile(latencies, 99).toFixed(2).padStart(6)} ms | ${perTurn.toFixed(2).padStart(19)} | ${(cpuPerTurn.length > 0 ? `${median(cpuPerTurn).toFixed(0)} µs` : 'n/a').padStart(17)} | ${redisCpuPerTurn.length > 0 ? `${median(redisCpuPerTurn).toFixed(0)} µs` : 'n/a'}`,
        );
      }
      const ratio = median(results.get('example')!.rates) / median(results.get('reference')!.rates);
      perSize.push({ size, ratio, commands });
      console.log(
        `ratio example/reference: ${ratio.toFixed(2)} (target >= 0.9) ${ratio >= 0.9 ? 'OK' : 'MISSED'}`,
      );
      const example = summary.get('example')!;
      const reference = summary.get('reference')!;
      if (example.cpu !== undefined && reference.cpu !== undefined) {
        const efficiency = reference.cpu / example.cpu;
        console.log(
          `CPU efficiency example/reference (reference CPU per turn / example's): ${efficiency.toFixed(2)} (target >= 0.9) ${efficiency >= 0.9 ? 'OK' : 'MISSED'}`,
        );
      }
      const p99 = example.p99 / reference.p99;
      console.log(
        `p99 example/reference: ${p99.toFixed(2)}x (target <= 1.2) ${p99 <= 1.2 ? 'OK' : 'MISSED'}`,
      );
    }
    const exampleCommands = perSize.map((s) => s.commands[0]);
    console.log(
      `\nexample commands/turn by size: ${exampleCommands.map((c) => c.toFixed(2)).join(', ')}; ratios: ${perSize.map((s) => s.ratio.toFixed(2)).join(', ')}`,
    );
  } finally {
    await stopBotProcesses(bots.map((bot) => bot.child));
    redis.disconnect();
    agent.destroy();
    await server?.stop();
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
