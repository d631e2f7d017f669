import { AuditKeyring } from '../core/audit/audit-keyring';
import { sealAuditAnchor, sealAuditEntry } from '../core/audit/audit-chain';
import {
  DEFAULT_AUDIT_RETENTION_DAYS,
  type AuditAnchor,
  type AuditCheckpoint,
  type AuditEntry,
  type AuditEvent,
  type AuditHead,
  type AuditRange,
  type AuditStore,
} from '../core/audit/audit-log';
import { auditRetentionCutoff, checkAuditEvent, checkAuditRetention } from './audit-log-rules';

/** Options of {@link MemoryAuditLog}. */
export interface MemoryAuditLogOptions {
  /** The keys that seal the chain (default: the public development key). */
  keys?: AuditKeyring;
  /** Days an entry is kept before {@link MemoryAuditLog.trim} removes it. Default 3 years. */
  retentionDays?: number;
  /**
   * How often appends also trim what is past the retention (in the background, at most once per interval
   * in each process). Default once a day; 0 turns it off (trim with `privacy audit trim` instead).
   */
  trimEveryMs?: number;
  /** Clock (tests). */
  now?: () => Date;
}

/**
 * The audit trail in memory (for memory mode and tests): the same chain, anchor and ranges as
 * RedisAuditLog, gone with the process. Ids look like Redis stream ids (`<ms>-<n>`).
 */
export class MemoryAuditLog implements AuditStore {
  private readonly list: AuditEntry[] = [];
  private head?: AuditHead;
  private anchor?: AuditAnchor;
  private lastMs = 0;
  private lastN = 0;
  private readonly keys: AuditKeyring;
  private readonly retentionDays: number;
  private readonly trimEveryMs: number;
  private lastTrim = 0;
  private readonly now: () => Date;

  constructor(options: MemoryAuditLogOptions = {}) {
    this.keys = options.keys ?? AuditKeyring.development();
    this.retentionDays = checkAuditRetention(options.retentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS);
    this.trimEveryMs = options.trimEveryMs ?? 24 * 3600 * 1000;
    this.now = options.now ?? (() => new Date());
  }

  async append(event: AuditEvent): Promise<AuditEntry> {
    checkAuditEvent(event);
    const at = this.now();
    const sealed = sealAuditEntry(event, this.head, this.keys, at);
    const entry: AuditEntry = { id: this.nextId(at.getTime()), ...sealed };
    this.list.push(entry);
    this.head = { seq: entry.seq, chain: entry.chain };
    this.trimWhenDue();
    return entry;
  }

  private nextId(ms: number): string {
    if (ms > this.lastMs) {
      this.lastMs = ms;
      this.lastN = 0;
    } else {
      this.lastN += 1;
    }
    return `${this.lastMs}-${this.lastN}`;
  }

  async *entries(range: AuditRange = {}): AsyncIterable<AuditEntry> {
    const from = range.from?.getTime() ?? -Infinity;
    const to = range.to?.getTime() ?? Infinity;
    for (const entry of [...this.list]) {
      const ms = Number(entry.id.split('-')[0]);
      if (ms >= from && ms <= to) yield entry;
    }
  }

  async read(range?: AuditRange): Promise<AuditEntry[]> {
    const result: AuditEntry[] = [];
    for await (const entry of this.entries(range)) result.push(entry);
    return result;
  }

  async checkpoint(): Promise<AuditCheckpoint> {
    return { ...(this.anchor ? { anchor: this.anchor } : {}), ...(this.head ? { head: this.head } : {}) };
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
    const cutoff = (before ?? auditRetentionCutoff(this.now(), this.retentionDays)).getTime();
    let count = 0;
    while (count < this.list.length && Number(this.list[count].id.split('-')[0]) < cutoff) count += 1;
    if (count === 0) return undefined;
    this.anchor = sealAuditAnchor(this.list[count - 1], this.keys, this.now());
    this.list.splice(0, count);
    return this.anchor;
  }
}
