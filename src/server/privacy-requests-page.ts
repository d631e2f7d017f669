import { escapeHtml } from '../core/html-escape';
import { isOverdue, type PrivacyRequest } from '../core/requests/privacy-request';
import type { OperatorRequestsTexts } from '../i18n/operator-requests-texts';

/** The audit log's verify result, as an audit verifier reports it. */
export interface AuditCheckResult {
  /** True when the whole log verifies. */
  readonly ok: boolean;
  /** What broke, when it did (an entry id, no personal data). */
  readonly detail?: string;
  /** Whatever else the verifier reports (counts, checked range); not shown. */
  readonly [more: string]: unknown;
}

/** What the audit section shows: a result, a failure to check, or nothing (no verifier given). */
export type AuditSection = { verification: AuditCheckResult } | { unavailable: true } | undefined;

interface PageParts {
  title: string;
  body: string;
}

const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);

const time = (iso: string | undefined) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '');

function logoutForm(action: string | undefined, texts: OperatorRequestsTexts): string {
  return action
    ? `<form method="post" action="${escapeHtml(action)}"><button type="submit" class="secondary">${escapeHtml(texts.logout)}</button></form>`
    : '';
}

function auditHtml(audit: AuditSection, texts: OperatorRequestsTexts): string {
  if (!audit) return '';
  const text =
    'unavailable' in audit
      ? texts.auditUnavailable
      : audit.verification.ok
        ? texts.auditOk
        : fill(texts.auditBroken, { detail: String(audit.verification.detail ?? '') });
  const state = 'unavailable' in audit ? 'unavailable' : audit.verification.ok ? 'ok' : 'broken';
  return `<section id="audit" data-audit="${state}"><h2>${escapeHtml(texts.auditTitle)}</h2><p>${escapeHtml(text)}</p></section>`;
}

/** The list of requests, overdue first (the caller orders them). */
export function requestListPage(
  requests: readonly PrivacyRequest[],
  texts: OperatorRequestsTexts,
  options: { basePath: string; now: Date; audit: AuditSection; logoutAction?: string },
): PageParts {
  // One card per request (a table of six columns does not fit a phone; the shell allows no extra CSS).
  const cards = requests
    .map((r) => {
      const overdue = isOverdue(r, options.now);
      const field = (label: string, value: string) => `<dt>${escapeHtml(label)}</dt><dd>${value}</dd>`;
      return `<section class="request" data-state="${r.state}"${overdue ? ' data-overdue="true"' : ''}>
<h2><a href="${escapeHtml(`${options.basePath}/${r.id}`)}">${escapeHtml(r.id)}</a></h2>
<dl>${field(texts.kind, escapeHtml(texts.kinds[r.kind]))}${field(texts.state, escapeHtml(texts.states[r.state]))}${field(texts.received, escapeHtml(time(r.receivedAt)))}${field(
        texts.due,
        `${escapeHtml(time(r.dueAt))}${overdue ? ` <strong class="overdue">${escapeHtml(texts.overdue)}</strong>` : ''}`,
      )}${field(texts.progress, `${r.done} / ${r.subjectDigests.length || r.requested}`)}</dl>
</section>`;
    })
    .join('\n');
  const table = requests.length
    ? `<div id="requests">\n${cards}\n</div>`
    : `<p>${escapeHtml(texts.empty)}</p>`;
  return {
    title: texts.title,
    body: `<h1>${escapeHtml(texts.title)}</h1>
<p>${escapeHtml(texts.intro)}</p>
${auditHtml(options.audit, texts)}
${table}
<div class="actions">${logoutForm(options.logoutAction, texts)}</div>`,
  };
}

/** One request: its dates, state, reasons, counts, and the download of its result. */
export function requestDetailPage(
  request: PrivacyRequest,
  texts: OperatorRequestsTexts,
  options: { basePath: string; now: Date; note?: string; logoutAction?: string },
): PageParts {
  const row = (label: string, value: string, id?: string) =>
    `<dt>${escapeHtml(label)}</dt><dd${id ? ` id="${id}"` : ''}>${value}</dd>`;
  const overdue = isOverdue(request, options.now);
  const summary = request.summary;
  const rows = [
    row(texts.kind, escapeHtml(texts.kinds[request.kind])),
    row(texts.state, escapeHtml(texts.states[request.state]), 'state'),
    row(texts.received, escapeHtml(time(request.receivedAt))),
    row(
      texts.due,
      `${escapeHtml(time(request.dueAt))}${overdue ? ` <strong>${escapeHtml(texts.overdue)}</strong>` : ''}`,
      'due',
    ),
    ...request.extensions.map((e) =>
      row(texts.extensions, `${escapeHtml(time(e.dueAt))}: ${escapeHtml(e.reason)}`),
    ),
    row(texts.verification, escapeHtml(texts.verifications[request.verify])),
    ...(request.confirmationExpiresAt && request.state === 'awaiting_confirmation'
      ? [row(texts.confirmationExpires, escapeHtml(time(request.confirmationExpiresAt)))]
      : []),
    row(texts.requested, String(request.requested)),
    row(texts.progress, `${request.done} / ${request.subjectDigests.length || request.requested}`, 'done'),
    ...(request.completedAt ? [row(texts.completed, escapeHtml(time(request.completedAt)))] : []),
    ...(request.refusalReason ? [row(texts.refusalReason, escapeHtml(request.refusalReason))] : []),
    ...(request.failureReason ? [row(texts.failureReason, escapeHtml(request.failureReason))] : []),
    ...(summary?.itemsRemoved !== undefined ? [row(texts.itemsRemoved, String(summary.itemsRemoved))] : []),
    ...(summary?.verified !== undefined
      ? [row(texts.verified, escapeHtml(summary.verified ? texts.yes : texts.no))]
      : []),
    ...(summary?.notLinked ? [row(texts.notLinked, String(summary.notLinked))] : []),
    ...(options.note !== undefined ? [row(texts.note, escapeHtml(options.note))] : []),
  ];
  const result = !request.result
    ? escapeHtml(request.completedAt ? texts.resultGone : texts.resultPending)
    : request.result.downloadedAt
      ? escapeHtml(texts.resultDownloaded)
      : request.result.expiresAt < options.now.toISOString()
        ? escapeHtml(texts.resultGone)
        : `<a class="button" id="download" href="${escapeHtml(`${options.basePath}/${request.id}/result`)}" download>${escapeHtml(fill(texts.download, { date: time(request.result.expiresAt) }))}</a>`;
  const digests = request.subjectDigests.length
    ? `<section><h2>${escapeHtml(texts.subjects)}</h2><p>${request.subjectDigests
        .slice(0, 100)
        .map((d) => `<code>${escapeHtml(d)}</code>`)
        .join(' ')}${request.subjectDigests.length > 100 ? ' …' : ''}</p></section>`
    : '';
  const title = fill(texts.detailTitle, { id: request.id });
  return {
    title,
    body: `<p><a href="${escapeHtml(options.basePath)}">${escapeHtml(texts.backToList)}</a></p>
<h1>${escapeHtml(title)}</h1>
<section><dl>${rows.join('\n')}</dl></section>
<section id="result"><h2>${escapeHtml(texts.result)}</h2><p>${result}</p></section>
${digests}
<div class="actions">${logoutForm(options.logoutAction, texts)}</div>`,
  };
}

/** The sign-in form: one password field for the operator token, as on the insights page. */
export function requestLoginPage(
  texts: OperatorRequestsTexts,
  action: string,
  returnTo: string,
  problem?: 'failed' | 'throttled',
): PageParts {
  return {
    title: texts.loginTitle,
    body: `<h1>${escapeHtml(texts.loginTitle)}</h1>
<p>${escapeHtml(texts.loginIntro)}</p>
${problem ? `<p class="notice" role="alert" id="login-error">${escapeHtml(problem === 'failed' ? texts.loginFailed : texts.loginThrottled)}</p>` : ''}
<section><form class="login" method="post" action="${escapeHtml(action)}">
<p><label for="token">${escapeHtml(texts.tokenLabel)}</label><br>
<input id="token" name="token" type="password" autocomplete="current-password" required></p>
<input type="hidden" name="returnTo" value="${escapeHtml(returnTo)}">
<button type="submit">${escapeHtml(texts.loginButton)}</button>
</form></section>`,
  };
}
