import { format } from '../i18n/localizer';
import type { PrivacyTexts } from '../i18n/texts';
import type { DeletionStatus } from './deletion-status';

/** The status page as a small self-contained HTML document (no scripts, no external resources). */
export function renderDeletionStatusPage(
  status: DeletionStatus | undefined,
  code: string,
  allTexts: PrivacyTexts,
  language: string,
): string {
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
  return `<!doctype html>
<html lang="${escapeHtml(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(texts.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}dt{font-weight:600}dd{margin:0 0 .5rem}</style>
</head>
<body>
<h1>${escapeHtml(texts.title)}</h1>
<p id="status" data-outcome="${status ? status.outcome : 'not-found'}">${escapeHtml(message)}</p>
${reason}<dl>${list}</dl>
</body>
</html>
`;
}

function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
