import type { AuditLog } from '../../core/audit/audit-log';
import { AuditKeyring } from '../../core/audit/audit-keyring';
import { RedisAuditLog } from '../../storage/redis-audit-log';
import { ConfigurationError } from '../../core/errors';
import {
  ENCRYPTION_KEYS_ENV,
  EnvelopeCipher,
  parseEncryptionKeys,
} from '../../core/sensitive/envelope-cipher';
import {
  resolveSubjectKeyRing,
  SINGLE_SUBJECT_KEY_ID,
  SUBJECT_SECRETS_ENV,
  type SubjectKeyRing,
} from '../../core/subject-key-ring';
import { createRedisClient, type RedisClient } from '../../storage/redis-client';
import { readRotationStatus, reencryptSensitiveValues } from '../../storage/redis-key-usage';
import type { CliIo, PrivacySubcommand } from './cli-io';

/** What the rotation command is built with (the lead wires the audit log of the deployment in). */
export interface RotationCommandOptions {
  /** Where `rotation reencrypt` records `secret.rotated` (counts and key ids only). */
  audit?: AuditLog;
  /** The Redis client to use (tests); default: a client on `REDIS_URL`, closed at the end. */
  redis?: RedisClient;
}

const HELP = [
  'Usage: privacy rotation <status|reencrypt> [--json]',
  '',
  '  status      what remains under each subject key (PRIVACY_SUBJECT_SECRETS) and each encryption key',
  '              (PRIVACY_ENCRYPTION_KEYS): subjects, keys and sealed values per key id, never an id.',
  '              A key may leave its ring when nothing remains under it. Scans the whole keyspace.',
  '  reencrypt   seals every sensitive value again with the newest encryption key (safe while bots run).',
  '',
  'Reads REDIS_URL, REDIS_PREFIX (default bbp), PRIVACY_SUBJECT_SECRETS or PRIVACY_SUBJECT_SECRET,',
  'and PRIVACY_ENCRYPTION_KEYS. Exit codes: 0 done, 1 something could not be done, 2 bad usage or setup.',
];

/** `privacy rotation ...` with the given audit log and client. */
export function createRotationCommand(options: RotationCommandOptions = {}): PrivacySubcommand {
  return {
    summary: 'rotation status | reencrypt: what remains under old subject and encryption keys',
    async run(args, io) {
      const [action, ...rest] = args;
      if (action === undefined || action === '--help' || action === '-h' || rest.includes('--help')) {
        HELP.forEach((line) => io.out(line));
        return action === undefined ? 2 : 0;
      }
      const unknown = rest.filter((arg) => arg !== '--json');
      if ((action !== 'status' && action !== 'reencrypt') || unknown.length > 0) {
        io.err(
          `privacy rotation: unknown ${unknown.length > 0 ? `option "${unknown[0]}"` : `action "${action}"`}`,
        );
        HELP.forEach((line) => io.err(line));
        return 2;
      }
      const env = io.env ?? process.env;
      let redis = options.redis;
      if (!redis && !env.REDIS_URL) {
        io.err('privacy rotation: REDIS_URL is not set (rotation concerns what a Redis deployment stores).');
        return 2;
      }
      try {
        redis ??= createRedisClient(env.REDIS_URL!, 10_000);
        const prefix = env.REDIS_PREFIX || 'bbp';
        return action === 'status'
          ? await status(redis, prefix, env, io, rest.includes('--json'))
          : await reencrypt(redis, prefix, env, io, options.audit ?? auditTrailOf(redis, env, io));
      } catch (error) {
        if (error instanceof ConfigurationError) {
          io.err(`privacy rotation: ${error.message}`);
          return 2;
        }
        io.err(`privacy rotation: ${error instanceof Error ? error.message : String(error)}`);
        return 1;
      } finally {
        if (redis && !options.redis) redis.disconnect();
      }
    },
  };
}

/** The bots' audit trail in the same Redis (`PRIVACY_AUDIT_SECRET(S)`), where `reencrypt` is recorded. */
function auditTrailOf(redis: RedisClient, env: NodeJS.ProcessEnv, io: CliIo): AuditLog {
  const notes: string[] = [];
  const keys = AuditKeyring.fromEnv(env, { notes });
  notes.forEach((note) => io.err(`Warning: ${note}`));
  return new RedisAuditLog({ redis, prefix: env.REDIS_PREFIX || undefined, keys });
}

/** `privacy rotation`, as `npm run privacy` runs it: `reencrypt` is recorded in the Redis audit trail. */
export const rotationCommand: PrivacySubcommand = createRotationCommand();

function subjectRing(env: NodeJS.ProcessEnv): SubjectKeyRing | undefined {
  return env[SUBJECT_SECRETS_ENV] || env.PRIVACY_SUBJECT_SECRET
    ? resolveSubjectKeyRing(undefined, env)
    : undefined;
}

function cipherOf(env: NodeJS.ProcessEnv): EnvelopeCipher | undefined {
  return env[ENCRYPTION_KEYS_ENV] ? EnvelopeCipher.fromEnv(env) : undefined;
}

async function status(
  redis: RedisClient,
  prefix: string,
  env: NodeJS.ProcessEnv,
  io: CliIo,
  json: boolean,
): Promise<number> {
  const ring = subjectRing(env);
  const cipher = cipherOf(env);
  const started = process.hrtime.bigint();
  const found = await readRotationStatus(redis, prefix);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const ringIds = ring ? ring.keys.map((key) => key.id) : [];
  const subjectIds = [...new Set([...ringIds, ...found.subjectKeys.keys()])];
  const encryptionIds = [...new Set([...(cipher ? cipherKids(env) : []), ...found.encryptionKeys.keys()])];
  const subjectRows = subjectIds.map((id) => {
    const usage = found.subjectKeys.get(id) ?? { subjects: 0, keys: 0 };
    return { id, ...usage, role: role(id, ringIds) };
  });
  const encryptionRows = encryptionIds.map((id) => ({
    id,
    values: found.encryptionKeys.get(id) ?? 0,
    role: role(id, cipher ? cipherKids(env) : []),
  }));
  if (json) {
    io.out(
      JSON.stringify({
        prefix,
        subjectKeys: subjectRows,
        encryptionKeys: encryptionRows,
        scannedKeys: found.scannedKeys,
        ms: Math.round(ms),
      }),
    );
  } else {
    io.out(
      `Subject keys under prefix "${prefix}" (${ring ? 'newest first' : 'no subject secret configured'}):`,
    );
    for (const row of subjectRows) {
      io.out(
        `  ${row.id.padEnd(12)} ${row.role.padEnd(12)} ${String(row.subjects).padStart(9)} subjects ${String(row.keys).padStart(10)} keys  ${advice(row.role, row.subjects)}`.trimEnd(),
      );
    }
    io.out(`Encryption keys (${cipher ? 'newest first' : `${ENCRYPTION_KEYS_ENV} not set`}):`);
    for (const row of encryptionRows) {
      io.out(
        `  ${row.id.padEnd(12)} ${row.role.padEnd(12)} ${String(row.values).padStart(9)} values    ${advice(row.role, row.values)}`.trimEnd(),
      );
    }
    io.out(`Scanned ${found.scannedKeys} keys in ${Math.round(ms)} ms.`);
  }
  const stranded = [...subjectRows, ...encryptionRows].some(
    (row) => row.role === 'not in ring' && ('subjects' in row ? row.subjects : row.values) > 0,
  );
  return stranded ? 1 : 0;
}

function cipherKids(env: NodeJS.ProcessEnv): string[] {
  return parseEncryptionKeys(env[ENCRYPTION_KEYS_ENV] ?? '').map((key) => key.kid);
}

function role(id: string, ring: readonly string[]): string {
  const at = ring.indexOf(id);
  if (at === 0) return 'newest';
  if (at > 0) return 'older';
  return id === SINGLE_SUBJECT_KEY_ID && ring.length === 0 ? 'single' : 'not in ring';
}

function advice(role: string, remaining: number): string {
  if (role === 'older') return remaining === 0 ? 'nothing left: may leave the ring' : 'keep it in the ring';
  if (role === 'not in ring' && remaining > 0)
    return 'NOT CONFIGURED: add it back, or this data cannot be read';
  return '';
}

async function reencrypt(
  redis: RedisClient,
  prefix: string,
  env: NodeJS.ProcessEnv,
  io: CliIo,
  audit: AuditLog | undefined,
): Promise<number> {
  const cipher = cipherOf(env);
  if (!cipher) {
    io.err(`privacy rotation: ${ENCRYPTION_KEYS_ENV} is not set: nothing to seal with.`);
    return 2;
  }
  const result = await reencryptSensitiveValues(redis, prefix, cipher);
  io.out(
    `Sealed with "${cipher.currentKid}": ${result.resealed} values sealed again, ${result.current} already current, ${result.failed} could not be opened.`,
  );
  if (audit) {
    await audit.append({
      operation: 'secret.rotated',
      origin: 'operator',
      detail: {
        secret: 'encryption',
        toKey: cipher.currentKid,
        resealed: result.resealed,
        failed: result.failed,
      },
    });
  }
  if (result.failed > 0) {
    io.err(
      'Some values are sealed with a key that is not configured (or are damaged): they were left as they were.',
    );
    return 1;
  }
  return 0;
}
