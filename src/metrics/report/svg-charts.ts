import { escapeHtml } from '../../core/html-escape';

/** One bar (or one stacked segment of a bar). */
export interface BarValue {
  /** Series key, written to `data-series`. */
  series: string;
  /** What the series is called, for the bar's `<title>`. */
  label: string;
  /** Fill colour, `#rrggbb`. */
  color: string;
  value: number;
  /** The value as shown in the `<title>` (formatted for the reader's language). */
  display: string;
  /** Marks a value that is a lower bound (`data-at-least="true"`). */
  atLeast?: boolean;
}

/** One position on the x axis: a day, or a purpose. */
export interface ChartColumn {
  /** Written to `data-column`, e.g. `2026-11-02`. */
  key: string;
  /** Axis and `<title>` label. */
  label: string;
  bars: BarValue[];
}

export interface BarChartOptions {
  /** Accessible name of the chart. */
  title: string;
  /** Stacked (one bar per column, segments on top of each other) or grouped (side by side). */
  layout: 'stacked' | 'grouped';
  /** Formats axis values. */
  formatValue: (value: number) => string;
  /**
   * Top of the value axis; taller bars are cut at the top (their `data-value` and `<title>` keep the
   * real value). Default: the largest bar, rounded up.
   */
  axisMax?: number;
}

const WIDTH = 560;
const HEIGHT = 220;
const MARGIN = { top: 12, right: 8, bottom: 30, left: 52 };
const MAX_AXIS_LABELS = 8;

/**
 * A bar chart as inline SVG (no script, no external resource) that scales to its container's width.
 * Every bar with a value above zero is a `<rect class="bar">` carrying `data-series`, `data-column`
 * and `data-value`, and a `<title>` with the series, the column and the formatted value. Every string
 * is escaped.
 */
export function barChart(columns: readonly ChartColumn[], options: BarChartOptions): string {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const stacked = options.layout === 'stacked';
  const largest = Math.max(
    0,
    ...columns.map((column) =>
      stacked
        ? column.bars.reduce((sum, bar) => sum + Math.max(0, bar.value), 0)
        : Math.max(0, ...column.bars.map((bar) => bar.value)),
    ),
  );
  const top = niceCeiling(options.axisMax ?? largest);
  const y = (value: number) => MARGIN.top + plotHeight - (plotHeight * Math.min(value, top)) / top;
  const step = plotWidth / Math.max(1, columns.length);
  const barSpace = step * (columns.length > 20 ? 0.8 : 0.7);

  const parts: string[] = [];
  for (const tick of [0, top / 2, top]) {
    const ty = y(tick).toFixed(1);
    parts.push(
      `<line class="grid" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${ty}" y2="${ty}"/>`,
      `<text class="axis" x="${MARGIN.left - 6}" y="${ty}" text-anchor="end" dominant-baseline="middle">${escapeHtml(options.formatValue(tick))}</text>`,
    );
  }
  const labelEvery = Math.ceil(columns.length / MAX_AXIS_LABELS);
  columns.forEach((column, index) => {
    const x0 = MARGIN.left + index * step + (step - barSpace) / 2;
    const visible = column.bars.filter((bar) => bar.value > 0);
    let base = 0;
    visible.forEach((bar) => {
      const width = stacked ? barSpace : barSpace / Math.max(1, column.bars.length);
      const x = stacked ? x0 : x0 + column.bars.indexOf(bar) * width;
      const from = stacked ? base : 0;
      const to = from + bar.value;
      base = to;
      const title = `${bar.label} · ${column.label}: ${bar.display}`;
      parts.push(
        `<rect class="bar" x="${x.toFixed(2)}" y="${y(to).toFixed(2)}" width="${Math.max(0.5, width - (stacked ? 0 : 1)).toFixed(2)}" height="${(y(from) - y(to)).toFixed(2)}" fill="${escapeHtml(bar.color)}" data-series="${escapeHtml(bar.series)}" data-column="${escapeHtml(column.key)}" data-value="${bar.value}"${bar.atLeast ? ' data-at-least="true"' : ''}><title>${escapeHtml(title)}</title></rect>`,
      );
      if (to > top) {
        // cut at the top of the axis: an axis-break mark says the bar goes on
        const cutY = y(top) + 8;
        parts.push(
          `<path class="cut" d="M${x.toFixed(2)} ${(cutY + 3).toFixed(2)}l${(width - 1).toFixed(2)} -6" stroke="#fff" stroke-width="3" aria-hidden="true"/>`,
        );
      }
    });
    if (index % labelEvery === 0) {
      parts.push(
        `<text class="axis" x="${(MARGIN.left + index * step + step / 2).toFixed(1)}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle">${escapeHtml(column.label)}</text>`,
      );
    }
  });
  return `<svg class="chart-svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(options.title)}" preserveAspectRatio="xMidYMid meet">${parts.join('')}</svg>`;
}

/** A legend: one swatch, label and total per series. */
export function legend(items: readonly { label: string; color: string; total: string }[]): string {
  return `<ul class="legend">${items
    .map(
      (item) =>
        `<li><svg class="swatch" viewBox="0 0 10 10" aria-hidden="true"><rect width="10" height="10" fill="${escapeHtml(item.color)}"/></svg>${escapeHtml(item.label)} <b>${escapeHtml(item.total)}</b></li>`,
    )
    .join('')}</ul>`;
}

/**
 * The top of the value axis: the smallest 1, 2, 4, 6 or 8 times a power of ten at or above `value`,
 * and at least 2, so the middle grid line falls on a whole number.
 */
export function niceCeiling(value: number): number {
  if (!(value > 2)) return 2;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const factor of [1, 2, 4, 6, 8, 10]) if (factor * power >= value) return factor * power;
  return 10 * power;
}
