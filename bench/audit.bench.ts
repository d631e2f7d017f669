/**
 * What the audit trail costs a privacy operation, and how it holds up when processes append at once:
 *   npm run bench:audit              (starts its own redis-server unless REDIS_URL is set)
 *   APPENDS=2000 WRITERS=4 npm run bench:audit
 *
 * 1. One writer, one append after the other: the latency each audited erasure, export or consent adds
 *    (one HMAC and one compare-and-set script).
 * 2. WRITERS processes (default 2) appending at once, 4 in flight each (an append that loses the race is
 *    sealed again after the winner): appends per second, and the chain verified afterwards.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { verifyAuditStore } from '../src/core/audit/audit-chain';
import { AuditKeyring } from '../src/core/audit/audit-keyring';
import { createRedisClient } from '../src/storage/redis-client';
import { RedisAuditLog } from '../src/storage/redis-audit-log';
import { startRedisServer, type RunningRedis } from '../test/support/redis-server';
import { percentile } from './stats';

const APPENDS = Number(process.env.APPENDS ?? 2000);
const WRITERS = Number(process.env.WRITERS ?? 2);
const SECRET = randomBytes(32).toString('base64');

async function main(): Promise<void> {
  let server: RunningRedis | undefined;
  if (!process.env.REDIS_URL) server = await startRedisServer();
  const url = process.env.REDIS_URL ?? server!.url;
  const redis = createRedisClient(url);
  const keys = new AuditKeyring([{ id: 'k1', secret: SECRET }]);
  try {
    const prefix = `bench-audit-${randomBytes(4).toString('hex')}`;
    const log = new RedisAuditLog({ redis, prefix, keys });
    for (let i = 0; i < 200; i += 1)
      await log.append({ operation: 'export', origin: 'menu', subjectDigest: 'warmup' });
    const times: number[] = [];
    for (let i = 0; i < APPENDS; i += 1) {
      const start = performance.now();
      await log.append({
        operation: 'erasure',
        origin: 'menu',
        subjectDigest: `d${i}`,
        detail: { keysRemoved: 3 },
      });
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    console.log(
      `one writer: ${APPENDS} appends, p50 ${percentile(times, 50).toFixed(3)} ms, p99 ${percentile(times, 99).toFixed(3)} ms`,
    );

    const shared = `bench-audit-${randomBytes(4).toString('hex')}`;
    const workers = Array.from({ length: WRITERS }, (_, n) =>
      spawn(
        process.execPath,
        [
          '-r',
          'ts-node/register/transpile-only',
          path.join(__dirname, '../test/audit/append-worker.ts'),
          url,
          shared,
          String(APPENDS),
          `w${n}`,
        ],
        { env: { ...process.env, PRIVACY_AUDIT_SECRET: SECRET }, stdio: 'inherit' },
      ),
    );
    await new Promise((r) => setTimeout(r, 5000)); // ts-node start-up, before the go signal
    const start = performance.now();
    await redis.set(`${shared}:go`, '1');
    const codes = await Promise.all(
      workers.map((w) => new Promise<number>((r) => w.on('exit', (c) => r(c ?? 1)))),
    );
    const seconds = (performance.now() - start) / 1000;
    const sharedLog = new RedisAuditLog({ redis, prefix: shared, keys });
    const verified = await verifyAuditStore(sharedLog, keys);
    const total = APPENDS * WRITERS;
    console.log(
      `${WRITERS} processes at once: ${total} appends in ${seconds.toFixed(2)} s (${Math.round(total / seconds)}/s, process start-up excluded), exit codes ${codes.join(',')}, chain ${verified.ok ? `ok (${verified.count})` : 'BROKEN'}`,
    );
    console.log(`load average: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
  } finally {
    await redis.quit();
    await server?.stop();
  }
}

void main();
