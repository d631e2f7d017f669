/**
 * npm run bench:requests
 *
 * A batch erasure of 1,000 subjects through the operator's privacy requests on Redis: each subject holds
 * state (user and conversation), a few more items, and is erased through RedisStorage (the same erasure as
 * the privacy menu), with per-subject progress recorded in Redis. Prints the time from filing the request
 * to `completed`, per round, and the median (target: under 10 s).
 *
 * Starts its own redis-server on a loopback port (or uses BENCH_REDIS_URL, which it FLUSHES).
 */
import { randomBytes } from 'node:crypto';
import { PrivacyRequests } from '../src/core/requests/privacy-requests';
import { EnvelopeCipher } from '../src/core/sensitive/envelope-cipher';
import type { DataSubject } from '../src/core/subject';
import { createSubjectScope, runInSubjectScope } from '../src/core/subject-scope';
import { createRedisClient } from '../src/storage/redis-client';
import { RedisPrivacyRequestStore } from '../src/storage/redis-privacy-request-store';
import { RedisStorage } from '../src/storage/redis-storage';
import { startRedisServer, type RunningRedis } from '../test/support/redis-server';
import { median } from './stats';

const SUBJECTS = Number(process.env.BENCH_SUBJECTS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ITEMS_PER_SUBJECT = 6;

async function fill(storage: RedisStorage, subjects: readonly DataSubject[]): Promise<void> {
  for (let i = 0; i < subjects.length; i += 50) {
    await Promise.all(
      subjects.slice(i, i + 50).map((s) => {
        const changes: Record<string, unknown> = {
          [`facebook/users/${s.userId}/`]: { profile: { name: 'Paula' }, consents: { invoice: true } },
          [`facebook/conversations/${s.userId}-page/`]: { DialogState: { dialogStack: [] } },
        };
        for (let n = 2; n < ITEMS_PER_SUBJECT; n++) changes[`facebook/users/${s.userId}/item-${n}`] = { n };
        const scope = createSubjectScope(s, { id: `${s.userId}-page`, oneToOne: true });
        return runInSubjectScope(scope, () => storage.write(changes));
      }),
    );
  }
}

async function main(): Promise<void> {
  let server: RunningRedis | undefined;
  const url = process.env.BENCH_REDIS_URL ?? (server = await startRedisServer()).url;
  const redis = createRedisClient(url);
  try {
    await redis.flushdb();
    const storage = new RedisStorage({ redis, prefix: 'bbpr', subjectSecret: 'bench-secret' });
    const requests = new PrivacyRequests({
      store: new RedisPrivacyRequestStore({ keyspace: storage.keyspace }),
      erasure: storage,
      dataSources: [storage],
      cipher: new EnvelopeCipher([{ kid: 'bench', key: randomBytes(32) }]),
      digester: storage.keyspace.digester,
      sweepIntervalMs: 0,
    });
    const times: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const subjects = Array.from({ length: SUBJECTS }, (_, i) => ({
        channelId: 'facebook',
        userId: `7${round}${String(i).padStart(12, '0')}`,
      }));
      await fill(storage, subjects);
      const started = process.hrtime.bigint();
      const filed = await requests.submit({ kind: 'erase', subjects, appScopedIds: [], verify: 'none' });
      await requests.whenIdle();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const done = await requests.get(filed.id);
      if (done?.state !== 'completed' || done.done !== SUBJECTS || done.summary?.verified !== true) {
        throw new Error(`round ${round}: the request ended ${done?.state} with ${done?.done} done`);
      }
      times.push(seconds);
      console.log(
        `round ${round + 1}: ${SUBJECTS} subjects (${done.summary.itemsRemoved} items) erased in ${seconds.toFixed(2)} s`,
      );
    }
    const typical = median(times);
    console.log(
      `median ${typical.toFixed(2)} s for ${SUBJECTS} subjects (target < 10 s): ${typical < 10 ? 'OK' : 'TOO SLOW'}`,
    );
    console.log(`load average: ${require('node:fs').readFileSync('/proc/loadavg', 'utf8').trim()}`);
    await requests.close();
  } finally {
    await redis.quit();
    await server?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
