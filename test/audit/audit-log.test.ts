import { Cluster, type Redis } from 'ioredis';
import { verifyAuditStore } from '../../src/core/audit/audit-chain';
import { AuditKeyring } from '../../src/core/audit/audit-keyring';
import { MemoryAuditLog } from '../../src/storage/memory-audit-log';
import { RedisAuditLog } from '../../src/storage/redis-audit-log';
import { testRedis, uniquePrefix } from '../support/redis';
import { startRedisCluster, type RunningRedisCluster } from '../support/redis-cluster';
import { describeAuditLogContract } from './audit-log-contract';

const keys = new AuditKeyring([{ id: 'k1', secret: 'an-audit-secret-of-at-least-32-characters' }]);
const clients: Redis[] = [];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit()));
});

// On a Redis Cluster too: the stream, head and anchor share one hash tag, so the scripts run in one slot.
let cluster: RunningRedisCluster | undefined;
let clusterClient: Cluster | undefined;
beforeAll(async () => {
  cluster = await startRedisCluster({ masters: 3 });
  clusterClient = new Cluster(cluster.nodes, { redisOptions: { maxRetriesPerRequest: 1 } });
}, 60_000);
afterAll(async () => {
  await clusterClient?.quit();
  await cluster?.stop();
});

describeAuditLogContract('MemoryAuditLog', async () => ({ store: new MemoryAuditLog({ keys }), keys }));
describeAuditLogContract('RedisAuditLog', async () => {
  const redis = testRedis();
  clients.push(redis);
  return { store: new RedisAuditLog({ redis, prefix: uniquePrefix('audit'), keys }), keys };
});

describeAuditLogContract('RedisAuditLog on a Redis Cluster', async () => ({
  store: new RedisAuditLog({ redis: clusterClient!, prefix: uniquePrefix('auditc'), keys }),
  keys,
}));

describe('retention', () => {
  it('entries past the retention are trimmed by a later append, and the rest still verifies', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const log = new MemoryAuditLog({ keys, retentionDays: 365, trimEveryMs: 1, now: () => now });
    await log.append({ operation: 'erasure', origin: 'menu', subjectDigest: 'old1' });
    await log.append({ operation: 'erasure', origin: 'menu', subjectDigest: 'old2' });
    now = new Date('2027-06-01T00:00:00Z');
    await new Promise((r) => setTimeout(r, 5));
    await log.append({ operation: 'export', origin: 'menu', subjectDigest: 'new1' });
    expect((await log.read()).map((e) => e.subjectDigest)).toEqual(['new1']);
    expect((await log.checkpoint()).anchor).toMatchObject({ seq: 2 });
    expect(await verifyAuditStore(log, keys)).toMatchObject({ ok: true, count: 1 });
  });

  it('trimEveryMs: 0 leaves trimming to `privacy audit trim`', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const log = new MemoryAuditLog({ keys, retentionDays: 1, trimEveryMs: 0, now: () => now });
    await log.append({ operation: 'erasure', origin: 'menu' });
    now = new Date('2026-03-01T00:00:00Z');
    await log.append({ operation: 'erasure', origin: 'menu' });
    expect(await log.read()).toHaveLength(2);
    expect(await log.trim()).toMatchObject({ seq: 1 });
  });
});
