import type { LoggedActivity, TranscriptActivity } from './transcript-store';
import type { DataSubject } from '../core/subject';
import { currentSubjectScope } from '../core/subject-scope';
import { DEFAULT_MAX_ENTRY_BYTES, trimForTranscriptJson } from './transcript-activity';

/** One logged activity as the transcript stores keep it. */
export interface TranscriptEntry {
  /** When it was logged (ms since epoch, bot clock): the order of a transcript, whatever the channels' clocks. */
  readonly at: number;
  /** Logging order within this process: orders entries logged in the same millisecond. */
  readonly seq: number;
  readonly activity: TranscriptActivity;
}

let sequence = 0;

/**
 * A new entry for an activity logged now (`at` from the given clock), trimmed to what a transcript keeps
 * (see {@link trimForTranscript}); undefined when even its ids exceed `maxBytes`.
 */
export function newEntry(
  activity: LoggedActivity,
  at: number,
  maxBytes = DEFAULT_MAX_ENTRY_BYTES,
): TranscriptEntry | undefined {
  const trimmed = trimForTranscriptJson(activity, maxBytes);
  if (!trimmed) return undefined;
  sequence = sequence >= Number.MAX_SAFE_INTEGER ? 0 : sequence + 1;
  const entry = { at, seq: sequence, activity: trimmed.activity };
  // What JSON.stringify(entry) gives, from the activity's JSON made while trimming it.
  encoded.set(entry, `{"at":${JSON.stringify(at)},"seq":${sequence},"activity":${trimmed.json}}`);
  return entry;
}

/** The stored form of entries made by {@link newEntry}, so encodeEntry does not serialise them again. */
const encoded = new WeakMap<TranscriptEntry, string>();

/** A logged `messageUpdate` or `messageDelete`: which kept entry it corrects, by its activity id. */
export interface TranscriptCorrection {
  readonly kind: 'update' | 'delete';
  /** The corrected activity's id; empty when the correction names none (then nothing is corrected). */
  readonly id: string;
}

/** The correction an activity is, or undefined for an activity to append. */
export function correctionOf(activity: LoggedActivity | null | undefined): TranscriptCorrection | undefined {
  const type = activity?.type;
  if (type !== 'messageUpdate' && type !== 'messageDelete') return undefined;
  const id = typeof activity?.id === 'string' ? activity.id : '';
  return { kind: type === 'messageUpdate' ? 'update' : 'delete', id };
}

/** What applying a correction to a stored list does: `stored` (the entry as stored) is replaced or removed. */
export interface CorrectedEntry {
  /** The corrected entry exactly as stored. */
  readonly stored: string;
  /** What replaces it; undefined: it is removed. */
  readonly replacement?: string;
}

/**
 * Finds the entry of a stored list that `correction` names (the newest one with that id) and says what
 * becomes of it: a `messageDelete` removes it; a `messageUpdate` replaces its text, buttons and
 * attachments with the update's, keeping its place, time, sender and type (so the export shows the
 * corrected message where the original was). Undefined when no kept entry has that id.
 */
export function correctEntry(
  list: readonly string[],
  correction: TranscriptCorrection,
  update: LoggedActivity,
  maxBytes = DEFAULT_MAX_ENTRY_BYTES,
): CorrectedEntry | undefined {
  if (!correction.id) return undefined;
  const needle = `"id":${JSON.stringify(correction.id)}`;
  for (let i = list.length - 1; i >= 0; i--) {
    // A cheap look first: only entries that may carry the id are decoded.
    if (!list[i].includes(needle)) continue;
    const entry = decodeEntry(list[i]);
    if (entry?.activity.id !== correction.id) continue;
    if (correction.kind === 'delete') return { stored: list[i] };
    const { text, suggestedActions, attachments } = update;
    const corrected = trimForTranscriptJson(
      { ...entry.activity, text, suggestedActions, attachments },
      maxBytes,
    );
    return {
      stored: list[i],
      replacement: corrected
        ? `{"at":${JSON.stringify(entry.at)},"seq":${entry.seq},"activity":${corrected.json}}`
        : undefined,
    };
  }
  return undefined;
}

/** Log order: by log time, then by logging order within the process. */
export function compareEntries(a: TranscriptEntry, b: TranscriptEntry): number {
  return a.at - b.at || a.seq - b.seq;
}

/** Whose transcript an activity goes to, and in which conversation. */
export interface TranscriptTarget {
  readonly subject: DataSubject;
  readonly conversationId: string;
}

/**
 * The data subject an activity belongs to: the user who sent it, or the user a bot message went to.
 * Inside a turn's subject scope the side whose id is the turn's user wins; otherwise roles decide (an
 * activity from a `bot`/`skill`, or to a `user`, belongs to its recipient; anything else to its sender).
 * Undefined when the activity lacks a channel, a conversation or the chosen side's id: it is not logged.
 */
export function transcriptTargetOf(
  activity: LoggedActivity | null | undefined,
): TranscriptTarget | undefined {
  if (!activity || typeof activity !== 'object') return undefined;
  const { channelId, conversation, from, recipient } = activity;
  if (!isNonEmptyString(channelId) || !isNonEmptyString(conversation?.id)) return undefined;
  const scope = currentSubjectScope();
  let userId: unknown;
  if (
    scope &&
    scope.subject.channelId === channelId &&
    [from?.id, recipient?.id].includes(scope.subject.userId)
  ) {
    userId = scope.subject.userId;
  } else {
    const toRecipient = from?.role === 'bot' || from?.role === 'skill' || recipient?.role === 'user';
    userId = toRecipient ? recipient?.id : from?.id;
  }
  if (!isNonEmptyString(userId)) return undefined;
  return { subject: { channelId, userId }, conversationId: conversation.id };
}

/** The entry as stored; a TypeError without the activity's content when it cannot be JSON. */
export function encodeEntry(entry: TranscriptEntry): string {
  const known = encoded.get(entry);
  if (known !== undefined) return known;
  try {
    return JSON.stringify(entry);
  } catch {
    // JSON.stringify's own message names the activity's properties: a fixed message instead.
    throw new TypeError('Transcript: the activity cannot be stored as JSON (circular or BigInt values).');
  }
}

/** A stored entry with its dates revived; undefined for anything that is not one. */
export function decodeEntry(json: string): TranscriptEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    // Not JSON: not an entry (skipped by the readers), never a crash.
    return undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  const { at, seq, activity } = value as { at?: unknown; seq?: unknown; activity?: unknown };
  if (typeof at !== 'number' || !activity || typeof activity !== 'object') return undefined;
  const revived = activity as Omit<TranscriptActivity, 'timestamp'> & {
    timestamp?: unknown;
    localTimestamp?: unknown;
  };
  if (!isNonEmptyString(revived.conversation?.id)) return undefined;
  if (typeof revived.timestamp === 'string') revived.timestamp = new Date(revived.timestamp);
  if (typeof revived.localTimestamp === 'string') revived.localTimestamp = new Date(revived.localTimestamp);
  return { at, seq: typeof seq === 'number' ? seq : 0, activity: revived as TranscriptActivity };
}

/** The readable entries of stored ones, in order (unreadable ones are skipped, as by {@link decodeEntry}). */
export function decodeEntries(jsons: readonly string[]): TranscriptEntry[] {
  return jsons.map(decodeEntry).filter((entry): entry is TranscriptEntry => entry !== undefined);
}

/** The activity's own time when it has a valid one, else the time it was logged. */
export function entryTime(entry: TranscriptEntry): number {
  const time = entry.activity.timestamp instanceof Date ? entry.activity.timestamp.getTime() : NaN;
  return Number.isNaN(time) ? entry.at : time;
}

/** One message of a transcript in a data export: no ids, only who said what and when. */
export interface ExportedMessage {
  readonly timestamp: string;
  readonly from: 'user' | 'bot';
  readonly text: string;
  /** Titles of the buttons offered with it, if any. */
  readonly buttons?: string[];
  /** Kind and name of what was attached, if anything. */
  readonly attachments?: Array<{ contentType: string; name?: string }>;
}

/** True for an entry the export keeps: a message with text or attachments. */
export function isExportedMessage({ activity }: TranscriptEntry): boolean {
  return (
    activity.type === 'message' &&
    (isNonEmptyString(activity.text) || (activity.attachments?.length ?? 0) > 0)
  );
}

/** An entry as the export shows it to `subject`: who said what and when, no ids. */
export function exportedMessage(subject: DataSubject, entry: TranscriptEntry): ExportedMessage {
  const { activity } = entry;
  const buttons = (activity.suggestedActions?.actions ?? []).map((action) => action.title);
  const attachments = (activity.attachments ?? []).map(({ contentType, name }) =>
    name === undefined ? { contentType } : { contentType, name },
  );
  return {
    timestamp: new Date(entryTime(entry)).toISOString(),
    from: activity.from?.id === subject.userId ? 'user' : 'bot',
    text: activity.text ?? '',
    ...(buttons.length > 0 ? { buttons } : {}),
    ...(attachments.length > 0 ? { attachments } : {}),
  };
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}
