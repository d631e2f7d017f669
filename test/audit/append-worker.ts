/**
 * A separate process appending to the Redis audit log (the two-process test starts two of these):
 *   node -r ts-node/register/transpile-only append-worker.ts <redis-url> <prefix> <count> <label>
 */
import { AuditKeyring } from '../../src/core/audit/audit-keyring';
import { createRedisClient } from '../../src/storage/redis-client';
import { RedisAuditLog } from '../../src/storage/redis-audit-log';

async function main(): Promise<void> {
  const [url, prefix, count, label] = process.argv.slice(2);
  const redis = createRedisClient(url);
  const log = new RedisAuditLog({ redis, prefix, keys: AuditKeyring.fromEnv() });
  // Say it is ready, then wait for the go signal so both processes append at the same time.
  await redis.incr(`${prefix}:ready`);
  while ((await redis.get(`${prefix}:go`)) !== '1') await new Promise((r) => setTimeout(r, 5));
  const work = [];
  for (let n = 0; n < Number(count); n += 1) {
    work.push(log.append({ operation: 'export', origin: 'operator', detail: { worker: label, n } }));
    if (work.length === 4) await Promise.all(work.splice(0));
  }
  await Promise.all(work);
  await redis.quit();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
