import { AuditKeyring } from '../core/audit/audit-keyring';
import { sealAuditAnchor, sealAuditEntry, type SealedAuditEntry } from '../core/audit/audit-chain';
import {
  DEFAULT_AUDIT_RETENTION_DAYS,
  type AuditAnchor,
  type AuditCheckpoint,
  type AuditEntry,
  type AuditEvent,
  type AuditHead,
  type AuditOperation,
  type AuditOrigin,
  type AuditRange,
  type AuditStore,
} from '../core/audit/audit-log';
import { ConfigurationError, StorageUnavailableError } from '../core/errors';
import { auditRetentionCutoff, checkAuditEvent, checkAuditRetention } from './audit-log-rules';
import { DEFAULT_OPERATION_TIMEOUT_MS, withTimeout, type RedisClient } from './redis-client';
import { RedisScript } from './redis-script';

/** Options of {@link RedisAuditLog}. */
export interface RedisAuditLogOptions {
  /** The ioredis client (e.g. the bot's own, from createRedisClient). */
  redis: RedisClient;
  /** The same prefix as the bot's other keys. Default `bbp`. */
  prefix?: string;
  /** The keys that seal the chain: `AuditKeyring.fromEnv()` (PRIVACY_AUDIT_SECRET). */
  keys: AuditKeyring;
  /** Days an entry is kept before {@link RedisAuditLog.trim} removes it. Default 3 years. */
  retentionDays?: number;
  /**
   * How often appends also trim what is past the retention (in the background, at most once per interval
   * in each process). Default once a day; 0 turns it off (trim with `privacy audit trim` instead).
   */
  trimEveryMs?: number;
  /** Bound on each Redis call. Default 2000 ms. */
  operationTimeoutMs?: number;
  /** Appends retried when other processes appended first. Default 200. */
  maxAttempts?: number;
}

/**
 * Appends the sealed entry only if the head is still the one it was sealed after (compare-and-set), so
 * two processes appending at once keep one chain: the loser gets the new head back and seals again.
 * KEYS: stream, head. ARGV: expected head chain ('' for none), new seq, new chain, then field/value pairs.
 */
const APPEND = new RedisScript(`
local head = redis.call('HGET', KEYS[2], 'chain') or ''
if head ~= ARGV[1] then
  return {0, head, redis.call('HGET', KEYS[2], 'seq') or '0'}
end
local fields = {}
for i = 4, #ARGV do fields[#fields + 1] = ARGV[i] end
local id = redis.call('XADD', KEYS[1], '*', unpack(fields))
redis.call('HSET', KEYS[2], 'seq', ARGV[2], 'chain', ARGV[3])
return {1, id}
`);

/**
 * Records the anchor and trims up to it, unless a newer anchor is already there or the last entry to trim
 * is gone (another trim ran): the anchor and the stream never disagree.
 * KEYS: stream, anchor. ARGV: anchor seq, anchor JSON, last trimmed id, first id kept (MINID).
 */
const TRIM = new RedisScript(`
local current = redis.call('HGET', KEYS[2], 'seq')
if current and tonumber(current) >= tonumber(ARGV[1]) then return 0 end
if #redis.call('XRANGE', KEYS[1], ARGV[3], ARGV[3]) == 0 then return 0 end
redis.call('HSET', KEYS[2], 'seq', ARGV[1], 'anchor', ARGV[2])
redis.call('XTRIM', KEYS[1], 'MINID', ARGV[4])
return 1
`);

const PAGE = 500;

/**
 * The audit trail in Redis: a stream `<prefix>:{audit}:log` of sealed entries, the chain's head
 * `<prefix>:{audit}:head` (a hash: seq, chain) and the anchor of trimmed entries `<prefix>:{audit}:anchor`
 * (one hash tag, so it works on a Redis Cluster too). Entries are sealed in the process (HMAC with the
 * audit key, which never reaches Redis) and appended with a compare-and-set on the head, retried when
 * another process appended first: no entry is lost and the chain stays one.
 */
export class RedisAuditLog implements AuditStore {
  /** The stream's key. */
  readonly streamKey: string;
  private readonly headKey: string;
  private readonly anchorKey: string;
  private readonly redis: RedisClient;
  private readonly keys: AuditKeyring;
  private readonly retentionDays: number;
  private readonly trimEveryMs: number;
  private lastTrim = 0;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  /** The head as this process last saw it: the first attempt of an append uses it. */
  private knownHead?: AuditHead;
  private headLoaded = false;

  constructor(options: RedisAuditLogOptions) {
    if (!options?.redis) throw new ConfigurationError('RedisAuditLog needs an ioredis client in `redis`.');
    if (!(options.keys instanceof AuditKeyring))
      throw new ConfigurationError(
        'RedisAuditLog needs `keys`: AuditKeyring.fromEnv() (PRIVACY_AUDIT_SECRET).',
      );
    const prefix = options.prefix ?? 'bbp';
    if (!prefix || /[{}]/.test(prefix))
      throw new ConfigurationError('The Redis key prefix must be non-empty and must not contain "{" or "}".');
    this.redis = options.redis;
    this.keys = options.keys;
    this.streamKey = `${prefix}:{audit}:log`;
    this.headKey = `${prefix}:{audit}:head`;
    this.anchorKey = `${prefix}:{audit}:anchor`;
    this.retentionDays = checkAuditRetention(options.retentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS);
    this.trimEveryMs = options.trimEveryMs ?? 24 * 3600 * 1000;
    this.timeoutMs = options.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS;
    this.maxAttempts = options.maxAttempts ?? 200;
  }

  private call<T>(operation: Promise<T>, what: string): Promise<T> {
    return withTimeout(operation, this.timeoutMs, `audit ${what}`);
  }

  async append(event: AuditEvent): Promise<AuditEntry> {
    checkAuditEvent(event);
    if (!this.headLoaded) {
      const [seq, chain] = await this.call(this.redis.hmget(this.headKey, 'seq', 'chain'), 'head');
      this.knownHead = chain ? { seq: Number(seq), chain } : undefined;
      this.headLoaded = true;
    }
    for (let attempt = 1; attempt <= this.maxAttempts; attempt += 1) {
      const sealed = sealAuditEntry(event, this.knownHead, this.keys);
      const reply = (await this.call(
        APPEND.run(
          this.redis,
          [this.streamKey, this.headKey],
          [this.knownHead?.chain ?? '', sealed.seq, sealed.chain, ...toFields(sealed)],
        ),
        'append',
      )) as [number, string, string?];
      if (Number(reply[0]) === 1) {
        this.knownHead = { seq: sealed.seq, chain: sealed.chain };
        this.trimWhenDue();
        return { id: String(reply[1]), ...sealed };
      }
      // Another process appended first: seal again after its entry.
      this.knownHead = reply[1] ? { seq: Number(reply[2]), chain: String(reply[1]) } : undefined;
      if (attempt > 3) await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
    }
    throw new StorageUnavailableError(
      `The audit log is too busy: ${this.maxAttempts} appends in a row lost the race to other processes.`,
    );
  }

  async *entries(range: AuditRange = {}): AsyncIterable<AuditEntry> {
    let start = range.from ? String(range.from.getTime()) : '-';
    const end = range.to ? String(range.to.getTime()) : '+';
    for (;;) {
      const page = (await this.call(
        this.redis.xrange(this.streamKey, start, end, 'COUNT', PAGE),
        'read',
      )) as Array<[string, string[]]>;
      for (const [id, fields] of page) yield fromFields(id, fields);
      if (page.length < PAGE) return;
      start = `(${page[page.length - 1][0]}`;
    }
  }

  async read(range?: AuditRange): Promise<AuditEntry[]> {
    const result: AuditEntry[] = [];
    for await (const entry of this.entries(range)) result.push(entry);
    return result;
  }

  async checkpoint(): Promise<AuditCheckpoint> {
    const [[seq, chain], anchorJson] = await Promise.all([
      this.call(this.redis.hmget(this.headKey, 'seq', 'chain'), 'head'),
      this.call(this.redis.hget(this.anchorKey, 'anchor'), 'anchor'),
    ]);
    return {
      ...(anchorJson ? { anchor: parseAnchor(anchorJson) } : {}),
      ...(chain ? { head: { seq: Number(seq), chain } } : {}),
    };
  }

  /** Trims what is past the retention, in the background, when the interval has passed since the last. */
  private trimWhenDue(): void {
    const now = Date.now();
    if (this.trimEveryMs <= 0 || now - this.lastTrim < this.trimEveryMs) return;
    this.lastTrim = now;
    this.trim().catch(() => {
      // Retention is enforced on a later append (or by `privacy audit trim`); an append never fails for it.
    });
  }

  async trim(before?: Date): Promise<AuditAnchor | undefined> {
    const cutoff = (before ?? auditRetentionCutoff(new Date(), this.retentionDays)).getTime();
    const last = (await this.call(
      this.redis.xrevrange(this.streamKey, `(${cutoff}-0`, '-', 'COUNT', 1),
      'trim',
    )) as Array<[string, string[]]>;
    if (last.length === 0) return undefined;
    const entry = fromFields(last[0][0], last[0][1]);
    const anchor = sealAuditAnchor(entry, this.keys);
    const [ms, n] = entry.id.split('-');
    const applied = await this.call(
      TRIM.run(
        this.redis,
        [this.streamKey, this.anchorKey],
        [anchor.seq, JSON.stringify(anchor), entry.id, `${ms}-${Number(n) + 1}`],
      ),
      'trim',
    );
    return Number(applied) === 1 ? anchor : undefined;
  }
}

/** The stream fields of a sealed entry (optional ones only when present). */
function toFields(entry: SealedAuditEntry): string[] {
  const fields = [
    'seq',
    String(entry.seq),
    'at',
    entry.at,
    'key',
    entry.keyId,
    'op',
    entry.operation,
    'origin',
    entry.origin,
  ];
  if (entry.subjectDigest !== undefined) fields.push('subject', entry.subjectDigest);
  if (entry.requestId !== undefined) fields.push('request', entry.requestId);
  if (entry.detail !== undefined) fields.push('detail', JSON.stringify(entry.detail));
  fields.push('prev', entry.previous, 'chain', entry.chain);
  return fields;
}

/**
 * An entry as read from the stream. A field that does not parse is kept as it is (the chain check then
 * names the entry), so a tampered stream is reported rather than crashing the reader.
 */
function fromFields(id: string, list: string[]): AuditEntry {
  const fields = new Map<string, string>();
  for (let i = 0; i + 1 < list.length; i += 2) fields.set(list[i], list[i + 1]);
  let detail: AuditEntry['detail'];
  const rawDetail = fields.get('detail');
  if (rawDetail !== undefined) {
    try {
      detail = JSON.parse(rawDetail) as AuditEntry['detail'];
    } catch {
      // Not JSON (tampered): kept as text, so the seal check fails on it and names this entry.
      detail = { unreadable: rawDetail };
    }
  }
  const subjectDigest = fields.get('subject');
  const requestId = fields.get('request');
  return {
    id,
    seq: Number(fields.get('seq')),
    at: fields.get('at') ?? '',
    keyId: fields.get('key') ?? '',
    operation: (fields.get('op') ?? '') as AuditOperation,
    origin: (fields.get('origin') ?? '') as AuditOrigin,
    ...(subjectDigest !== undefined ? { subjectDigest } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
    ...(detail !== undefined ? { detail } : {}),
    previous: fields.get('prev') ?? '',
    chain: fields.get('chain') ?? '',
  };
}

function parseAnchor(json: string): AuditAnchor {
  try {
    return JSON.parse(json) as AuditAnchor;
  } catch {
    // An anchor that is not JSON was tampered with: an empty seal makes the verification say so.
    return { seq: 0, id: 'anchor', chain: '', at: '', trimmedAt: '', keyId: '', mac: '' };
  }
}
