import type { Activity } from './turn-context';

/** The stable payloads of the privacy menu. Persistent menus, quick replies and postbacks use them. */
export const PRIVACY_PAYLOADS = Object.freeze({
  menu: 'PRIVACY_MENU',
  delete: 'PRIVACY_DELETE',
  terms: 'PRIVACY_TERMS',
  export: 'PRIVACY_EXPORT',
  correct: 'PRIVACY_CORRECT',
  consents: 'PRIVACY_CONSENTS',
  center: 'PRIVACY_CENTER',
  close: 'PRIVACY_CLOSE',
  deleteConfirm: 'PRIVACY_DELETE_CONFIRM',
  deleteCancel: 'PRIVACY_DELETE_CANCEL',
});

/**
 * Text that counts as a button payload by default: upper-case words joined by `_`, e.g. `PRIVACY_MENU`
 * (a web chat button that sends its payload as text, a QA script typing it). A single word such as `OK`
 * or `NO` typed in capitals is the person's answer, not a payload.
 */
export const DEFAULT_TEXT_PAYLOAD_PATTERN = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

/** Whether trimmed message text is itself a payload; {@link DEFAULT_TEXT_PAYLOAD_PATTERN} by default. */
export type TextPayloadTest = (text: string) => boolean;

const isDefaultTextPayload: TextPayloadTest = (text) => DEFAULT_TEXT_PAYLOAD_PATTERN.test(text);

/**
 * The button payload an activity carries, if any: the one rule of the privacy layer and its metrics.
 * 1. A click carries its payload in one place, read in this order: Messenger's
 *    `channelData.postback.payload`, `channelData.message.quick_reply.payload`, a string `value`, then
 *    `value.payload` (cards, suggested actions). The first non-empty string is the payload, returned as
 *    sent, even when it is not token-shaped (a bot's own JSON payload): callers compare it to their own
 *    payloads, and metrics check it with `safeMetricToken`. Text is then never read, so what the person
 *    typed cannot stand in for the button they clicked.
 * 2. Without one, trimmed text is a payload when `isTextPayload` accepts it (default: upper-case words
 *    joined by `_`, {@link DEFAULT_TEXT_PAYLOAD_PATTERN}). Other typed text is never a payload.
 */
export function activityPayload(
  activity: Partial<Activity> | undefined,
  isTextPayload: TextPayloadTest = isDefaultTextPayload,
): string | undefined {
  if (!activity) return undefined;
  const channelData = asRecord(activity.channelData);
  const value = activity.value;
  const carried = [
    asRecord(channelData?.postback)?.payload,
    asRecord(asRecord(asRecord(channelData?.message)?.quick_reply))?.payload,
    value,
    asRecord(value)?.payload,
  ].find((candidate): candidate is string => typeof candidate === 'string' && candidate !== '');
  if (carried !== undefined) return carried;
  const text = typeof activity.text === 'string' ? activity.text.trim() : '';
  return text && isTextPayload(text) ? text : undefined;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}
