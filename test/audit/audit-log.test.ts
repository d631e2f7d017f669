import type { Redis } from 'ioredis';
import { AuditKeyring } from '../../src/core/audit/audit-keyring';
import { MemoryAuditLog } from '../../src/storage/memory-audit-log';
import { RedisAuditLog } from '../../src/storage/redis-audit-log';
import { testRedis, uniquePrefix } from '../support/redis';
import { describeAuditLogContract } from './audit-log-contract';

const keys = new AuditKeyring([{ id: 'k1', secret: 'an-audit-secret-of-at-least-32-characters' }]);
const clients: Redis[] = [];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit()));
});

describeAuditLogContract('MemoryAuditLog', async () => ({ store: new MemoryAuditLog({ keys }), keys }));
describeAuditLogContract('RedisAuditLog', async () => {
  const redis = testRedis();
  clients.push(redis);
  return { store: new RedisAuditLog({ redis, prefix: uniquePrefix('audit'), keys }), keys };
});
