import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { runPrivacyCli } from '../../src/cli/privacy/privacy-cli';
import { createRotationCommand } from '../../src/cli/privacy/rotation-command';
import type { AuditEntry, AuditEvent, AuditLog } from '../../src/core/audit/audit-log';
import { MemoryAuditLog } from '../../src/storage/memory-audit-log';
import { EnvelopeCipher, parseEncryptionKeys } from '../../src/core/sensitive/envelope-cipher';
import type { DataSubject } from '../../src/core/subject';
import { SubjectKeyRing } from '../../src/core/subject-key-ring';
import { createSubjectScope, runTurnInSubjectScope } from '../../src/core/subject-scope';
import { RedisSensitiveValueStore } from '../../src/storage/redis-sensitive-value-store';
import { RedisStorage } from '../../src/storage/redis-storage';
import { testRedis, uniquePrefix } from '../support/redis';

const S1 = 'subject-one-0123456789abcdefghijklmnopqrstu';
const S2 = 'subject-two-0123456789abcdefghijklmnopqrstu';
const E1 = `e1:${randomBytes(32).toString('base64')}`;
const E2 = `e2:${randomBytes(32).toString('base64')}`;
const alice: DataSubject = { channelId: 'facebook', userId: 'alice-4711' };
const bob: DataSubject = { channelId: 'facebook', userId: 'bob-0815' };
const PURPOSE = 'tax_id';

function stores(redis: Redis, prefix: string, subjects: string, keys: string) {
  const storage = new RedisStorage({ redis, prefix, subjectSecret: SubjectKeyRing.parse(subjects) });
  const cipher = new EnvelopeCipher(parseEncryptionKeys(keys));
  const sensitive = new RedisSensitiveValueStore({ keyspace: storage.keyspace, cipher });
  /** A turn of the person: saves (or reads) their name and their kept value. */
  const turn = (subject: DataSubject, save?: string) =>
    runTurnInSubjectScope(createSubjectScope(subject, { id: `${subject.userId}-page` }), async () => {
      const key = `facebook/users/${subject.userId}/`;
      if (save) {
        await storage.write({ [key]: { name: save } });
        await sensitive.save(subject, PURPOSE, `${save}-12345678Z`, { ttlSeconds: 3600 });
      }
      const read = await storage.read([key]);
      return {
        name: (read[key] as { name?: string } | undefined)?.name,
        value: await sensitive.get(subject, PURPOSE),
      };
    });
  return { storage, sensitive, turn };
}

/** The memory audit trail, remembering each event it was given. */
class RecordingAuditLog extends MemoryAuditLog {
  readonly events: AuditEvent[] = [];
  override async append(event: AuditEvent): Promise<AuditEntry> {
    this.events.push(event);
    return super.append(event);
  }
}

describe('npm run privacy -- rotation (real Redis)', () => {
  let redis: Redis;
  let prefix: string;
  let out: string[];
  let err: string[];
  const env = (extra: Record<string, string> = {}) => ({
    REDIS_URL: process.env.REDIS_URL!,
    REDIS_PREFIX: prefix,
    PRIVACY_SUBJECT_SECRETS: `k2:${S2},k1:${S1}`,
    PRIVACY_ENCRYPTION_KEYS: `${E2},${E1}`,
    ...extra,
  });
  const run = (args: string[], extra?: Record<string, string>, audit?: AuditLog) => {
    out = [];
    err = [];
    const io = {
      out: (line: string) => out.push(line),
      err: (line: string) => err.push(line),
      env: env(extra),
    };
    return audit ? createRotationCommand({ audit }).run(args.slice(1), io) : runPrivacyCli(args, io);
  };
  const statusJson = async (extra?: Record<string, string>) => {
    const code = await run(['rotation', 'status', '--json'], extra);
    const parsed = JSON.parse(out[0]) as {
      subjectKeys: Array<{ id: string; subjects: number; keys: number; role: string }>;
      encryptionKeys: Array<{ id: string; values: number; role: string }>;
    };
    return {
      code,
      subjects: Object.fromEntries(parsed.subjectKeys.map((row) => [row.id, [row.subjects, row.role]])),
      values: Object.fromEntries(parsed.encryptionKeys.map((row) => [row.id, [row.values, row.role]])),
    };
  };

  beforeEach(() => {
    redis = testRedis();
    prefix = uniquePrefix('rotcli');
  });
  afterEach(async () => {
    await redis.quit();
  });

  it('status counts what remains per key id; moves, re-encryption on read and reencrypt empty the old keys', async () => {
    const before = stores(redis, prefix, `k1:${S1}`, E1);
    await before.turn(alice, 'Alice');
    await before.turn(bob, 'Bob');
    let status = await statusJson();
    expect(status.code).toBe(0);
    expect(status.subjects).toEqual({ k2: [0, 'newest'], k1: [2, 'older'] });
    expect(status.values).toEqual({ e2: [0, 'newest'], e1: [2, 'older'] });
    await run(['rotation', 'status']);
    const text = out.join('\n');
    expect(text).toMatch(/k1\s+older\s+2 subjects\s+\d+ keys\s+keep it in the ring/);
    for (const secret of [S1, S2, E1, E2, 'alice', 'bob']) expect(text).not.toContain(secret);

    // Alice comes back after the rotation: moved to k2, her value sealed again with e2 on the way.
    const after = stores(redis, prefix, `k2:${S2},k1:${S1}`, `${E2},${E1}`);
    expect(await after.turn(alice)).toEqual({ name: 'Alice', value: 'Alice-12345678Z' });
    status = await statusJson();
    expect(status.subjects).toEqual({ k2: [1, 'newest'], k1: [1, 'older'] });
    expect(status.values).toEqual({ e2: [1, 'newest'], e1: [1, 'older'] });

    // The background pass seals Bob's value with e2, keeping its expiry; an audit entry says so.
    const bobKey = `${prefix}:{${before.storage.keyspace.digester.digest(bob)}}:sensitive:${PURPOSE}`;
    const ttlBefore = await redis.pttl(bobKey);
    const audit = new RecordingAuditLog();
    expect(await run(['rotation', 'reencrypt'], undefined, audit)).toBe(0);
    expect(out.join('\n')).toBe(
      'Sealed with "e2": 1 values sealed again, 1 already current, 0 could not be opened.',
    );
    expect(EnvelopeCipher.kidOf((await redis.get(bobKey))!)).toBe('e2');
    expect(await redis.pttl(bobKey)).toBeGreaterThan(ttlBefore - 60_000);
    expect(audit.events).toEqual([
      {
        operation: 'secret.rotated',
        origin: 'operator',
        detail: { secret: 'encryption', toKey: 'e2', resealed: 1, failed: 0 },
      },
    ]);
    status = await statusJson();
    expect(status.values).toEqual({ e2: [2, 'newest'], e1: [0, 'older'] });
    // e1 may now leave the ring: Bob's value opens with e2 alone (he is still under k1 until he returns).
    const e2Only = stores(redis, prefix, `k2:${S2},k1:${S1}`, E2);
    expect(await e2Only.turn(bob)).toEqual({ name: 'Bob', value: 'Bob-12345678Z' });
    status = await statusJson();
    expect(status.subjects).toEqual({ k2: [2, 'newest'], k1: [0, 'older'] });
    await run(['rotation', 'status']);
    expect(out.join('\n')).toMatch(/k1\s+older\s+0 subjects\s+0 keys\s+nothing left: may leave the ring/);
  });

  it('a value read with an older encryption key is sealed again with the newest on read', async () => {
    const before = stores(redis, prefix, `k1:${S1}`, E1);
    await before.turn(alice, 'Alice');
    const key = `${prefix}:{${before.storage.keyspace.digester.digest(alice)}}:sensitive:${PURPOSE}`;
    expect(EnvelopeCipher.kidOf((await redis.get(key))!)).toBe('e1');
    const newKey = stores(redis, prefix, `k1:${S1}`, `${E2},${E1}`);
    expect(await newKey.turn(alice)).toEqual({ name: 'Alice', value: 'Alice-12345678Z' });
    expect(EnvelopeCipher.kidOf((await redis.get(key))!)).toBe('e2');
  });

  it('names a key that still holds data but left the ring (exit 1), and refuses bad setup (exit 2) without printing a secret', async () => {
    const before = stores(redis, prefix, `k1:${S1}`, E1);
    await before.turn(alice, 'Alice');
    expect(await run(['rotation', 'status'], { PRIVACY_SUBJECT_SECRETS: `k2:${S2}` })).toBe(1);
    expect(out.join('\n')).toMatch(/k1\s+not in ring\s+1 subjects.*NOT CONFIGURED/);

    expect(await run(['rotation', 'status'], { PRIVACY_SUBJECT_SECRETS: `k 2:${S2},k1:${S1}` })).toBe(2);
    expect(err.join('\n')).toMatch(/PRIVACY_SUBJECT_SECRETS, entry 1: expected "id:secret"/);
    expect(err.join('\n')).not.toContain(S1);
    expect(await run(['rotation', 'frobnicate'])).toBe(2);
    expect(await run(['rotation', '--help'])).toBe(0);
    expect(out[0]).toMatch(/^Usage: privacy rotation <status\|reencrypt>/);
    expect(await run(['rotation', 'status'], { REDIS_URL: '' })).toBe(2);
    expect(err[0]).toMatch(/REDIS_URL is not set/);
  });
});
