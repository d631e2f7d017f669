import { escapeHtml } from '../../core/html-escape';
import type { RecordOfProcessing, RecordTexts } from '../../core/record-of-processing';
import { htmlDocument } from '../../metrics/report/html-document';

const cell = (text: string) => `<td>${escapeHtml(text)}</td>`;
const list = (items: readonly string[]) =>
  `<ul>${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;

/**
 * The record of processing as one self-contained HTML page, in the insights report's style (same document
 * shell, stylesheet and Content-Security-Policy: no script, nothing loaded from elsewhere).
 */
export function recordOfProcessingHtml(record: RecordOfProcessing, texts: RecordTexts): string {
  const title = texts.title.replace('{brand}', record.controller.name);
  const missing = escapeHtml(texts.notDeclared);
  const controller = [
    [texts.controller, escapeHtml(record.controller.name)],
    [
      texts.contact,
      record.controller.contact
        ? escapeHtml(record.controller.contact)
        : `<span class="empty">${missing}</span>`,
    ],
    [texts.policy, escapeHtml(record.controller.policyUrl)],
  ];
  const activities = record.activities
    .map(
      (a) =>
        `<tr id="activity-${escapeHtml(a.id)}">${cell(a.data)}${cell(a.purpose)}${cell(a.legalBasisText)}${cell(a.retention)}${cell(a.recipients)}${cell(a.optional ? texts.yes : texts.no)}</tr>`,
    )
    .join('\n');
  const purposes = record.purposes
    .map(
      (p) =>
        `<tr id="purpose-${escapeHtml(p.id)}">${cell(p.description)}${cell(p.dataCategories.join(', '))}${cell(
          p.legalBasisText,
        )}${cell(p.retention)}${cell(p.recipients.length ? p.recipients.join(', ') : texts.noRecipients)}<td>${escapeHtml(
          texts.consentGate.replace('{version}', p.policyVersion),
        )}${p.sensitive ? `<br>${escapeHtml(texts.sensitive)}` : ''}</td></tr>`,
    )
    .join('\n');
  const safeguards = record.safeguards
    .map(
      (s) =>
        `<tr id="safeguard-${s.id}">${cell(s.measure)}<td>${s.implementedIn.map((f) => `<code>${escapeHtml(f)}</code>`).join('<br>')}</td></tr>`,
    )
    .join('\n');
  const body = `<header><h1>${escapeHtml(title)}</h1></header>
<p class="muted">${escapeHtml(texts.generated.replace('{date}', record.generatedAt.slice(0, 10)))}</p>
<p>${escapeHtml(texts.intro)}</p>
<h2>${escapeHtml(texts.controllerTitle)}</h2>
<div class="table-wrap"><table class="text" id="controller">${controller.map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${v}</td></tr>`).join('')}</table></div>
<h2>${escapeHtml(texts.activitiesTitle)}</h2>
<div class="table-wrap"><table class="text" id="activities">
<tr><th>${escapeHtml(texts.data)}</th><th>${escapeHtml(texts.purpose)}</th><th>${escapeHtml(texts.legalBasis)}</th><th>${escapeHtml(texts.retention)}</th><th>${escapeHtml(texts.recipients)}</th><th>${escapeHtml(texts.optional)}</th></tr>
${activities}
</table></div>
${
  record.purposes.length
    ? `<h2>${escapeHtml(texts.purposesTitle)}</h2>
<div class="table-wrap"><table class="text" id="purposes">
<tr><th>${escapeHtml(texts.purpose)}</th><th>${escapeHtml(texts.categories)}</th><th>${escapeHtml(texts.legalBasis)}</th><th>${escapeHtml(texts.retention)}</th><th>${escapeHtml(texts.recipients)}</th><th></th></tr>
${purposes}
</table></div>`
    : ''
}
<h2>${escapeHtml(texts.categories)}</h2>
${list(record.dataCategories)}
<h2>${escapeHtml(texts.subjectsTitle)}</h2>
${list(record.subjectCategories)}
<h2>${escapeHtml(texts.recipientsTitle)}</h2>
${record.recipients.length ? list(record.recipients) : `<p>${escapeHtml(texts.noRecipients)}</p>`}
<h2>${escapeHtml(texts.transfersTitle)}</h2>
<p id="transfers">${record.transfers ? escapeHtml(record.transfers) : `<span class="empty">${missing}</span>`}</p>
<h2>${escapeHtml(texts.safeguardsTitle)}</h2>
<div class="table-wrap"><table class="text" id="safeguards">
<tr><th>${escapeHtml(texts.measure)}</th><th>${escapeHtml(texts.implementedIn)}</th></tr>
${safeguards}
</table></div>`;
  return htmlDocument(record.language, title, body);
}
