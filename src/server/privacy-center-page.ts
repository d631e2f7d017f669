import type { PrivacyCenterView } from '../core/privacy-center';
import { format } from '../i18n/localizer';
import type { PrivacyTexts } from '../i18n/texts';
import { escapeHtml } from './html-page';

/** What every Privacy Center page body needs besides its own content. */
export interface CenterPageContext {
  texts: PrivacyTexts;
  /** Locale for dates, e.g. `es`. */
  language: string;
  brandName: string;
  policyUrl?: string;
  /** `<path>/<token>`: the page's own address, without origin. */
  base: string;
  csrf: string;
  /** True on an older page of the history (`?before=`): the page links back to the newest. */
  paged?: boolean;
}

/**
 * Characters of one message shown on the page (the download has it whole): with 50 messages a page, the
 * page stays well under 200 KB whatever the history.
 */
const MAX_SHOWN_TEXT = 500;

/** The main page: what is held, the download, each consent with Withdraw, and *Delete everything*. */
export function renderCenterBody(view: PrivacyCenterView, page: CenterPageContext, notice?: string): string {
  const { texts } = page;
  const t = texts.center;
  const parts: string[] = [
    `<h1>${escapeHtml(t.title)}</h1>`,
    notice ? `<p class="notice" role="status" id="notice">${escapeHtml(notice)}</p>` : '',
  ];
  if (!view.hasData) {
    parts.push(
      `<section id="nothing"><p>${escapeHtml(format(texts.export.nothing, { brand: page.brandName }))}</p></section>`,
    );
  } else {
    parts.push(`<p>${escapeHtml(format(t.intro, { brand: page.brandName }))}</p>`);
    if (view.name) {
      parts.push(
        `<section id="profile"><dl><dt>${escapeHtml(t.nameLabel)}</dt><dd id="name">${escapeHtml(view.name)}</dd></dl></section>`,
      );
    }
  }
  if (view.consents.length > 0) {
    const rows = view.consents
      .map((consent) => {
        const action = consent.withdrawable
          ? `<form method="post" action="${escapeHtml(`${page.base}/withdraw`)}">${csrfField(page)}<input type="hidden" name="purpose" value="${escapeHtml(consent.purposeId)}"><button type="submit" class="secondary" data-purpose="${escapeHtml(consent.purposeId)}">${escapeHtml(t.withdrawButton)}</button></form>`
          : '';
        return `<tr data-purpose="${escapeHtml(consent.purposeId)}" data-state="${consent.state}"><td>${escapeHtml(consent.purpose)}</td><td>${escapeHtml(texts.consents[consent.state])}</td><td>${escapeHtml(formatDate(consent.since, page.language))}</td><td>${action}</td></tr>`;
      })
      .join('');
    parts.push(
      section(
        'consents',
        t.consentsHeading,
        `<table><thead><tr><th>${escapeHtml(t.purposeLabel)}</th><th>${escapeHtml(t.stateLabel)}</th><th>${escapeHtml(t.dateLabel)}</th><th></th></tr></thead><tbody>${rows}</tbody></table>`,
      ),
    );
  }
  if (view.history.length > 0) {
    const rows = view.history
      .map(
        (m) =>
          `<tr><td>${escapeHtml(formatTime(m.at, page.language))}</td><td>${escapeHtml(m.fromYou ? t.youLabel : page.brandName)}</td><td>${escapeHtml(shortened(m.text))}</td></tr>`,
      )
      .join('');
    // One page of messages: links to the older ones and back to the newest (the download has them all).
    const links = [
      view.olderCursor
        ? `<a id="older-link" rel="next" href="${escapeHtml(`${page.base}?before=${encodeURIComponent(view.olderCursor)}`)}">${escapeHtml(t.olderMessages)}</a>`
        : '',
      page.paged
        ? `<a id="newest-link" rel="first" href="${escapeHtml(page.base)}">${escapeHtml(t.newestMessages)}</a>`
        : '',
    ].filter(Boolean);
    const navigation =
      links.length > 0
        ? `<nav aria-label="${escapeHtml(t.historyHeading)}" class="actions">${links.join('')}</nav>`
        : '';
    parts.push(
      section(
        'history',
        t.historyHeading,
        `<table><thead><tr><th>${escapeHtml(t.timeLabel)}</th><th>${escapeHtml(t.whoLabel)}</th><th>${escapeHtml(t.messageLabel)}</th></tr></thead><tbody>${rows}</tbody></table>` +
          (links.length > 0 ? `<p>${escapeHtml(t.historyPaged)}</p>${navigation}` : ''),
      ),
    );
  }
  if (view.saved.length > 0) {
    parts.push(section('saved', t.savedHeading, definitionList(view.saved.map((e) => [e.label, e.value]))));
  }
  if (view.sensitive.length > 0) {
    const purposes = new Map(view.consents.map((c) => [c.purposeId, c.purpose]));
    parts.push(
      section(
        'sensitive',
        t.sensitiveHeading,
        definitionList(
          view.sensitive.map((s) => [
            purposes.get(s.purpose) ?? s.purpose,
            format(t.sensitiveStored, { date: formatDate(s.until, page.language) }),
          ]),
        ),
      ),
    );
  }
  parts.push(
    section(
      'download',
      t.downloadHeading,
      `<p>${escapeHtml(t.downloadExplain)}</p><a class="button" id="download-link" href="${escapeHtml(`${page.base}/my-data.json`)}" download="my-data.json">${escapeHtml(t.downloadButton)}</a>`,
    ),
  );
  if (view.hasData) {
    parts.push(
      section(
        'delete',
        t.deleteHeading,
        `<p>${escapeHtml(format(t.deleteExplain, { brand: page.brandName }))}</p><a class="button danger" id="delete-link" href="${escapeHtml(`${page.base}/delete`)}">${escapeHtml(t.deleteButton)}</a>`,
      ),
    );
  }
  parts.push(policy(page));
  return parts.filter(Boolean).join('\n');
}

/** The confirmation step of *Delete everything*. */
export function renderConfirmBody(page: CenterPageContext): string {
  const { texts } = page;
  return [
    `<h1>${escapeHtml(texts.center.confirmHeading)}</h1>`,
    `<section id="confirm"><p>${escapeHtml(format(texts.delete.explain, { brand: page.brandName }))}</p>`,
    `<div class="actions"><form method="post" action="${escapeHtml(`${page.base}/delete`)}">${csrfField(page)}<button type="submit" class="danger" id="confirm-delete">${escapeHtml(texts.center.confirmButton)}</button></form>`,
    `<a class="button secondary" id="cancel-delete" href="${escapeHtml(page.base)}">${escapeHtml(texts.center.cancelButton)}</a></div></section>`,
    policy(page),
  ].join('\n');
}

/** After *Delete everything*: the confirmation code, and that the page no longer works. */
export function renderDeletedBody(texts: PrivacyTexts, code: string): string {
  return [
    `<h1>${escapeHtml(texts.center.title)}</h1>`,
    `<section id="deleted"><p>${escapeHtml(format(texts.delete.done, { code }))}</p>`,
    `<p class="code" id="confirmation-code">${escapeHtml(code)}</p>`,
    `<p>${escapeHtml(texts.center.deletedNote)}</p></section>`,
  ].join('\n');
}

/** A refusal or error page: a heading and one sentence, nothing about the link or the person. */
export function renderMessageBody(title: string, message: string, id: string): string {
  return `<h1>${escapeHtml(title)}</h1>\n<section id="${escapeHtml(id)}"><p>${escapeHtml(message)}</p></section>`;
}

function shortened(text: string): string {
  return text.length > MAX_SHOWN_TEXT ? `${text.slice(0, MAX_SHOWN_TEXT)}…` : text;
}

function csrfField(page: CenterPageContext): string {
  return `<input type="hidden" name="csrf" value="${escapeHtml(page.csrf)}">`;
}

function section(id: string, heading: string, content: string): string {
  return `<section id="${id}"><h2>${escapeHtml(heading)}</h2>${content}</section>`;
}

function definitionList(entries: Array<[string, string]>): string {
  return `<dl>${entries.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>`;
}

function policy(page: CenterPageContext): string {
  return page.policyUrl
    ? `<p><a href="${escapeHtml(page.policyUrl)}" rel="noreferrer noopener">${escapeHtml(page.texts.center.policyLink)}</a></p>`
    : '';
}

function formatDate(iso: string, language: string): string {
  return formatWith(iso, language, 'date');
}

function formatTime(iso: string, language: string): string {
  const text = formatWith(iso, language, 'time');
  return `${text} UTC`;
}

const DATE_STYLES: Record<'date' | 'time', Intl.DateTimeFormatOptions> = {
  date: { dateStyle: 'medium', timeZone: 'UTC' },
  time: { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' },
};

/**
 * Formatters by style and language, each built once: building an Intl.DateTimeFormat costs far more than
 * formatting with it (one per message made a page of 10^5 messages take 40 s). Undefined: the language tag
 * was refused. Bounded, since the language comes with each link.
 */
const formatters = new Map<string, Intl.DateTimeFormat | undefined>();

function formatterFor(language: string, style: 'date' | 'time'): Intl.DateTimeFormat | undefined {
  const key = `${style} ${language}`;
  if (formatters.has(key)) return formatters.get(key);
  let formatter: Intl.DateTimeFormat | undefined;
  try {
    formatter = new Intl.DateTimeFormat(language, DATE_STYLES[style]);
  } catch {
    formatter = undefined; // an odd language tag: the ISO time is shown instead (see formatWith)
  }
  if (formatters.size >= 64) formatters.clear();
  formatters.set(key, formatter);
  return formatter;
}

function formatWith(iso: string, language: string, style: 'date' | 'time'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const formatter = formatterFor(language, style);
  return formatter ? formatter.format(date) : iso.slice(0, 16).replace('T', ' ');
}
