import type { MetricCounterRow } from './counter-layout';

/**
 * The brand's report as plain-text tables, one column per day plus a total:
 * clicks per button (payload), use per feature (dialog id and stage) and every other event, with the
 * average turn latency. Rows are sorted by total, largest first.
 */
export function formatMetricsReport(rows: readonly MetricCounterRow[], days: readonly string[]): string {
  const clicks = new Map<string, Map<string, number>>();
  const features = new Map<string, Map<string, number>>();
  const others = new Map<string, Map<string, number>>();
  const latency = new Map<string, { count: number; sum: number }>();
  for (const row of rows) {
    if (row.event === 'click') add(clicks, row.dimension || '(no payload)', row.day, row.count);
    else if (row.event.startsWith('feature.')) {
      add(
        features,
        `${row.dimension || '(no id)'} ${row.event.slice('feature.'.length)}`,
        row.day,
        row.count,
      );
    } else add(others, row.dimension ? `${row.event} ${row.dimension}` : row.event, row.day, row.count);
    if (row.event === 'turn') {
      const cell = latency.get(row.day) ?? { count: 0, sum: 0 };
      cell.count += row.count;
      cell.sum += row.sum;
      latency.set(row.day, cell);
    }
  }
  const sections = [
    table('Clicks per button', 'payload', clicks, days),
    table('Use per feature', 'feature stage', features, days),
    table('Other events', 'event', others, days),
  ];
  if (latency.size > 0) sections.push(latencyLine(latency, days));
  return `${sections.join('\n\n')}\n`;
}

function add(target: Map<string, Map<string, number>>, label: string, day: string, count: number): void {
  const row = target.get(label) ?? new Map<string, number>();
  row.set(day, (row.get(day) ?? 0) + count);
  target.set(label, row);
}

function table(
  title: string,
  header: string,
  data: Map<string, Map<string, number>>,
  days: readonly string[],
): string {
  if (data.size === 0) return `${title}\n  (none)`;
  const total = (row: Map<string, number>) => [...row.values()].reduce((a, b) => a + b, 0);
  const sorted = [...data].sort((a, b) => total(b[1]) - total(a[1]) || a[0].localeCompare(b[0]));
  const lines = [
    [header, ...days, 'total'],
    ...sorted.map(([label, row]) => [label, ...days.map((d) => String(row.get(d) ?? 0)), String(total(row))]),
  ];
  const widths = lines[0].map((_, col) => Math.max(...lines.map((line) => line[col].length)));
  const render = (line: string[]) =>
    '  ' +
    line.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]) : cell.padStart(widths[col]))).join('  ');
  return [title, render(lines[0]), ...lines.slice(1).map(render)].join('\n');
}

function latencyLine(latency: Map<string, { count: number; sum: number }>, days: readonly string[]): string {
  const parts = days.map((day) => {
    const cell = latency.get(day);
    return `${day} ${cell && cell.count > 0 ? (cell.sum / cell.count).toFixed(1) : '-'}`;
  });
  return `Average turn latency (ms)\n  ${parts.join('  ')}`;
}
