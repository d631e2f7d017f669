import { writeFile } from 'node:fs/promises';
import { verifyAuditStore } from '../../core/audit/audit-chain';
import { AuditKeyring } from '../../core/audit/audit-keyring';
import type { AuditRange } from '../../core/audit/audit-log';
import { ConfigurationError } from '../../core/errors';
import { createRedisClient } from '../../storage/redis-client';
import { RedisAuditLog } from '../../storage/redis-audit-log';
import type { CliIo, PrivacySubcommand } from './cli-io';

const HELP = [
  'Usage: privacy audit <verify | export | trim> [options]',
  '',
  '  verify                          checks the whole chain: prints "ok" and the count, or the first',
  '                                  broken entry (removed, reordered, altered) and exits 1',
  '  export [--from ISO] [--to ISO] [--out FILE]',
  '                                  the entries appended in that range as JSON lines (stdout by default)',
  '  trim [--before ISO]             removes entries older than the retention (3 years) or --before,',
  '                                  keeping a sealed anchor so the rest still verifies',
  '',
  'Reads REDIS_URL, REDIS_PREFIX (default bbp) and PRIVACY_AUDIT_SECRET / PRIVACY_AUDIT_SECRETS',
  '(k2:<newest>,k1:<older>), like the example bot. The log is the Redis stream <prefix>:{audit}:log.',
];

/** A command-line mistake: told in one line, exit code 2. */
class UsageError extends Error {}

function options(args: readonly string[], allowed: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  for (let i = 0; i < args.length; i += 1) {
    const name = args[i];
    if (!allowed.includes(name)) throw new UsageError(`unknown option "${name.slice(0, 40)}"`);
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
    found.set(name, value);
    i += 1;
  }
  return found;
}

function time(value: string | undefined, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms))
    throw new UsageError(`${name} must be an ISO 8601 date or time, e.g. 2026-01-31 or 2026-01-31T12:00:00Z`);
  return new Date(ms);
}

/** `privacy audit verify | export | trim`: the audit trail in Redis. */
export const auditCommand: PrivacySubcommand = {
  summary: 'audit verify | export --from --to [--out] | trim: the tamper-evident audit trail',
  async run(args, io) {
    const [action, ...rest] = args;
    if (action === undefined || action === '--help' || action === '-h' || rest.includes('--help')) {
      HELP.forEach((line) => io.out(line));
      return action === undefined ? 2 : 0;
    }
    const env = io.env ?? process.env;
    let close = async (): Promise<void> => undefined;
    try {
      if (!['verify', 'export', 'trim'].includes(action))
        throw new UsageError(`unknown action "${action.slice(0, 40)}" (verify, export or trim)`);
      const given =
        action === 'export'
          ? options(rest, ['--from', '--to', '--out'])
          : options(rest, action === 'trim' ? ['--before'] : []);
      const range: AuditRange = {
        from: time(given.get('--from'), '--from'),
        to: time(given.get('--to'), '--to'),
      };
      if (range.from && range.to && range.from > range.to) throw new UsageError('--from is after --to');
      const before = time(given.get('--before'), '--before');
      if (!env.REDIS_URL)
        throw new UsageError(
          'REDIS_URL is not set: the audit log is a Redis stream (in memory mode it lives only inside the bot process)',
        );
      const notes: string[] = [];
      const keys = AuditKeyring.fromEnv(env, { notes });
      notes.forEach((note) => io.err(`Warning: ${note}`));
      const redis = createRedisClient(env.REDIS_URL);
      redis.on('error', () => undefined); // each command reports it
      close = async () => {
        await redis.quit().catch(() => redis.disconnect());
      };
      const log = new RedisAuditLog({ redis, prefix: env.REDIS_PREFIX || undefined, keys });
      if (action === 'verify') return await verify(log, keys, io);
      if (action === 'trim') {
        const anchor = await log.trim(before);
        io.out(anchor ? `trimmed up to ${anchor.id} (#${anchor.seq}); anchor recorded` : 'nothing to trim');
        return 0;
      }
      return await exportLines(log, range, given.get('--out'), io);
    } catch (error) {
      if (error instanceof UsageError || error instanceof ConfigurationError) {
        io.err(`privacy audit: ${error.message}`);
        return 2;
      }
      io.err(`privacy audit: ${error instanceof Error ? `${error.name}: ${error.message}` : 'failed'}`);
      return 1;
    } finally {
      await close();
    }
  },
};

async function verify(log: RedisAuditLog, keys: AuditKeyring, io: CliIo): Promise<number> {
  const result = await verifyAuditStore(log, keys);
  if (result.ok) {
    const head = result.head ? `, head #${result.head.seq} ${result.head.chain}` : '';
    io.out(`ok: ${result.count} entries verified${head}`);
    return 0;
  }
  io.out(`broken: entry ${result.broken.id} (${result.broken.reason}): ${result.broken.message}`);
  io.out(`${result.count} entries before it verified.`);
  return 1;
}

async function exportLines(
  log: RedisAuditLog,
  range: AuditRange,
  out: string | undefined,
  io: CliIo,
): Promise<number> {
  const lines: string[] = [];
  for await (const entry of log.entries(range)) lines.push(JSON.stringify(entry));
  if (out === undefined) {
    lines.forEach((line) => io.out(line));
    return 0;
  }
  await writeFile(out, lines.length ? `${lines.join('\n')}\n` : '', { flag: 'wx' }).catch(
    (error: unknown) => {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(
        code === 'EEXIST'
          ? `${out} already exists: choose another file`
          : `cannot write ${out} (${code ?? 'error'})`,
      );
    },
  );
  io.err(`${lines.length} entries written to ${out}`);
  return 0;
}
