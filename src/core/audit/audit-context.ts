import { contextSlot } from '../async-context';
import type { AuditOperation, AuditOrigin } from './audit-log';

/** Who is acting while a privacy operation runs: the path it came from and, for operators, the request. */
export interface AuditContext {
  /** The path the operation came from: `menu`, `facebook_callback`, `operator`... */
  readonly origin: AuditOrigin;
  /** The operator request being carried out, when there is one. */
  readonly requestId?: string;
  /**
   * What reading a person's data counts as here: `export` unless said otherwise (the Privacy Center page
   * reads the same data to show it, and records `privacy_center.opened`).
   */
  readonly readAs?: Extract<AuditOperation, 'export' | 'privacy_center.opened'>;
}

const current = contextSlot<AuditContext>('audit context');

/**
 * Runs `work` with `context` as the origin of every audited operation inside it (an erasure started by the
 * menu, the Facebook callback or an operator request goes through the same audited seam; this says which).
 */
export function withAuditContext<T>(context: AuditContext, work: () => T): T {
  return current.run(context, work);
}

/** The origin of the operation running now, or `fallback` outside {@link withAuditContext}. */
export function currentAuditContext(fallback: AuditOrigin = 'system'): AuditContext {
  return current.get() ?? { origin: fallback };
}
