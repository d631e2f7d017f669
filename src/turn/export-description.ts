import type { PagedDataSection, SubjectDataExport } from '../core/data-export';
import type { PrivacyCenterView, ReadableEntry, ReadableMessage } from '../core/privacy-center';
import { format } from '../i18n/localizer';
import type { PrivacyTexts } from '../i18n/texts';
import { labelStoredValue, LIBRARY_STATE_PROPERTIES, type StatePath } from './library-state';
import type { PrivacyProfile } from './privacy-profile';

const MAX_LINES = 60;
const MAX_VALUE = 200;

/** What *My data* says about one long section (a conversation's history): counted, never held whole. */
export interface HistorySummary {
  readonly label: string;
  readonly count: number;
  /** ISO 8601 times of its first and last item, when they have one. */
  readonly first?: string;
  readonly last?: string;
}

/** Counts a paged section's items and notes the first and last time, reading one page at a time. */
export async function summarizeHistory(section: PagedDataSection): Promise<HistorySummary> {
  let count = 0;
  let first: string | undefined;
  let last: string | undefined;
  for await (const page of section.pages()) {
    for (const item of page) {
      const time = (item as { timestamp?: unknown } | null)?.timestamp;
      if (typeof time === 'string') {
        first ??= time;
        last = time;
      }
    }
    count += page.length;
  }
  return { label: section.label, count, first, last };
}

/**
 * A readable text of a data export: one `path: value` line per stored value, capped in length, and one
 * line per long history (its count and dates: see {@link summarizeHistory}).
 */
export function describeExport(
  data: SubjectDataExport,
  profile: PrivacyProfile,
  texts: PrivacyTexts,
  brandName: string,
  histories: readonly HistorySummary[] = [],
): { text: string; hasData: boolean } {
  const lines: string[] = [];
  for (const section of data.sections) {
    const sectionLines = flatten(section.data).map(
      ({ path, value }) => `• ${jsonPath(path) || 'value'}: ${value}`,
    );
    if (sectionLines.length === 0) continue;
    lines.push('', `${section.label}:`);
    // One at a time: a long history has far more lines than a call may take arguments (RangeError).
    for (const line of sectionLines) lines.push(line);
  }
  for (const { label, count, first, last } of histories) {
    const summary = format(texts.export.historySummary, {
      count,
      first: first?.slice(0, 10) ?? '',
      last: last?.slice(0, 10) ?? '',
    });
    lines.push('', `${label}:`, `• ${summary}`);
  }
  const hasData = data.sections.length > 0 || histories.length > 0 || Boolean(profile.firstName);
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

/**
 * Bookkeeping of dialogs (stacks, prompt options) and sealed envelopes (the PII shield's values, which
 * nobody can read without the key): in the JSON file, but not worth a person's reading.
 */
const TECHNICAL_KEY = /dialogstate$|^dialogstack$|^sealedValues$/i;

/** Every stored value under `value` with its path, skipping dialog bookkeeping. */
function flatten(value: unknown, path: StatePath = [], out: Array<{ path: StatePath; value: string }> = []) {
  if (value === null || value === undefined) return out;
  if (Array.isArray(value)) {
    value.forEach((item, i) => flatten(item, [...path, i], out));
  } else if (typeof value === 'object') {
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      if (!TECHNICAL_KEY.test(key)) flatten(child, [...path, key], out);
    }
  } else {
    const text = String(value);
    out.push({ path, value: text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}…` : text });
  }
  return out;
}

/** `['a', 'b', 1]` -> `a.b[2]`: the path as the JSON file has it (positions from 1). */
function jsonPath(path: StatePath): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part + 1}]` : i === 0 ? part : `.${part}`))
    .join('');
}

/** The person's profile as the privacy layer keeps it in user state (read back from an export). */
export function profileOfExport(data: SubjectDataExport): PrivacyProfile {
  for (const section of data.sections) {
    const profile = (section.data as Record<string, unknown> | null)?.[LIBRARY_STATE_PROPERTIES.profile];
    if (section.kind === 'state' && profile && typeof profile === 'object') return profile as PrivacyProfile;
  }
  return {};
}

/**
 * The same content as {@link describeExport}, structured for a page in the person's language (`texts`):
 * the chat history as messages, stored state as readable labels (`Tu perfil › Nombre`, not JSON paths;
 * see {@link labelStoredValue}), sensitive values kept. `purposes` (purpose id -> the brand's description)
 * names the purposes of declined consents. Consents are listed by the consent logic, with their purposes'
 * descriptions.
 */
export function readableExport(
  data: SubjectDataExport,
  texts: PrivacyTexts,
  purposes: ReadonlyMap<string, string> = new Map(),
): Omit<PrivacyCenterView, 'consents'> {
  const profile = profileOfExport(data);
  const history: ReadableMessage[] = [];
  const saved: ReadableEntry[] = [];
  const sensitive: Array<{ purpose: string; until: string }> = [];
  for (const section of data.sections) {
    if (section.kind === 'transcript' && Array.isArray(section.data)) {
      for (const message of section.data as Array<{ timestamp?: unknown; from?: unknown; text?: unknown }>) {
        if (typeof message?.text !== 'string' || typeof message.timestamp !== 'string') continue;
        history.push({ at: message.timestamp, fromYou: message.from === 'user', text: message.text });
      }
    } else if (section.kind === 'sensitive') {
      const value = section.data as { purpose?: unknown; expires?: unknown };
      if (typeof value?.purpose === 'string' && typeof value.expires === 'string')
        sensitive.push({ purpose: value.purpose, until: value.expires });
    } else if (section.kind !== 'consent') {
      for (const { path, value } of flatten(section.data))
        saved.push(labelStoredValue(path, value, texts, purposes));
    }
  }
  history.sort((a, b) => a.at.localeCompare(b.at));
  const name = [profile.firstName, profile.lastName].filter(Boolean).join(' ') || undefined;
  return {
    name,
    history,
    saved,
    sensitive,
    hasData: data.sections.length > 0 || Boolean(name),
  };
}
