import { withAuditContext, type AuditContext } from '../core/audit/audit-context';
import type { SubjectDataSection } from '../core/data-export';
import { isPagedSection, subjectDataSections, writeSubjectData } from '../core/export-writer';
import { historySourceOf, type PrivacyCenterBackend } from '../core/privacy-center';
import { readableExport } from './export-description';
import type { ErasureSource } from '../core/metrics/metered-erasure';
import type { Privacy } from './privacy';

/** Erasure source (and metric dimension) of deletions made on the Privacy Center page. */
export const PRIVACY_CENTER_SOURCE = 'privacy_center' satisfies ErasureSource;

/** Messages of the chat history per Privacy Center page. */
const HISTORY_PAGE_MESSAGES = 50;

/**
 * The Privacy Center's view of the privacy layer: the same data sources as *My data*, the same consent
 * withdrawal as *My consents* and the same erasure as *Delete my data*. Erasures are counted as
 * `erasure.*` events with `dimension: 'privacy_center'`, withdrawals as `consent.withdrawn`. The page shows
 * the chat history 50 messages at a time (read from the transcript store around that page only); the
 * download is streamed.
 */
export function privacyCenterBackend(privacy: Privacy): PrivacyCenterBackend {
  const { runtime } = privacy;
  const erasure = runtime.erasureFrom(PRIVACY_CENTER_SOURCE);
  // The Privacy Center is an entry point: what it reads, withdraws and erases is audited with its origin,
  // and reading the data to show the page counts as `privacy_center.opened`.
  const center: AuditContext = { origin: PRIVACY_CENTER_SOURCE };
  const backend: PrivacyCenterBackend = {
    async view(subject, language, options = {}) {
      // Long sections (the chat history) are not read here: the page shows one page of the history.
      const sections = await subjectDataSections(subject, runtime.dataSources);
      const whole = sections.filter((section): section is SubjectDataSection => !isPagedSection(section));
      const history = historySourceOf(runtime.dataSources);
      const page = history
        ? await history.historyPage(subject, { before: options.before, limit: HISTORY_PAGE_MESSAGES })
        : undefined;
      const consents = (await runtime.consentWithdrawal?.readable(subject, language)) ?? [];
      const purposes = new Map(consents.map((consent) => [consent.purposeId, consent.purpose]));
      const texts = runtime.localizer.texts(language);
      const readable = readableExport({ exportedAt: '', sections: whole }, texts, purposes);
      return {
        ...readable,
        history: page?.messages ?? readable.history,
        hasData: readable.hasData || sections.length > 0,
        ...(page?.olderCursor ? { olderCursor: page.olderCursor } : {}),
        consents,
      };
    },
    writeExport: (subject, sink) => writeSubjectData(subject, runtime.dataSources, sink),
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
    view: (subject, language, options) =>
      withAuditContext({ ...center, readAs: 'privacy_center.opened' }, () =>
        backend.view(subject, language, options),
      ),
    writeExport: (subject, sink) => withAuditContext(center, () => backend.writeExport(subject, sink)),
    withdraw: (subject, purposeId, language) =>
      withAuditContext(center, () => backend.withdraw(subject, purposeId, language)),
    erase: (subject) => withAuditContext(center, () => backend.erase(subject)),
  };
}
