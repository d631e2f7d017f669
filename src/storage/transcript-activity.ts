import type { LoggedActivity, TranscriptActivity } from './transcript-store';

/** Default cap on one stored transcript entry, in bytes of JSON. */
export const DEFAULT_MAX_ENTRY_BYTES = 8 * 1024;

/** Longest text kept of one activity (longer text is cut and ends with `…`). */
const MAX_TEXT_CHARS = 4000;
const MAX_LABEL_CHARS = 100;
const MAX_ACTIONS = 20;
/** Longer activity ids are not kept (no channel sends them; the entry then cannot be corrected). */
const MAX_ID_CHARS = 200;
const MAX_ATTACHMENTS = 10;
const TRUNCATED = '…';
/** `,"text":` around the text's own JSON. */
const TEXT_FIELD_BYTES = 8;

/**
 * What a transcript keeps of an activity: what the person's *My data* export and a history viewer need,
 * and nothing else. Kept: id (to find it for a later correction), type, text (cut to 4000 characters), timestamp, channel, conversation (id and
 * kind), sender and recipient (id and role, no names), the titles of suggested actions, and the content
 * type and name of attachments. Dropped: `value`, `channelData`, `entities`, attachment contents and
 * URLs, action payloads, names, locale and local time: blobs a client can fill with anything, which
 * the export does not show.
 *
 * The JSON of the result is at most `maxBytes`: the text is cut further when needed; an activity whose
 * ids alone exceed the cap is not kept at all (undefined).
 */
export function trimForTranscript(
  activity: LoggedActivity,
  maxBytes: number,
): TranscriptActivity | undefined {
  return trimForTranscriptJson(activity, maxBytes)?.activity;
}

/**
 * {@link trimForTranscript}, with the JSON of the result: an activity that fits (nearly all) is
 * serialised once, and the caller stores that JSON rather than serialising the activity again.
 */
export function trimForTranscriptJson(
  activity: LoggedActivity,
  maxBytes: number,
): { activity: TranscriptActivity; json: string } | undefined {
  // Built field by field (no spreads: this runs for every activity of every turn), in the JSON order
  // the stores have always written.
  const fields: Record<string, unknown> = {};
  if (typeof activity.id === 'string' && activity.id.length > 0 && activity.id.length <= MAX_ID_CHARS) {
    fields.id = activity.id;
  }
  fields.type = activity.type;
  fields.timestamp = dateOf(activity.timestamp);
  fields.channelId = activity.channelId;
  fields.conversation = pick(activity.conversation, CONVERSATION_FIELDS);
  fields.from = pick(activity.from, PARTY_FIELDS);
  fields.recipient = pick(activity.recipient, PARTY_FIELDS);
  const trimmed = fields as unknown as TranscriptActivity;
  const titles = actionTitles(activity.suggestedActions?.actions);
  if (titles.length > 0) {
    // Titles only: action values are payloads the export does not show.
    trimmed.suggestedActions = { actions: titles.map((title) => ({ title })) };
  }
  const attachments = (Array.isArray(activity.attachments) ? activity.attachments : [])
    .slice(0, MAX_ATTACHMENTS)
    .filter((attachment) => attachment && typeof attachment.contentType === 'string')
    .map((attachment) => ({
      contentType: cut(attachment.contentType, MAX_LABEL_CHARS),
      ...(typeof attachment.name === 'string' ? { name: cut(attachment.name, MAX_LABEL_CHARS) } : {}),
    }));
  if (attachments.length > 0) trimmed.attachments = attachments;

  if (typeof activity.text === 'string') {
    // The common case: everything fits at once. `text` goes last, so the sizes below add up.
    trimmed.text = cut(activity.text, MAX_TEXT_CHARS);
    const json = JSON.stringify(trimmed);
    // At most 3 bytes per UTF-16 unit: short JSON needs no byte count.
    if (json.length * 3 <= maxBytes || Buffer.byteLength(json) <= maxBytes)
      return { activity: trimmed, json };
    (trimmed as Partial<TranscriptActivity>).text = undefined; // measured without it below (undefined is left out of JSON)
  }
  const baseJson = JSON.stringify(trimmed);
  const baseBytes = Buffer.byteLength(baseJson);
  if (baseBytes > maxBytes) return undefined;
  if (typeof activity.text !== 'string') return { activity: trimmed, json: baseJson };
  let text = cut(activity.text, MAX_TEXT_CHARS);
  while (text.length > 0 && baseBytes + TEXT_FIELD_BYTES + byteLength(text) > maxBytes) {
    text = cut(text, Math.floor(text.length / 2));
  }
  trimmed.text = text;
  return { activity: trimmed, json: JSON.stringify(trimmed) };
}

const CONVERSATION_FIELDS = ['id', 'isGroup', 'conversationType'] as const;
const PARTY_FIELDS = ['id', 'role'] as const;

function actionTitles(actions: ReadonlyArray<{ title?: unknown }> | undefined): string[] {
  if (!Array.isArray(actions)) return [];
  return actions
    .slice(0, MAX_ACTIONS)
    .map((action) => action?.title)
    .filter((title): title is string => typeof title === 'string' && title.length > 0)
    .map((title) => cut(title, MAX_LABEL_CHARS));
}

/** A date as given, or parsed from the ISO string the Agents SDK may carry; undefined when not a valid time. */
function dateOf(time: Date | string | undefined): Date | undefined {
  const date = typeof time === 'string' ? new Date(time) : time;
  return date instanceof Date && !Number.isNaN(date.getTime()) ? date : undefined;
}

/** The listed string/boolean fields of an object, or undefined. */
function pick<T extends object>(value: T | undefined, fields: ReadonlyArray<keyof T>): T | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const picked: Partial<T> = {};
  for (const field of fields) {
    const fieldValue = value[field];
    if (typeof fieldValue === 'string' || typeof fieldValue === 'boolean') picked[field] = fieldValue;
  }
  return picked as T;
}

/** `text` cut to `max` characters (code points, so no half surrogate pair), with `…` when cut. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const points = Array.from(text);
  if (points.length <= max) return text;
  return max <= 0 ? '' : points.slice(0, max - 1).join('') + TRUNCATED;
}

function byteLength(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}
