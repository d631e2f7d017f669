/**
 * npm run soak -- --minutes 10 [--concurrency 6] [--session-turns 12]
 *
 * Starts a throwaway redis-server (or uses SOAK_REDIS_URL) and the example bot as `npm start` runs it
 * (a child process), then drives turns over HTTP (`expectReplies`) as an endless stream of distinct
 * people: each has a short random session (greeting, booking, privacy menu, export) and one in five
 * erases their data through the menu at the end. Every minute it prints the bot's RSS and heap after a
 * full GC, the event-loop delay (p50, p99, max) and the turn count; at the end it compares the last
 * minute's RSS with the second minute's (the first includes start-up and JIT warm-up).
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { freePort, startRedisServer, type RunningRedis } from '../test/support/redis-server';
import {
  eraseThroughMenu,
  randomTurn,
  seededRandom,
  simulatedUser,
  type SimulatedUser,
} from '../test/support/bot-traffic';

interface Sample {
  rss: number;
  heapUsed: number;
  lagP50: number;
  lagP99: number;
  lagMax: number;
}

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
}

const MINUTES = arg('minutes', 10);
const CONCURRENCY = arg('concurrency', 6);
const SESSION_TURNS = arg('session-turns', 12);
const SAMPLE_MS = Number(process.env.SOAK_SAMPLE_MS ?? 60_000);
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

async function main(): Promise<void> {
  let redis: RunningRedis | undefined;
  const redisUrl = process.env.SOAK_REDIS_URL ?? (redis = await startRedisServer()).url;
  const port = await freePort();
  const bot = fork(join(__dirname, 'soak-probe.ts'), [], {
    cwd: join(__dirname, '..'),
    execArgv: ['--expose-gc', '-r', 'ts-node/register/transpile-only'],
    env: {
      ...process.env,
      PORT: String(port),
      REDIS_URL: redisUrl,
      REDIS_PREFIX: 'soak',
      PRIVACY_SUBJECT_SECRET: 'soak-subject-secret-0123456789abcdef',
      NODE_ENV: 'development',
    },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  let output = '';
  bot.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 60_000;
  while (!output.includes('listening') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (!output.includes('listening')) throw new Error(`the bot did not start:\n${output}`);
  const baseUrl = `http://127.0.0.1:${port}`;

  const sample = () =>
    new Promise<Sample>((resolve) => {
      bot.once('message', (message) => resolve(message as Sample));
      bot.send('sample');
    });

  let turns = 0;
  let failures = 0;
  let people = 0;
  let erased = 0;
  let stop = false;
  const random = seededRandom(Number(process.env.SOAK_SEED ?? 1));
  const run = Date.now().toString(36);

  async function person(user: SimulatedUser): Promise<void> {
    const count = 1 + Math.floor(random() * SESSION_TURNS);
    for (let i = 0; i < count && !stop; i++) {
      const result = await randomTurn(baseUrl, user, random);
      turns++;
      if (result.status !== 200) failures++;
    }
    if (!stop && random() < 0.2) {
      const result = await eraseThroughMenu(baseUrl, user);
      turns += 3;
      erased++;
      if (result.status !== 200) failures++;
    }
  }

  async function worker(): Promise<void> {
    while (!stop) {
      const user = simulatedUser(run, people++);
      try {
        await person(user);
      } catch {
        failures++; // a refused connection or a reset: counted, and the soak goes on
      }
    }
  }

  console.log(
    `Soak: ${MINUTES} min, ${CONCURRENCY} concurrent people, bot pid ${bot.pid}, Redis ${redisUrl}`,
  );
  console.log(
    'minute  turns  turns/min  people  erased  failed  rss_mb  heap_mb  lag_p50_ms  lag_p99_ms  lag_max_ms',
  );
  const workers = Array.from({ length: CONCURRENCY }, () => worker());
  const rows: Sample[] = [];
  let lastTurns = 0;
  for (let minute = 1; minute <= MINUTES; minute++) {
    await new Promise((r) => setTimeout(r, SAMPLE_MS));
    const s = await sample();
    rows.push(s);
    console.log(
      [
        String(minute).padStart(6),
        String(turns).padStart(6),
        String(turns - lastTurns).padStart(10),
        String(people).padStart(7),
        String(erased).padStart(7),
        String(failures).padStart(7),
        mb(s.rss).padStart(7),
        mb(s.heapUsed).padStart(8),
        s.lagP50.toFixed(1).padStart(11),
        s.lagP99.toFixed(1).padStart(11),
        s.lagMax.toFixed(1).padStart(11),
      ].join(' '),
    );
    lastTurns = turns;
  }
  stop = true;
  await Promise.all(workers);
  bot.kill('SIGTERM');
  await new Promise((r) => bot.once('exit', r));
  await redis?.stop();

  if (rows.length >= 3) {
    const base = rows[1];
    const last = rows[rows.length - 1];
    const growth = (last.rss - base.rss) / base.rss;
    const heapGrowth = (last.heapUsed - base.heapUsed) / base.heapUsed;
    console.log(
      `RSS minute 2 -> ${rows.length}: ${mb(base.rss)} -> ${mb(last.rss)} MB (${(growth * 100).toFixed(1)}%), heap ${mb(base.heapUsed)} -> ${mb(last.heapUsed)} MB (${(heapGrowth * 100).toFixed(1)}%), ${people} people, ${failures} failed turns`,
    );
    const flat = heapGrowth < 0.2 && growth < 0.25;
    console.log(flat ? 'Memory: flat.' : 'Memory: GROWING.');
    process.exitCode = flat && failures === 0 ? 0 : 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
