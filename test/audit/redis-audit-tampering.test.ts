import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { verifyAuditStore } from '../../src/core/audit/audit-chain';
import { AuditKeyring } from '../../src/core/audit/audit-keyring';
import { RedisAuditLog } from '../../src/storage/redis-audit-log';
import { testRedis, testRedisUrl, uniquePrefix } from '../support/redis';

const SECRET = 'an-audit-secret-of-at-least-32-characters';
const keys = new AuditKeyring([{ id: 'k1', secret: SECRET }]);
const clients: Redis[] = [];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit()));
});

async function logWith(count: number) {
  const redis = testRedis();
  clients.push(redis);
  const prefix = uniquePrefix('audit');
  const log = new RedisAuditLog({ redis, prefix, keys });
  const entries = [];
  for (let n = 1; n <= count; n += 1)
    entries.push(
      await log.append({
        operation: 'consent.given',
        origin: 'chat',
        subjectDigest: `d${n}`,
        detail: { purpose: 'invoice' },
      }),
    );
  return { redis, prefix, log, entries, stream: log.streamKey };
}

/** Copies a stream's entries (as XRANGE returns them) into `target`, in the given order, with new ids. */
async function copyInto(redis: Redis, target: string, rows: Array<[string, string[]]>): Promise<void> {
  for (const [, fields] of rows) await redis.xadd(target, '*', ...fields);
}

describe('RedisAuditLog: tampering with the stream in Redis is detected and named', () => {
  it('the stream key contains "audit", under the prefix', async () => {
    const { stream, prefix } = await logWith(1);
    expect(stream.startsWith(`${prefix}:`)).toBe(true);
    expect(stream).toContain('audit');
  });

  it('XDEL of one entry: verify names the entry after the gap', async () => {
    const { redis, log, entries, stream } = await logWith(5);
    expect(await verifyAuditStore(log, keys)).toMatchObject({ ok: true, count: 5 });
    expect(await redis.xdel(stream, entries[2].id)).toBe(1);
    const result = await verifyAuditStore(log, keys);
    expect(result).toMatchObject({
      ok: false,
      count: 2,
      broken: { id: entries[3].id, seq: 4, reason: 'removed_before' },
    });
    expect(!result.ok && result.broken.message).toContain('#3');
  });

  it('XDEL of the newest entry: the head shows entries missing at the end', async () => {
    const { redis, log, entries, stream } = await logWith(3);
    await redis.xdel(stream, entries[2].id);
    expect(await verifyAuditStore(log, keys)).toMatchObject({
      ok: false,
      broken: { id: entries[1].id, reason: 'removed_after' },
    });
  });

  it('an altered field (the stream rewritten with one entry changed): verify names that entry', async () => {
    const { redis, log, entries, stream } = await logWith(4);
    const rows = (await redis.xrange(stream, '-', '+')) as Array<[string, string[]]>;
    // Someone rewrites entry #2 as if it were a withdrawal, keeping its seal.
    const fields = rows[1][1];
    fields[fields.indexOf('op') + 1] = 'consent.withdrawn';
    await redis.del(stream);
    await copyInto(redis, stream, rows);
    const result = await verifyAuditStore(log, keys);
    const rewritten = (await redis.xrange(stream, '-', '+'))[1][0];
    expect(result).toMatchObject({
      ok: false,
      count: 1,
      broken: { id: rewritten, seq: 2, reason: 'altered' },
    });
    expect(entries).toHaveLength(4);
  });

  it('a subject digest swapped by a raw edit (XADD of a modified copy in place of the original) is named', async () => {
    const { redis, log, entries, stream } = await logWith(3);
    const [[id, fields]] = (await redis.xrange(stream, entries[2].id, entries[2].id)) as Array<
      [string, string[]]
    >;
    await redis.xdel(stream, id);
    fields[fields.indexOf('subject') + 1] = 'someone-else';
    const copy = await redis.xadd(stream, '*', ...fields);
    expect(await verifyAuditStore(log, keys)).toMatchObject({
      ok: false,
      count: 2,
      broken: { id: copy, seq: 3, reason: 'altered' },
    });
  });

  it('entries reordered into a new stream: verify names the entry out of place', async () => {
    const { redis, prefix, entries, stream } = await logWith(4);
    const rows = (await redis.xrange(stream, '-', '+')) as Array<[string, string[]]>;
    // A copy of the log with #2 and #3 swapped, read through a log on that copy.
    const copyPrefix = `${prefix}-copy`;
    const copy = new RedisAuditLog({ redis, prefix: copyPrefix, keys });
    await copyInto(redis, copy.streamKey, [rows[0], rows[2], rows[1], rows[3]]);
    const result = await verifyAuditStore(copy, keys);
    const copied = await redis.xrange(copy.streamKey, '-', '+');
    expect(result).toMatchObject({
      ok: false,
      count: 1,
      broken: { id: copied[1][0], seq: 3, reason: 'reordered' },
    });
    expect(entries).toHaveLength(4);
  });

  it('an altered anchor of trimmed entries is detected', async () => {
    const { redis, log } = await logWith(2);
    await new Promise((r) => setTimeout(r, 10));
    const cutoff = new Date();
    await new Promise((r) => setTimeout(r, 5));
    await log.append({ operation: 'export', origin: 'menu', subjectDigest: 'd9' });
    const anchor = await log.trim(cutoff);
    expect(await verifyAuditStore(log, keys)).toMatchObject({ ok: true, count: 1 });
    const anchorKey = log.streamKey.replace(/:log$/, ':anchor');
    await redis.hset(anchorKey, 'anchor', JSON.stringify({ ...anchor, seq: 1 }));
    expect(await verifyAuditStore(log, keys)).toMatchObject({
      ok: false,
      broken: { reason: 'anchor_altered' },
    });
  });

  it('entries sealed with another audit key do not verify; a keyring holding both keys verifies old and new', async () => {
    const { redis, prefix, log } = await logWith(2);
    const rotated = new AuditKeyring([
      { id: 'k2', secret: 'a-newer-audit-secret-of-32-characters-or-more' },
      { id: 'k1', secret: SECRET },
    ]);
    const after = new RedisAuditLog({ redis, prefix, keys: rotated });
    await after.append({ operation: 'secret.rotated', origin: 'operator', detail: { keyId: 'k2' } });
    expect(await verifyAuditStore(after, rotated)).toMatchObject({ ok: true, count: 3 });
    expect(await verifyAuditStore(log, keys)).toMatchObject({
      ok: false,
      broken: { seq: 3, reason: 'unknown_key' },
    });
  });
});

describe('RedisAuditLog: two processes appending at once', () => {
  jest.setTimeout(60_000);

  function worker(prefix: string, count: number, label: string): Promise<number> {
    const child = spawn(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        path.join(__dirname, 'append-worker.ts'),
        testRedisUrl(),
        prefix,
        String(count),
        label,
      ],
      { env: { ...process.env, PRIVACY_AUDIT_SECRET: SECRET }, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  }

  it('keep one valid chain with every entry of both', async () => {
    const redis = testRedis();
    clients.push(redis);
    const prefix = uniquePrefix('audit2p');
    const exits = Promise.all([worker(prefix, 150, 'a'), worker(prefix, 150, 'b')]);
    // Both workers are started (ts-node takes a moment, longer on a busy machine) before they are told to go.
    const deadline = Date.now() + 45_000;
    while (Number(await redis.get(`${prefix}:ready`)) < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await redis.set(`${prefix}:go`, '1');
    expect(await exits).toEqual([0, 0]);
    const log = new RedisAuditLog({ redis, prefix, keys });
    const entries = await log.read();
    expect(entries).toHaveLength(300);
    expect(entries.filter((e) => e.detail?.worker === 'a')).toHaveLength(150);
    expect(new Set(entries.map((e) => e.seq)).size).toBe(300);
    // Interleaved, not one after the other: they really raced.
    const switches = entries.filter((e, i) => i > 0 && e.detail?.worker !== entries[i - 1].detail?.worker);
    expect(switches.length).toBeGreaterThan(2);
    expect(await verifyAuditStore(log, keys)).toMatchObject({ ok: true, count: 300 });
  });
});
