/**
 * npm run bench:storage
 *
 * 1. Erase one subject holding 50 keys while Redis holds 10^4, 10^5, then 10^6 keys of other subjects;
 *    prints median and p99 erase time per size and the ratio of the largest median to the smallest
 *    (target: at most 1.5, i.e. flat in keyspace size).
 * 2. Read/write throughput of RedisStorage against plain ioredis GET/SET on the same server
 *    (target: at least 0.8 of it).
 *
 * Starts its own redis-server on a loopback port (or uses BENCH_REDIS_URL, which it FLUSHES).
 */
import { Redis } from 'ioredis';
import { createRedisClient } from '../src/storage/redis-client';
import { createSubjectScope, runInSubjectScope } from '../src/core/subject-scope';
import { RedisStorage } from '../src/storage/redis-storage';
import { type DataSubject } from '../src/core/subject';
import { startRedisServer, type RunningRedis } from '../test/support/redis-server';
import { percentile, median } from './stats';

const PREFIX = 'bbpb';
const SIZES = [10_000, 100_000, 1_000_000];
const ERASE_RUNS = Number(process.env.BENCH_ERASE_RUNS ?? 300);
const KEYS_PER_SUBJECT = 50;
const OPS = Number(process.env.BENCH_OPS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const CONCURRENCY = 32;

const ms = (n: number) => `${n.toFixed(3)} ms`;

/** Fills Redis up to `total` keys of other subjects (9 state keys + 1 index per subject), pipelined. */
async function fillOtherSubjects(
  redis: Redis,
  storage: RedisStorage,
  from: number,
  total: number,
): Promise<void> {
  const ks = storage.keyspace;
  for (let base = from; base < total; base += 10_000) {
    const pipeline = redis.pipeline();
    for (let s = base / 10; s < Math.min(total, base + 10_000) / 10; s++) {
      const digest = ks.digester.digest({ channelId: 'facebook', userId: `other-${s}` });
      const keys: string[] = [];
      for (let k = 0; k < 9; k++) {
        const key = ks.ownedKey(digest, 's', `facebook/users/other-${s}/ns${k}`);
        keys.push(key);
        pipeline.set(key, `etag\n{"profile":{"name":"Other ${s}","visits":${k}}}`);
      }
      pipeline.sadd(ks.indexKey(digest), ...keys);
    }
    await pipeline.exec();
  }
}

async function writeFiftyKeys(storage: RedisStorage, subject: DataSubject): Promise<void> {
  const scope = createSubjectScope(subject, { id: `conv-${subject.userId}`, oneToOne: true });
  const changes: Record<string, object> = {};
  for (let i = 0; i < KEYS_PER_SUBJECT; i++) {
    changes[`${subject.channelId}/users/${subject.userId}/ns${i}`] = { value: i, text: 'x'.repeat(100) };
  }
  await runInSubjectScope(scope, () => storage.write(changes));
}

async function benchErasure(redis: Redis, storage: RedisStorage): Promise<void> {
  console.log(`\nErase one subject with ${KEYS_PER_SUBJECT} keys (${ERASE_RUNS} runs per size)`);
  console.log('keys of other subjects | median     | p99        | keys removed');
  const medians: number[] = [];
  let filled = 0;
  for (const size of SIZES) {
    await fillOtherSubjects(redis, storage, filled, size);
    filled = size;
    const times: number[] = [];
    let removed = 0;
    for (let run = 0; run < ERASE_RUNS; run++) {
      const subject = { channelId: 'facebook', userId: `target-${size}-${run}` };
      await writeFiftyKeys(storage, subject);
      const start = process.hrtime.bigint();
      const receipt = await storage.eraseSubject(subject);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
      removed = receipt.keysRemoved;
      if (!receipt.verified) throw new Error('erasure not verified');
    }
    times.sort((a, b) => a - b);
    const dbsize = await redis.dbsize();
    medians.push(percentile(times, 50));
    console.log(
      `${String(size).padStart(22)} | ${ms(percentile(times, 50)).padEnd(10)} | ${ms(percentile(times, 99)).padEnd(10)} | ${removed}   (dbsize ${dbsize})`,
    );
  }
  const ratio = Math.max(...medians) / Math.min(...medians);
  console.log(
    `ratio of largest to smallest median: ${ratio.toFixed(2)} (target <= 1.5) ${ratio <= 1.5 ? 'OK' : 'MISSED'}`,
  );
}

/** Runs `op` OPS times with CONCURRENCY in flight; returns operations per second. */
async function throughput(op: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < OPS) await op(next++);
    }),
  );
  return OPS / (Number(process.hrtime.bigint() - start) / 1e9);
}

async function benchThroughput(redis: Redis, storage: RedisStorage): Promise<void> {
  console.log(`\nThroughput, ${OPS} operations, ${CONCURRENCY} in flight, ~150-byte items`);
  const item = { profile: { name: 'Somebody', locale: 'en-US', visits: 3 }, note: 'y'.repeat(80) };
  const users = 1000;
  const keyOf = (i: number) => `webchat/users/tp-${i % users}/`;
  // One scope per user, as one turn would have; a turn then reads and writes its keys.
  const scopes = Array.from({ length: users }, (_, u) =>
    createSubjectScope({ channelId: 'webchat', userId: `tp-${u}` }),
  );
  const scopeOf = (i: number) => scopes[i % users];
  const rounds: Array<[string, () => Promise<number>, () => Promise<number>]> = [
    [
      'write',
      // The baseline does what any Redis-backed Storage must at least do: serialize the item with an eTag.
      () => throughput((i) => redis.set(`plain:${keyOf(i)}`, JSON.stringify({ ...item, eTag: String(i) }))),
      () =>
        throughput((i) =>
          runInSubjectScope(scopeOf(i), () => storage.write({ [keyOf(i)]: { ...item, eTag: '*' } })),
        ),
    ],
    [
      'read',
      () => throughput((i) => redis.get(`plain:${keyOf(i)}`).then((v) => v && JSON.parse(v))),
      () => throughput((i) => runInSubjectScope(scopeOf(i), () => storage.read([keyOf(i)]))),
    ],
  ];
  console.log(
    `operation | plain ioredis   | RedisStorage    | ratio   (median of ${ROUNDS} alternating rounds)`,
  );
  for (const [name, plain, ours] of rounds) {
    await plain(); // warm-up
    await ours();
    const plainRates: number[] = [];
    const ourRates: number[] = [];
    // Alternating rounds, so load from other processes hits both sides alike.
    for (let round = 0; round < ROUNDS; round++) {
      plainRates.push(await plain());
      ourRates.push(await ours());
    }
    const p = median(plainRates);
    const o = median(ourRates);
    const ratio = o / p;
    console.log(
      `${name.padEnd(9)} | ${p.toFixed(0).padStart(8)} ops/s  | ${o.toFixed(0).padStart(8)} ops/s  | ${ratio.toFixed(2)} (target >= 0.8) ${ratio >= 0.8 ? 'OK' : 'MISSED'}`,
    );
  }
}

async function main(): Promise<void> {
  let server: RunningRedis | undefined;
  const url = process.env.BENCH_REDIS_URL ?? (server = await startRedisServer()).url;
  // The client a deployment uses (fail-fast, commands bounded by ioredis itself); plain GET/SET share it.
  const redis = createRedisClient(url);
  await redis.flushall();
  const storage = new RedisStorage({ redis, prefix: PREFIX, subjectSecret: 'bench' });
  console.log(`Redis ${(await redis.info('server')).match(/redis_version:(\S+)/)?.[1]} at ${url}`);
  try {
    const part = process.env.BENCH_PART; // 'throughput' or 'erase' to run one half
    if (part !== 'erase') await benchThroughput(redis, storage);
    await redis.flushall();
    if (part !== 'throughput') await benchErasure(redis, storage);
  } finally {
    redis.disconnect();
    await server?.stop();
  }
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGPIPE'] as const) process.on(signal, () => process.exit(130));

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
