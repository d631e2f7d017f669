import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { AuditKeyring } from '../../src/core/audit/audit-keyring';
import { runPrivacyCli } from '../../src/cli/privacy/privacy-cli';
import { RedisAuditLog } from '../../src/storage/redis-audit-log';
import { testRedis, testRedisUrl, uniquePrefix } from '../support/redis';

const SECRET = 'cli-audit-secret-of-at-least-32-characters';
const clients: Redis[] = [];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit()));
});

async function seeded(count: number) {
  const redis = testRedis();
  clients.push(redis);
  const prefix = uniquePrefix('auditcli');
  const log = new RedisAuditLog({ redis, prefix, keys: new AuditKeyring([{ id: 'k1', secret: SECRET }]) });
  const entries = [];
  for (let n = 1; n <= count; n += 1)
    entries.push(await log.append({ operation: 'export', origin: 'menu', subjectDigest: `digest${n}` }));
  const env = { REDIS_URL: testRedisUrl(), REDIS_PREFIX: prefix, PRIVACY_AUDIT_SECRET: SECRET };
  return { redis, prefix, log, entries, env };
}

async function cli(args: string[], env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runPrivacyCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('privacy audit', () => {
  it('verify prints ok with the count; after an XDEL it names the entry and exits 1', async () => {
    const { redis, log, entries, env } = await seeded(4);
    const ok = await cli(['audit', 'verify'], env);
    expect(ok).toMatchObject({ code: 0, err: '' });
    expect(ok.out).toMatch(/^ok: 4 entries verified, head #4 /);
    await redis.xdel(log.streamKey, entries[1].id);
    const broken = await cli(['audit', 'verify'], env);
    expect(broken.code).toBe(1);
    expect(broken.out).toContain(`broken: entry ${entries[2].id} (removed_before)`);
  });

  it('verify with the wrong audit secret fails on the first entry', async () => {
    const { entries, env } = await seeded(2);
    const wrong = await cli(['audit', 'verify'], {
      ...env,
      PRIVACY_AUDIT_SECRET: 'another-secret-of-at-least-32-characters',
    });
    expect(wrong.code).toBe(1);
    expect(wrong.out).toContain(`broken: entry ${entries[0].id} (altered)`);
  });

  it('export writes the range as JSON lines, to stdout or a new file', async () => {
    const { entries, env } = await seeded(3);
    const all = await cli(['audit', 'export'], env);
    expect(all.code).toBe(0);
    expect(all.out.split('\n').map((line) => JSON.parse(line).id)).toEqual(entries.map((e) => e.id));
    const ms = Number(entries[1].id.split('-')[0]);
    const dir = mkdtempSync(path.join(tmpdir(), 'audit-cli-'));
    const file = path.join(dir, 'audit.jsonl');
    const one = await cli(
      [
        'audit',
        'export',
        '--from',
        new Date(ms).toISOString(),
        '--to',
        new Date(ms).toISOString(),
        '--out',
        file,
      ],
      env,
    );
    expect(one.code).toBe(0);
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => l.seq)).toContain(2);
    expect(lines.every((l) => Number(l.id.split('-')[0]) === ms)).toBe(true);
    // An existing file is never overwritten.
    writeFileSync(path.join(dir, 'taken.jsonl'), 'keep');
    const taken = await cli(['audit', 'export', '--out', path.join(dir, 'taken.jsonl')], env);
    expect(taken).toMatchObject({ code: 2, err: expect.stringContaining('already exists') });
    expect(readFileSync(path.join(dir, 'taken.jsonl'), 'utf8')).toBe('keep');
  });

  it('trim keeps the chain verifiable', async () => {
    const { log, env } = await seeded(2);
    await new Promise((r) => setTimeout(r, 10));
    const cutoff = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    await log.append({ operation: 'erasure', origin: 'operator', subjectDigest: 'digest3' });
    expect((await cli(['audit', 'trim', '--before', cutoff], env)).out).toMatch(/^trimmed up to .* \(#2\)/);
    expect((await cli(['audit', 'verify'], env)).out).toMatch(/^ok: 1 entries verified/);
  });

  it.each([
    [['audit', 'export', '--from', 'yesterday'], /--from must be an ISO 8601 date/],
    [['audit', 'export', '--from', '2026-02-01', '--to', '2026-01-01'], /--from is after --to/],
    [['audit', 'export', '--since', '2026-01-01'], /unknown option "--since"/],
    [['audit', 'export', '--out'], /--out needs a value/],
    [['audit', 'check'], /unknown action "check"/],
  ])('bad input %j: one clear line, exit 2', async (args, message) => {
    const { env } = await seeded(1);
    const result = await cli(args, env);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
    expect(result.err.split('\n')).toHaveLength(1);
  });

  it('without REDIS_URL or with a short secret: says what to set, exit 2', async () => {
    expect((await cli(['audit', 'verify'], {})).err).toMatch(/REDIS_URL is not set/);
    const { env } = await seeded(1);
    const short = await cli(['audit', 'verify'], { ...env, PRIVACY_AUDIT_SECRET: 'short' });
    expect(short).toMatchObject({ code: 2, err: expect.stringMatching(/too short/) });
  });

  it('--help lists the actions', async () => {
    const help = await cli(['audit', '--help'], {});
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/verify[\s\S]*export[\s\S]*trim/);
  });

  it('npm run privacy -- audit verify, as a process: exit 1 and the entry on a broken chain', async () => {
    const { redis, log, entries, env } = await seeded(3);
    await redis.xdel(log.streamKey, entries[0].id);
    const run = spawnSync(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        path.join(__dirname, '../../scripts/privacy.ts'),
        'audit',
        'verify',
      ],
      { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`broken: entry ${entries[1].id}`);
  }, 60_000);
});
