import { Cluster, type ChainableCommander, type Redis } from 'ioredis';
import { EnvelopeCipher } from '../core/sensitive/envelope-cipher';
import { sensitiveValueContext } from '../core/sensitive/sensitive-value-store';
import { SINGLE_SUBJECT_KEY_ID } from '../core/subject-key-ring';
import type { RedisClient } from './redis-client';
import { RedisScript } from './redis-script';

/** What remains under one key: how many subjects (index sets) and how many of their keys. */
export interface KeyUsage {
  subjects: number;
  keys: number;
}

/** What `privacy rotation status` reports: counts only, never a digest or an id. */
export interface RotationStatus {
  /** Per subject key id: the subjects (and their keys) still under it. */
  readonly subjectKeys: ReadonlyMap<string, KeyUsage>;
  /** Per encryption key id: the sensitive values still sealed with it. */
  readonly encryptionKeys: ReadonlyMap<string, number>;
  /** Keys the scans walked over (the whole keyspace of every master). */
  readonly scannedKeys: number;
}

const SCAN_COUNT = 5000;

/** `text` with glob characters escaped, for SCAN MATCH. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

/** The single node, or every master of a Cluster: SCAN walks one node at a time. */
function scanNodes(redis: RedisClient): Redis[] {
  return redis instanceof Cluster ? redis.nodes('master') : [redis];
}

/**
 * Calls `onKeys` with each page of keys matching `pattern` on every node, and that node (a page's keys
 * live on it: read them there in one pipeline); resolves to the keys walked.
 */
async function scanEach(
  redis: RedisClient,
  pattern: string,
  onKeys: (keys: string[], node: Redis) => Promise<void>,
): Promise<number> {
  let walked = 0;
  for (const node of scanNodes(redis)) {
    const size = await node.dbsize();
    walked += size;
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT);
      cursor = next;
      if (keys.length > 0) await onKeys(keys, node);
    } while (cursor !== '0');
  }
  return walked;
}

/** One command per item on `node`, sent as one pipeline; the replies in order (null for a failed one). */
async function inOnePipeline<T>(
  node: Redis,
  items: readonly T[],
  queue: (pipeline: ChainableCommander, item: T) => unknown,
): Promise<unknown[]> {
  if (items.length === 0) return [];
  const pipeline = node.pipeline();
  for (const item of items) queue(pipeline, item);
  const replies = (await pipeline.exec()) ?? [];
  return replies.map(([error, reply]) => (error ? null : reply));
}

/** The subject key id an index key names (`...:index` is the single secret's, `default`). */
function keyIdOfIndex(key: string): string | undefined {
  const at = key.lastIndexOf('}:index');
  if (at < 0) return undefined;
  const rest = key.slice(at + '}:index'.length);
  if (rest === '') return SINGLE_SUBJECT_KEY_ID;
  return rest.startsWith(':') ? rest.slice(1) : undefined;
}

/** The digest and purpose of a sensitive value's key `<prefix>:{<digest>}:sensitive:<purpose>`. */
function sensitiveKeyParts(prefix: string, key: string): { digest: string; purposeId: string } | undefined {
  const match = /^\{([^}]+)\}:sensitive:(.+)$/.exec(key.slice(prefix.length + 1));
  return match ? { digest: match[1], purposeId: match[2] } : undefined;
}

/**
 * Counts what remains under each subject key and each encryption key, by scanning the keyspace (the
 * only command of the library that scans: run it from the operator's tool, not a bot process). Its cost
 * grows with the whole keyspace: see `npm run bench:rotation`.
 */
export async function readRotationStatus(redis: RedisClient, prefix: string): Promise<RotationStatus> {
  const subjectKeys = new Map<string, KeyUsage>();
  const encryptionKeys = new Map<string, number>();
  const base = `${escapeGlob(prefix)}:{*}:`;
  let scannedKeys = await scanEach(redis, `${base}index*`, async (keys, node) => {
    const indexes = keys
      .map((key) => ({ key, id: keyIdOfIndex(key) }))
      .filter((index): index is { key: string; id: string } => index.id !== undefined);
    const sizes = await inOnePipeline(node, indexes, (pipeline, { key }) => pipeline.scard(key));
    indexes.forEach(({ id }, j) => {
      const usage = subjectKeys.get(id) ?? { subjects: 0, keys: 0 };
      usage.subjects += 1;
      usage.keys += Number(sizes[j] ?? 0);
      subjectKeys.set(id, usage);
    });
  });
  scannedKeys += await scanEach(redis, `${base}sensitive:*`, async (keys, node) => {
    const values = await inOnePipeline(node, keys, (pipeline, key) => pipeline.get(key));
    for (const value of values) {
      const kid = typeof value === 'string' ? EnvelopeCipher.kidOf(value) : undefined;
      if (kid !== undefined) encryptionKeys.set(kid, (encryptionKeys.get(kid) ?? 0) + 1);
    }
  });
  return { subjectKeys, encryptionKeys, scannedKeys };
}

// KEYS: the value. ARGV: the envelope read, the envelope sealed with the newest key. Replaces it only if
// it is still the one read (an erasure or a new value in between wins), keeping its expiry.
const RESEAL = new RedisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
  return 1
end
return 0
`);

/**
 * Seals a stored envelope again with the cipher's newest key, if it is still the one read.
 * @returns true when it was replaced.
 */
export async function resealEnvelope(
  redis: RedisClient,
  key: string,
  envelope: string,
  plaintext: string,
  cipher: EnvelopeCipher,
  context: string,
): Promise<boolean> {
  return (await RESEAL.run(redis, [key], [envelope, cipher.encrypt(plaintext, context)])) === 1;
}

/** What a re-encryption pass did. */
export interface ReencryptionResult {
  /** Values already sealed with the newest key. */
  current: number;
  /** Values sealed again with the newest key. */
  resealed: number;
  /** Values that could not be opened (unknown key, damaged): left as they were. */
  failed: number;
}

/**
 * Seals every sensitive value under `prefix` with the cipher's newest key (the background half of
 * encryption-key rotation; values read by a turn are sealed again on read). Safe to run while bots
 * serve: each value is replaced only if unchanged since it was read, keeping its expiry.
 */
export async function reencryptSensitiveValues(
  redis: RedisClient,
  prefix: string,
  cipher: EnvelopeCipher,
): Promise<ReencryptionResult> {
  const result: ReencryptionResult = { current: 0, resealed: 0, failed: 0 };
  await scanEach(redis, `${escapeGlob(prefix)}:{*}:sensitive:*`, async (keys, node) => {
    const values = await inOnePipeline(node, keys, (pipeline, key) => pipeline.get(key));
    await Promise.all(
      keys.map(async (key, j) => {
        const envelope = typeof values[j] === 'string' ? (values[j] as string) : null;
        const parts = sensitiveKeyParts(prefix, key);
        if (envelope === null || !parts) return;
        if (EnvelopeCipher.kidOf(envelope) === cipher.currentKid) {
          result.current += 1;
          return;
        }
        const context = sensitiveValueContext(parts.digest, parts.purposeId);
        let plaintext: string;
        try {
          plaintext = cipher.decrypt(envelope, context);
        } catch {
          // Sealed with a key no longer configured, or damaged: counted, left for the operator.
          result.failed += 1;
          return;
        }
        if (await resealEnvelope(redis, key, envelope, plaintext, cipher, context)) result.resealed += 1;
      }),
    );
  });
  return result;
}
