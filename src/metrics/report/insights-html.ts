import { escapeHtml } from '../../core/html-escape';
import { format } from '../../i18n/localizer';
import {
  INSIGHTS_TEXTS,
  isInsightsLanguage,
  type InsightsLanguage,
  type InsightsTexts,
} from '../../i18n/insights-texts';
import { htmlDocument } from './html-document';
import type { DailyLatency, DailySeries, InsightsReport } from './insights-report';
import type { PercentileEstimate } from './percentile';
import { barChart, legend, type BarValue, type ChartColumn } from './svg-charts';

export interface InsightsHtmlOptions {
  /** Language of the page. Default `en`. */
  language?: InsightsLanguage;
  /** Replaces the built-in texts of the language (e.g. a brand's wording). */
  texts?: InsightsTexts;
  /** Adds a sign-out button that posts to this path (the served page). */
  logoutAction?: string;
}

/** Okabe-Ito colours: told apart with the common colour-vision deficiencies. */
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#F0E442', '#000000', '#8C564B'];
const REST_COLOR = '#9AA3AF';
const FAILED_COLOR = '#D55E00';
const ERASURE_COLORS: Record<string, string> = {
  menu: '#0072B2',
  delete_user_data: '#56B4E9',
  facebook_callback: '#009E73',
  privacy_center: '#CC79A7',
};
const CONSENT_COLORS = { asked: '#9AA3AF', given: '#009E73', refused: '#E69F00', withdrawn: '#CC79A7' };
const LATENCY_COLORS = { p50: '#56B4E9', p95: '#0072B2', p99: '#000000' };

/**
 * The insights report as one self-contained HTML document: inline SVG charts, one inline stylesheet
 * allowed by hash, no script, no font or image, and a Content-Security-Policy that forbids loading
 * anything. Every value of a bar is in its `data-value` attribute and its `<title>`; every string from
 * the counters is escaped.
 */
export function renderInsightsHtml(report: InsightsReport, options: InsightsHtmlOptions = {}): string {
  const language = options.language ?? 'en';
  if (!isInsightsLanguage(language)) {
    throw new RangeError(`Unknown insights language "${String(language)}": use en, es or sv.`);
  }
  const t = options.texts ?? INSIGHTS_TEXTS[language];
  const number = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 });
  const shortDay = new Intl.DateTimeFormat(language, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const longDay = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' });
  const dayLabel = (day: string) => shortDay.format(new Date(`${day}T00:00:00Z`));
  const n = (value: number) => number.format(value);
  const days = report.days;

  const header = `<header><h1>${escapeHtml(t.title)}</h1>${
    options.logoutAction
      ? `<form class="logout" method="post" action="${escapeHtml(options.logoutAction)}"><button type="submit">${escapeHtml(t.logout)}</button></form>`
      : ''
  }</header>
<p id="period">${escapeHtml(
    days.length === 0
      ? ''
      : format(t.period, {
          from: longDay.format(new Date(`${days[0]}T00:00:00Z`)),
          to: longDay.format(new Date(`${days[days.length - 1]}T00:00:00Z`)),
          days: days.length,
        }),
  )}</p>
<p id="anonymity" class="muted">${escapeHtml(t.anonymity)}</p>`;

  const totals: Array<[string, string, number]> = [
    ['clicks', t.totalClicks, report.totals.clicks],
    ['feature-uses', t.totalFeatureUses, report.totals.featureUses],
    ['consents-given', t.totalConsentsGiven, report.totals.consentsGiven],
    ['erasures', t.totalErasures, report.totals.erasures],
    ['failed-erasures', t.totalFailedErasures, report.totals.failedErasures],
    ['turns', t.totalTurns, report.totals.turns],
  ];
  const totalsHtml = `<h2>${escapeHtml(t.totalsTitle)}</h2><ul class="totals">${totals
    .map(
      ([id, label, value]) =>
        `<li data-total="${id}" data-value="${value}">${escapeHtml(label)}<b>${escapeHtml(n(value))}</b></li>`,
    )
    .join('')}</ul>`;

  const seriesLabel = (series: DailySeries) =>
    series.kind === 'rest' ? format(t.others, { count: series.folded ?? 0 }) : series.key || t.none;
  const dailyChart = (
    id: string,
    title: string,
    series: DailySeries[],
    label: (s: DailySeries) => string,
    /** Erasure sources keep one colour each whatever the period; other series take the palette. */
    fixedColors: Record<string, string> = {},
  ) => {
    const colors = series.map((s, i) => {
      if (s.kind === 'rest') return REST_COLOR;
      if (s.kind === 'failed') return FAILED_COLOR;
      return fixedColors[s.key] ?? PALETTE[i % PALETTE.length];
    });
    const heading = `<h2 id="${id}-title">${escapeHtml(title)}</h2>`;
    if (series.every((s) => s.total === 0)) {
      return `${heading}<figure class="chart" data-chart="${id}"><p class="empty">${escapeHtml(t.nothing)}</p>${
        id === 'erasures'
          ? legend(series.map((s, i) => ({ label: label(s), color: colors[i], total: n(0) })))
          : ''
      }</figure>`;
    }
    const columns: ChartColumn[] = days.map((day, d) => ({
      key: day,
      label: dayLabel(day),
      bars: series.map((s, i) => ({
        series: s.kind === 'single' ? s.key : `_${s.kind}`,
        label: label(s),
        color: colors[i],
        value: s.values[d],
        display: n(s.values[d]),
      })),
    }));
    return `${heading}<figure class="chart" data-chart="${id}">${barChart(columns, {
      title,
      layout: 'stacked',
      formatValue: n,
    })}${legend(series.map((s, i) => ({ label: label(s), color: colors[i], total: n(s.total) })))}</figure>`;
  };

  const erasureLabel = (series: DailySeries): string => {
    if (series.kind === 'failed') return t.failed;
    const known: Record<string, string> = {
      menu: t.sourceMenu,
      delete_user_data: t.sourceDeleteUserData,
      facebook_callback: t.sourceFacebookCallback,
      privacy_center: t.sourcePrivacyCenter,
    };
    return known[series.key] ?? format(t.sourceOther, { source: series.key || t.none });
  };

  const featureTable = report.featureOutcomes.length
    ? `<div class="table-wrap"><table data-table="features"><thead><tr><th>${escapeHtml(t.feature)}</th><th>${escapeHtml(t.uses)}</th><th>${escapeHtml(t.completed)}</th><th>${escapeHtml(t.abandoned)}</th></tr></thead><tbody>${report.featureOutcomes
        .map(
          (f) =>
            `<tr><td>${escapeHtml(f.feature || t.none)}</td><td>${n(f.uses)}</td><td>${n(f.completed)}</td><td>${n(f.abandoned)}</td></tr>`,
        )
        .join('')}</tbody></table></div>`
    : '';

  const consentHtml = consentSection(report, t, n, percent);
  const latencyHtml = latencySection(report, t, n, dayLabel);

  const body = [
    header,
    totalsHtml,
    dailyChart('clicks', t.clicksTitle, report.clicks, seriesLabel),
    dailyChart('features', t.featuresTitle, report.features, seriesLabel),
    featureTable,
    consentHtml,
    dailyChart('erasures', t.erasuresTitle, report.erasures, erasureLabel, ERASURE_COLORS),
    latencyHtml,
  ].join('\n');
  return htmlDocument(language, t.title, body);
}

function consentSection(
  report: InsightsReport,
  t: InsightsTexts,
  n: (value: number) => string,
  percent: Intl.NumberFormat,
): string {
  const heading = `<h2 id="consent-title">${escapeHtml(t.consentTitle)}</h2>`;
  if (report.consent.length === 0) {
    return `${heading}<figure class="chart" data-chart="consent"><p class="empty">${escapeHtml(t.nothing)}</p></figure>`;
  }
  const decisions = [
    ['asked', t.asked],
    ['given', t.given],
    ['refused', t.refused],
    ['withdrawn', t.withdrawn],
  ] as const;
  const columns: ChartColumn[] = report.consent.map((p) => ({
    key: p.purpose,
    label: p.purpose || t.none,
    bars: decisions.map(([decision, label]) => ({
      series: decision,
      label,
      color: CONSENT_COLORS[decision],
      value: p[decision],
      display: n(p[decision]),
    })),
  }));
  const chart = barChart(columns, { title: t.consentTitle, layout: 'grouped', formatValue: n });
  const rows = report.consent
    .map(
      (p) =>
        `<tr data-purpose="${escapeHtml(p.purpose)}"><td>${escapeHtml(p.purpose || t.none)}</td><td>${n(p.asked)}</td><td>${n(p.given)}</td><td>${n(p.refused)}</td><td>${n(p.withdrawn)}</td><td data-rate="${p.givenRate ?? ''}">${p.givenRate === undefined ? '–' : escapeHtml(percent.format(p.givenRate))}</td></tr>`,
    )
    .join('');
  const table = `<div class="table-wrap"><table data-table="consent"><thead><tr><th>${escapeHtml(t.purpose)}</th>${decisions
    .map(([, label]) => `<th>${escapeHtml(label)}</th>`)
    .join('')}<th>${escapeHtml(t.givenRate)}</th></tr></thead><tbody>${rows}</tbody></table></div>`;
  return `${heading}<figure class="chart" data-chart="consent">${chart}${legend(
    decisions.map(([decision, label]) => ({
      label,
      color: CONSENT_COLORS[decision],
      total: n(report.consent.reduce((sum, p) => sum + p[decision], 0)),
    })),
  )}</figure>${table}`;
}

function latencySection(
  report: InsightsReport,
  t: InsightsTexts,
  n: (value: number) => string,
  dayLabel: (day: string) => string,
): string {
  const heading = `<h2 id="latency-title">${escapeHtml(t.latencyTitle)}</h2>`;
  if (!report.latencyRecorded) {
    return `${heading}<figure class="chart" data-chart="latency"><p class="empty">${escapeHtml(t.latencyNotRecorded)}</p></figure>`;
  }
  const percentiles = [
    ['p50', 'p50'],
    ['p95', 'p95'],
    ['p99', 'p99'],
  ] as const;
  const shown = (estimate: PercentileEstimate) =>
    estimate.atLeast ? format(t.latencyAbove, { value: n(estimate.ms) }) : n(estimate.ms);
  const columns: ChartColumn[] = report.latency.map((day: DailyLatency) => ({
    key: day.day,
    label: dayLabel(day.day),
    bars: percentiles.map(([key, label]): BarValue => {
      const estimate = day[key];
      return {
        series: key,
        label,
        color: LATENCY_COLORS[key],
        value: estimate?.ms ?? 0,
        display: estimate ? shown(estimate) : '–',
        atLeast: estimate?.atLeast,
      };
    }),
  }));
  // Estimates beyond the last bucket are only lower bounds: they do not set the scale.
  const finite = report.latency.flatMap((day) =>
    percentiles
      .map(([key]) => day[key])
      .filter((e) => e && !e.atLeast)
      .map((e) => e!.ms),
  );
  const chart = barChart(columns, {
    title: t.latencyTitle,
    layout: 'grouped',
    formatValue: n,
    axisMax: finite.length ? Math.max(...finite) : undefined,
  });
  const rows = report.latency
    .filter((day) => day.turns > 0 || day.p50)
    .map(
      (day) =>
        `<tr data-day="${escapeHtml(day.day)}"><td>${escapeHtml(dayLabel(day.day))}</td><td>${n(day.turns)}</td><td>${day.averageMs === undefined ? '–' : n(day.averageMs)}</td>${percentiles
          .map(([key]) => `<td>${day[key] ? escapeHtml(shown(day[key]!)) : '–'}</td>`)
          .join('')}</tr>`,
    )
    .join('');
  const table = `<details><summary>${escapeHtml(t.perDayTable)}</summary><div class="table-wrap"><table data-table="latency"><thead><tr><th></th><th>${escapeHtml(t.totalTurns)}</th><th>${escapeHtml(t.average)}</th>${percentiles
    .map(([, label]) => `<th>${label}</th>`)
    .join('')}</tr></thead><tbody>${rows}</tbody></table></div></details>`;
  const note = `<p class="muted">${escapeHtml(
    format(t.latencyEstimated, { buckets: report.latencyBucketsMs.map((b) => n(b)).join(', ') }),
  )}</p>`;
  return `${heading}<figure class="chart" data-chart="latency">${chart}${legend(
    percentiles.map(([key, label]) => ({ label, color: LATENCY_COLORS[key], total: '' })),
  )}</figure>${table}${note}`;
}
