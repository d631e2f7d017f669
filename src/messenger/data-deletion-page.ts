import { escapeHtml } from '../core/html-escape';
import { format } from '../i18n/localizer';
import type { PrivacyTexts } from '../i18n/texts';
import type { DeletionStatus } from './deletion-status';

/** What the status page says, as the title and the body of a page in the shared shell (no scripts). */
export function deletionStatusPageBody(
  status: DeletionStatus | undefined,
  code: string,
  allTexts: PrivacyTexts,
): { title: string; body: string } {
  const texts = allTexts.dataDeletionPage;
  const rows: Array<[string, string]> = [[texts.codeLabel, code]];
  let message = texts.notFound;
  let reason = '';
  if (status) {
    rows.push(
      [texts.requestedLabel, formatTime(status.requestedAt)],
      [texts.completedLabel, formatTime(status.completedAt)],
    );
    message =
      status.outcome === 'completed'
        ? texts.completed
        : status.outcome === 'refused'
          ? texts.refused
          : texts.notLinked;
    if (status.outcome === 'refused' && status.refusalReason) {
      reason = `<p><strong>${escapeHtml(texts.reasonLabel)}:</strong> ${escapeHtml(status.refusalReason)}</p>`;
    }
    if (status.outcome === 'not-linked') {
      const instructions = format(texts.chatInstructions, {
        keyword: allTexts.menu.keywords.split('|')[0].trim(),
        deleteTitle: allTexts.menu.deleteTitle,
      });
      reason = `<p id="in-chat">${escapeHtml(instructions)}</p>`;
    }
  }
  const list = rows
    .map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`)
    .join('');
  const body = `<h1>${escapeHtml(texts.title)}</h1>
<section>
<p id="status" data-outcome="${status ? status.outcome : 'not-found'}">${escapeHtml(message)}</p>
${reason}<dl>${list}</dl>
</section>`;
  return { title: texts.title, body };
}

function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
