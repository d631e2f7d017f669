import { timingSafeEqual } from 'node:crypto';
import type { AuditKeyring } from './audit-keyring';
import type { AuditAnchor, AuditEntry, AuditEvent, AuditHead, AuditStore } from './audit-log';

/**
 * The hash chain of the audit log, as pure functions: each entry's `chain` is an HMAC-SHA256 over the
 * chain value before it and the entry's own canonical content, so removing, reordering or altering an
 * entry breaks every link from there on. Trimming old entries leaves a sealed anchor (the last removed
 * entry's position and chain value) the first kept entry links to.
 */

/** The `previous` of the very first entry. */
export const AUDIT_GENESIS = 'genesis';
const ENTRY_FORMAT = 'bbp-audit-entry/1';
const ANCHOR_FORMAT = 'bbp-audit-anchor/1';

/** An entry before the log gives it an id: everything the chain covers. */
export type SealedAuditEntry = Omit<AuditEntry, 'id'>;

/** The canonical text of an entry's content (every field but `id` and `chain`; detail keys sorted). */
export function canonicalAuditContent(entry: Omit<SealedAuditEntry, 'chain'>): string {
  const detail = entry.detail
    ? Object.keys(entry.detail)
        .sort()
        .map((key) => [key, entry.detail![key]])
    : null;
  return JSON.stringify([
    ENTRY_FORMAT,
    entry.seq,
    entry.at,
    entry.keyId,
    entry.operation,
    entry.origin,
    entry.subjectDigest ?? null,
    entry.requestId ?? null,
    detail,
  ]);
}

function chainValue(keys: AuditKeyring, keyId: string, previous: string, content: string): string {
  return keys.mac(keyId, `${previous}\n${content}`);
}

/**
 * Seals `event` as the entry after `head` (none: the first entry), under the keyring's newest key.
 * The log stores it and gives it its id.
 */
export function sealAuditEntry(
  event: AuditEvent,
  head: AuditHead | undefined,
  keys: AuditKeyring,
  at: Date = new Date(),
): SealedAuditEntry {
  const unsealed = {
    operation: event.operation,
    origin: event.origin,
    ...(event.subjectDigest !== undefined ? { subjectDigest: event.subjectDigest } : {}),
    ...(event.requestId !== undefined ? { requestId: event.requestId } : {}),
    ...(event.detail !== undefined ? { detail: { ...event.detail } } : {}),
    seq: (head?.seq ?? 0) + 1,
    at: at.toISOString(),
    keyId: keys.currentId,
    previous: head?.chain ?? AUDIT_GENESIS,
  };
  return {
    ...unsealed,
    chain: chainValue(keys, unsealed.keyId, unsealed.previous, canonicalAuditContent(unsealed)),
  };
}

function anchorContent(anchor: Omit<AuditAnchor, 'mac'>): string {
  return JSON.stringify([
    ANCHOR_FORMAT,
    anchor.seq,
    anchor.id,
    anchor.chain,
    anchor.at,
    anchor.trimmedAt,
    anchor.keyId,
  ]);
}

/** The sealed anchor of a trim whose last removed entry is `last`. */
export function sealAuditAnchor(last: AuditEntry, keys: AuditKeyring, trimmedAt = new Date()): AuditAnchor {
  const anchor = {
    seq: last.seq,
    id: last.id,
    chain: last.chain,
    at: last.at,
    trimmedAt: trimmedAt.toISOString(),
    keyId: keys.currentId,
  };
  return { ...anchor, mac: keys.mac(anchor.keyId, anchorContent(anchor)) };
}

/** Why an entry breaks the chain. */
export type AuditBreak =
  /** Its content or chain value was changed (or it was sealed with another key). */
  | 'altered'
  /** One or more entries before it were removed. */
  | 'removed_before'
  /** It is out of place: entries were reordered or copied. */
  | 'reordered'
  /** Entries after it were removed (the head says the chain went further). */
  | 'removed_after'
  /** Sealed with a key id the keyring does not hold. */
  | 'unknown_key'
  /** The anchor of trimmed entries was changed. */
  | 'anchor_altered';

/** The outcome of a verification: ok with the count, or the first broken entry. */
export type AuditVerification =
  | { readonly ok: true; readonly count: number; readonly head?: AuditHead }
  | {
      readonly ok: false;
      /** Entries verified before the break. */
      readonly count: number;
      readonly broken: {
        /** Id of the first entry that does not verify (the anchor's id for `anchor_altered`). */
        readonly id: string;
        readonly seq?: number;
        readonly reason: AuditBreak;
        /** One sentence for a privacy officer, naming the entry by id and position, never a person. */
        readonly message: string;
      };
    };

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Checks a chain entry by entry, oldest first, without holding the entries (for logs read page by page):
 * {@link push} each, then {@link result}. After the first break it only notes positions, to tell a
 * removed entry from a reordered one.
 */
export class AuditChainVerifier {
  private expectedPrevious: string;
  private expectedSeq: number;
  private count = 0;
  private last?: AuditEntry;
  private broken?: Exclude<AuditVerification, { ok: true }>['broken'];
  /** After a gap: the missing position, and whether it turned up later (then it was a reorder). */
  private missingSeq?: number;
  private missingSeen = false;

  constructor(
    private readonly keys: AuditKeyring,
    private readonly anchor?: AuditAnchor,
    private readonly head?: AuditHead,
  ) {
    this.expectedPrevious = anchor?.chain ?? AUDIT_GENESIS;
    this.expectedSeq = (anchor?.seq ?? 0) + 1;
    if (anchor && !this.anchorIsSealed(anchor)) {
      this.broken = {
        id: anchor.id,
        seq: anchor.seq,
        reason: 'anchor_altered',
        message: `The anchor of trimmed entries (up to ${anchor.id}, #${anchor.seq}) was altered: its seal does not verify.`,
      };
    }
  }

  private anchorIsSealed(anchor: AuditAnchor): boolean {
    if (!this.keys.has(anchor.keyId) || typeof anchor.mac !== 'string') return false;
    const { mac, ...rest } = anchor;
    return sameText(this.keys.mac(anchor.keyId, anchorContent(rest)), mac);
  }

  push(entry: AuditEntry): void {
    if (this.broken) {
      if (entry.seq === this.missingSeq) this.missingSeen = true;
      return;
    }
    const where = `Entry ${entry.id} (#${entry.seq})`;
    if (!this.keys.has(entry.keyId)) {
      this.break(
        entry,
        'unknown_key',
        `${where} is sealed with key "${entry.keyId}", which the keyring does not hold.`,
      );
      return;
    }
    const { id: _id, chain, ...content } = entry;
    const expected = chainValue(this.keys, entry.keyId, entry.previous, canonicalAuditContent(content));
    if (typeof chain !== 'string' || !sameText(expected, chain)) {
      this.break(entry, 'altered', `${where} was altered: its content does not match its seal.`);
      return;
    }
    if (entry.previous !== this.expectedPrevious || entry.seq !== this.expectedSeq) {
      if (entry.seq > this.expectedSeq) {
        this.missingSeq = this.expectedSeq;
        this.break(
          entry,
          'removed_before',
          `${where}: entries #${this.expectedSeq}${entry.seq - 1 > this.expectedSeq ? `-#${entry.seq - 1}` : ''} before it are missing.`,
        );
      } else {
        this.break(entry, 'reordered', `${where} is out of place: #${this.expectedSeq} was expected here.`);
      }
      return;
    }
    this.count += 1;
    this.last = entry;
    this.expectedPrevious = entry.chain;
    this.expectedSeq = entry.seq + 1;
  }

  private break(entry: AuditEntry, reason: AuditBreak, message: string): void {
    this.broken = { id: entry.id, seq: entry.seq, reason, message };
  }

  result(): AuditVerification {
    if (this.broken) {
      if (this.broken.reason === 'removed_before' && this.missingSeen) {
        return {
          ok: false,
          count: this.count,
          broken: {
            ...this.broken,
            reason: 'reordered',
            message: `Entry ${this.broken.id} (#${this.broken.seq}) is out of place: #${this.missingSeq} comes after it.`,
          },
        };
      }
      return { ok: false, count: this.count, broken: this.broken };
    }
    const lastSeq = this.last?.seq ?? this.anchor?.seq ?? 0;
    if (this.head && this.head.seq > lastSeq) {
      const id = this.last?.id ?? this.anchor?.id ?? 'start';
      return {
        ok: false,
        count: this.count,
        broken: {
          id,
          seq: lastSeq,
          reason: 'removed_after',
          message: `Entries #${lastSeq + 1}-#${this.head.seq} after ${id} are missing (the head of the chain is #${this.head.seq}).`,
        },
      };
    }
    return {
      ok: true,
      count: this.count,
      ...(this.last ? { head: { seq: this.last.seq, chain: this.last.chain } } : {}),
    };
  }
}

/**
 * Verifies entries, oldest first, against the keyring and the anchor of what was trimmed (and, when
 * given, the head the log keeps, to see entries removed at the end): ok with the count, or the first
 * broken entry (removed, reordered, altered).
 */
export function verifyAuditChain(
  entries: Iterable<AuditEntry>,
  keys: AuditKeyring,
  anchor?: AuditAnchor,
  head?: AuditHead,
): AuditVerification {
  const verifier = new AuditChainVerifier(keys, anchor, head);
  for (const entry of entries) verifier.push(entry);
  return verifier.result();
}

/** Verifies a whole stored log, page by page, against its own anchor and head. */
export async function verifyAuditStore(
  store: Pick<AuditStore, 'entries' | 'checkpoint'>,
  keys: AuditKeyring,
): Promise<AuditVerification> {
  const { anchor, head } = await store.checkpoint();
  const verifier = new AuditChainVerifier(keys, anchor, head);
  for await (const entry of store.entries()) verifier.push(entry);
  return verifier.result();
}
