import { withAuditContext, type AuditContext } from '../core/audit/audit-context';
import { collectSubjectData } from '../core/data-export';
import type { PrivacyCenterBackend } from '../core/privacy-center';
import { readableExport } from './export-description';
import type { ErasureSource } from '../core/metrics/metered-erasure';
import type { Privacy } from './privacy';

/** Erasure source (and metric dimension) of deletions made on the Privacy Center page. */
export const PRIVACY_CENTER_SOURCE = 'privacy_center' satisfies ErasureSource;

/**
 * The Privacy Center's view of the privacy layer: the same data sources as *My data*, the same consent
 * withdrawal as *My consents* and the same erasure as *Delete my data*. Erasures are counted as
 * `erasure.*` events with `dimension: 'privacy_center'`, withdrawals as `consent.withdrawn`.
 */
export function privacyCenterBackend(privacy: Privacy): PrivacyCenterBackend {
  const { runtime } = privacy;
  const erasure = runtime.erasureFrom(PRIVACY_CENTER_SOURCE);
  // The Privacy Center is an entry point: what it reads, withdraws and erases is audited with its origin,
  // and reading the data to show the page counts as `privacy_center.opened`.
  const center: AuditContext = { origin: PRIVACY_CENTER_SOURCE };
  const backend: PrivacyCenterBackend = {
    async view(subject, language) {
      const data = await collectSubjectData(subject, runtime.dataSources);
      const consents = (await runtime.consentWithdrawal?.readable(subject, language)) ?? [];
      const purposes = new Map(consents.map((consent) => [consent.purposeId, consent.purpose]));
      return { ...readableExport(data, runtime.localizer.texts(language), purposes), consents };
    },
    export: (subject) => collectSubjectData(subject, runtime.dataSources),
    async withdraw(subject, purposeId, language) {
      const withdrawn =
        (await runtime.consentWithdrawal?.withdraw(subject, purposeId, {
          collectionMethod: PRIVACY_CENTER_SOURCE,
        })) ?? false;
      if (withdrawn) {
        runtime.recordFor(subject.channelId, runtime.localizer.languageOf(language), {
          name: 'consent.withdrawn',
          dimension: purposeId,
        });
      }
      return withdrawn;
    },
    erase: (subject) => erasure.eraseSubject(subject),
  };
  return {
    view: (subject, language) =>
      withAuditContext({ ...center, readAs: 'privacy_center.opened' }, () => backend.view(subject, language)),
    export: (subject) => withAuditContext(center, () => backend.export(subject)),
    withdraw: (subject, purposeId, language) =>
      withAuditContext(center, () => backend.withdraw(subject, purposeId, language)),
    erase: (subject) => withAuditContext(center, () => backend.erase(subject)),
  };
}
