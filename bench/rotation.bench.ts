/**
 * npm run bench:rotation
 *
 * 1. `privacy rotation status` at 10^6 keys: fills Redis with ~10^6 keys of subjects under two subject
 *    keys (k2 newest, k1 older; index + 3 state keys each, a sealed value for every 5th subject),
 *    pipelined, then times readRotationStatus (median of BENCH_ROTATION_RUNS, default 3).
 * 2. The move of one returning person (3 state keys, a consent receipt, a sealed value) from k1 to k2:
 *    median and p99 over BENCH_MOVES (default 200).
 * 3. The look-up a turn pays while a ring has an older key, for a person found under the newest key only
 *    (once per person and process, then remembered for 10 minutes), and what it pays with a one-key ring
 *    (nothing: no Redis call).
 *
 * Starts its own redis-server on a loopback port (or uses BENCH_REDIS_URL, which it FLUSHES).
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { EnvelopeCipher } from '../src/core/sensitive/envelope-cipher';
import { SubjectKeyRing } from '../src/core/subject-key-ring';
import type { DataSubject } from '../src/core/subject';
import { createSubjectScope, runTurnInSubjectScope } from '../src/core/subject-scope';
import { createRedisClient } from '../src/storage/redis-client';
import { readRotationStatus } from '../src/storage/redis-key-usage';
import { RedisSensitiveValueStore } from '../src/storage/redis-sensitive-value-store';
import { RedisStorage } from '../src/storage/redis-storage';
import { startRedisServer, type RunningRedis } from '../test/support/redis-server';
import { median, percentile } from './stats';

const PREFIX = 'bbpr';
const TARGET_KEYS = Number(process.env.BENCH_ROTATION_KEYS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_ROTATION_RUNS ?? 3);
const MOVES = Number(process.env.BENCH_MOVES ?? 200);
const CHECKS = 2000;
const K1 = 'bench-old-secret-0123456789abcdefghijklmnop';
const K2 = 'bench-new-secret-0123456789abcdefghijklmnop';

const ms = (n: number) => `${n.toFixed(3)} ms`;

/** ~TARGET_KEYS keys: per subject an index and 3 state keys, plus a sealed value for every 5th one. */
async function fill(redis: Redis): Promise<number> {
  const perSubject = 4 + 1 / 5;
  const subjects = Math.round(TARGET_KEYS / perSubject);
  const envelope = (kid: string) => `v1.${kid}.${'a'.repeat(16)}.${'b'.repeat(24)}.${'c'.repeat(22)}`;
  for (let base = 0; base < subjects; base += 5000) {
    const pipeline = redis.pipeline();
    for (let s = base; s < Math.min(subjects, base + 5000); s++) {
      const digest = randomBytes(16).toString('base64url').slice(0, 22);
      const keyId = s % 10 < 7 ? 'k2' : 'k1';
      const keys = [0, 1, 2].map((k) => `${PREFIX}:{${digest}}:s:${randomBytes(16).toString('base64url')}`);
      for (const key of keys) pipeline.set(key, `etag\n"facebook/users/x/"\n{"n":${k(key)}}`);
      if (s % 5 === 0) {
        const key = `${PREFIX}:{${digest}}:sensitive:tax_id`;
        keys.push(key);
        pipeline.set(key, envelope((s / 5) % 10 < 7 ? 'e2' : 'e1'));
      }
      pipeline.sadd(`${PREFIX}:{${digest}}:index:${keyId}`, ...keys);
    }
    await pipeline.exec();
  }
  return redis.dbsize();
}

function k(key: string): number {
  return key.length;
}

async function main(): Promise<void> {
  let own: RunningRedis | undefined;
  const url = process.env.BENCH_REDIS_URL ?? (own = await startRedisServer()).url;
  const redis = new Redis(url);
  try {
    await redis.flushdb();
    const fillStart = Date.now();
    const keys = await fill(redis);
    const memory = /used_memory_human:(\S+)/.exec(await redis.info('memory'))?.[1];
    console.log(
      `Filled ${keys} keys in ${((Date.now() - fillStart) / 1000).toFixed(1)} s (Redis memory ${memory}).`,
    );

    // 1. rotation status
    const times: number[] = [];
    let last: Awaited<ReturnType<typeof readRotationStatus>> | undefined;
    for (let run = 0; run < RUNS; run++) {
      const started = process.hrtime.bigint();
      last = await readRotationStatus(redis, PREFIX);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    const subjects = [...last!.subjectKeys].map(([id, u]) => `${id} ${u.subjects} subjects/${u.keys} keys`);
    const values = [...last!.encryptionKeys].map(([id, n]) => `${id} ${n}`);
    console.log(
      `rotation status at ${keys} keys: median ${ms(median(times))} over ${RUNS} runs ` +
        `(scanned ${last!.scannedKeys}; ${subjects.join(', ')}; values ${values.join(', ')})`,
    );

    // 2. moves of returning people
    const client = createRedisClient(url);
    const cipher = new EnvelopeCipher([
      { kid: 'e2', key: randomBytes(32) },
      { kid: 'e1', key: randomBytes(32) },
    ]);
    const before = new RedisStorage({
      redis: client,
      prefix: PREFIX,
      subjectSecret: SubjectKeyRing.parse(`k1:${K1}`),
    });
    const beforeValues = new RedisSensitiveValueStore({ keyspace: before.keyspace, cipher });
    const after = new RedisStorage({
      redis: client,
      prefix: PREFIX,
      subjectSecret: SubjectKeyRing.parse(`k2:${K2},k1:${K1}`),
    });
    new RedisSensitiveValueStore({ keyspace: after.keyspace, cipher });
    const people: DataSubject[] = Array.from({ length: MOVES }, (_, i) => ({
      channelId: 'facebook',
      userId: `returning-${i}`,
    }));
    for (const person of people) {
      await runTurnInSubjectScope(createSubjectScope(person, { id: `${person.userId}-page` }), async () => {
        await before.write({
          [`facebook/users/${person.userId}/`]: { name: 'A name' },
          [`facebook/conversations/${person.userId}-page/`]: { dialogStack: [] },
          [`facebook/conversations/${person.userId}-page/users/${person.userId}/`]: { note: 'x' },
        });
      });
      await beforeValues.save(person, 'tax_id', '12345678Z', { ttlSeconds: 3600 });
    }
    const moves: number[] = [];
    for (const person of people) {
      const started = process.hrtime.bigint();
      await after.keyspace.moveSubject(person);
      moves.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    console.log(
      `move of one returning person (4 keys) from k1 to k2: median ${ms(median(moves))}, p99 ${ms(
        percentile(
          [...moves].sort((a, b) => a - b),
          99,
        ),
      )} over ${MOVES}`,
    );

    // 3. the turn's look-up
    const checks: number[] = [];
    for (let i = 0; i < CHECKS; i++) {
      const person = { channelId: 'facebook', userId: `new-${i}` };
      const started = process.hrtime.bigint();
      await after.keyspace.pendingMove(person);
      checks.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    const single = new RedisStorage({ redis: client, prefix: PREFIX, subjectSecret: K2 });
    const none = single.keyspace.pendingMove({ channelId: 'facebook', userId: 'anyone' }) === undefined;
    const again = after.keyspace.pendingMove({ channelId: 'facebook', userId: 'new-0' }) === undefined;
    console.log(
      `look-up of a person with nothing under k1 (first turn per process): median ${ms(median(checks))}, ` +
        `p99 ${ms(
          percentile(
            [...checks].sort((a, b) => a - b),
            99,
          ),
        )}; the same person again: ${again ? 'no Redis call' : 'a Redis call'}; ` +
        `one-key ring: ${none ? 'no Redis call' : 'a Redis call'}`,
    );
    client.disconnect();
  } finally {
    redis.disconnect();
    await own?.stop();
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
