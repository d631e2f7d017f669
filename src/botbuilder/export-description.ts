import type { SubjectDataExport } from '../core/data-export';
import { format } from '../i18n/localizer';
import type { PrivacyTexts } from '../i18n/texts';
import type { PrivacyProfile } from './privacy-profile';

const MAX_LINES = 60;
const MAX_VALUE = 200;

/** A readable text of a data export: one `path: value` line per stored value, capped in length. */
export function describeExport(
  data: SubjectDataExport,
  profile: PrivacyProfile,
  texts: PrivacyTexts,
  brandName: string,
): { text: string; hasData: boolean } {
  const lines: string[] = [];
  for (const section of data.sections) {
    const sectionLines: string[] = [];
    flatten(section.data, '', sectionLines);
    if (sectionLines.length > 0) lines.push('', `${section.label}:`, ...sectionLines);
  }
  const hasData = data.sections.length > 0 || Boolean(profile.firstName);
  if (!hasData) return { text: format(texts.export.nothing, { brand: brandName }), hasData };
  const head = [format(texts.export.intro, { brand: brandName })];
  if (profile.firstName)
    head.push(
      format(texts.export.name, { name: [profile.firstName, profile.lastName].filter(Boolean).join(' ') }),
    );
  const shown = lines.slice(0, MAX_LINES);
  if (lines.length > MAX_LINES) shown.push(format(texts.export.more, { count: lines.length - MAX_LINES }));
  return { text: [...head, ...shown].join('\n'), hasData };
}

/** Bookkeeping of dialogs (stacks, prompt options): in the JSON file, but not worth a person's reading. */
const TECHNICAL_KEY = /dialogstate$|^dialogstack$/i;

function flatten(value: unknown, path: string, out: string[]): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => flatten(item, `${path}[${i + 1}]`, out));
  } else if (typeof value === 'object') {
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      if (!TECHNICAL_KEY.test(key)) flatten(child, path ? `${path}.${key}` : key, out);
    }
  } else {
    const text = String(value);
    out.push(`• ${path || 'value'}: ${text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}…` : text}`);
  }
}
