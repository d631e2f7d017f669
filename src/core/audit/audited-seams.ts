import type { ConsentReceipt } from '../consent/consent-receipt';
import type { ConsentStore } from '../consent/consent-store';
import type { PagedDataSection, SubjectDataSection, SubjectDataSource } from '../data-export';
import { subjectDataSections } from '../export-writer';
import { historySourceOf, type HistorySource } from '../privacy-center';
import type { ErasureReceipt, SubjectErasure } from '../erasure';
import type { DataSubject } from '../subject';
import { currentAuditContext } from './audit-context';
import type { AuditEvent, AuditLog, AuditOperation } from './audit-log';

/**
 * The privacy layer's seams with the audit trail built in: wrapped once where the layer is composed
 * (createPrivacy), so every path that erases, exports or records consent (menu, `deleteUserData`, the
 * Facebook callback, the Privacy Center, operator requests) writes its entry, and a new path cannot forget
 * it. The origin comes from {@link currentAuditContext}, set at the entry points.
 *
 * An entry is appended after the operation succeeded; when the log cannot take it, the operation is
 * reported as failed (the person is told to try again: erasure, export and consent are safe to repeat), so
 * nothing is reported done that the trail cannot show. A failed erasure is recorded too, when it can be.
 */
export interface AuditTrailOptions {
  /** Where the entries go (MemoryAuditLog, RedisAuditLog, or any AuditLog). */
  readonly log: AuditLog;
  /**
   * The subject's pseudonymous digest, as the stores compute it (e.g. `storage.keyspace.digester`), so an
   * entry names the same digest as the erasure receipt and consent receipts: never an id.
   */
  subjectDigest(subject: DataSubject): string;
}

function append(log: AuditLog, event: Omit<AuditEvent, 'origin' | 'requestId'>): Promise<unknown> {
  const context = currentAuditContext();
  return log.append({
    ...event,
    origin: context.origin,
    ...(context.requestId !== undefined ? { requestId: context.requestId } : {}),
  });
}

/** An erasure that appends `erasure` (with the receipt's code, count and verification) to the trail. */
export function auditedErasure(inner: SubjectErasure, audit: AuditTrailOptions): SubjectErasure {
  return {
    async eraseSubject(subject: DataSubject): Promise<ErasureReceipt> {
      let receipt: ErasureReceipt;
      try {
        receipt = await inner.eraseSubject(subject);
      } catch (error) {
        await append(audit.log, {
          operation: 'erasure',
          subjectDigest: audit.subjectDigest(subject),
          detail: { outcome: 'failed' },
        }).catch(() => {
          // The erasure's own error is the one to report; the trail's failure would hide it.
        });
        throw error;
      }
      await append(audit.log, {
        operation: 'erasure',
        subjectDigest: receipt.subjectDigest,
        detail: {
          outcome: receipt.verified ? 'completed' : 'unverified',
          confirmationCode: receipt.confirmationCode,
          keysRemoved: receipt.keysRemoved,
          durable: receipt.durable,
        },
      });
      return receipt;
    },
  };
}

/**
 * Every data source as one, appending one `export` entry per export (or `privacy_center.opened` when the
 * audit context says the data is read to show the Privacy Center page), with the number of sections.
 */
export function auditedDataSource(
  sources: readonly SubjectDataSource[],
  audit: AuditTrailOptions,
): SubjectDataSource & Partial<HistorySource> {
  const recorded = async <T>(subject: DataSubject, sections: T[]): Promise<T[]> => {
    const operation: AuditOperation = currentAuditContext().readAs ?? 'export';
    await append(audit.log, {
      operation,
      subjectDigest: audit.subjectDigest(subject),
      detail: { sections: sections.length },
    });
    return sections;
  };
  const history = historySourceOf(sources);
  return {
    async exportSubject(subject: DataSubject): Promise<SubjectDataSection[]> {
      const parts = await Promise.all(sources.map((source) => source.exportSubject(subject)));
      return recorded(subject, parts.flat());
    },
    // A streamed export is recorded once its sections are known, before any of them is read.
    async exportSections(subject: DataSubject): Promise<Array<SubjectDataSection | PagedDataSection>> {
      return recorded(subject, await subjectDataSections(subject, sources));
    },
    // A page of the history is part of what the Privacy Center's opening recorded: not recorded again.
    ...(history ? { historyPage: (subject, options) => history.historyPage(subject, options) } : {}),
  };
}

const CONSENT_OPERATIONS = {
  given: 'consent.given',
  refused: 'consent.refused',
  withdrawn: 'consent.withdrawn',
} as const satisfies Record<ConsentReceipt['state'], AuditOperation>;

/**
 * A consent store that appends `consent.given`, `consent.refused` or `consent.withdrawn` (with the purpose
 * and policy version) for every receipt it saves: every save is a change of state.
 */
export function auditedConsentStore<S extends ConsentStore>(inner: S, audit: AuditTrailOptions): S {
  const save = async (subject: DataSubject, receipt: ConsentReceipt): Promise<void> => {
    await inner.save(subject, receipt);
    await append(audit.log, {
      operation: CONSENT_OPERATIONS[receipt.state],
      subjectDigest: receipt.subjectDigest,
      detail: { purpose: receipt.purposeId, policyVersion: receipt.policyVersion },
    });
  };
  // A proxy keeps the store's other methods (and its type) as they are.
  return new Proxy(inner, {
    get(target, property, receiver) {
      if (property === 'save') return save;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
