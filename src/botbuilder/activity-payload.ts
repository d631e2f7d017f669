import type { Activity } from 'botbuilder-core';

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

const PAYLOAD_TOKEN = /^[A-Z][A-Z0-9_]{1,63}$/;

interface MessengerChannelData {
  postback?: { payload?: unknown };
  message?: { quick_reply?: { payload?: unknown } };
}

/**
 * The button payload an activity carries, if any: a Messenger postback or quick reply (in channelData),
 * a card or suggested-action value, or a text that is itself a payload token such as `PRIVACY_MENU`.
 */
export function activityPayload(activity: Partial<Activity> | undefined): string | undefined {
  if (!activity) return undefined;
  const channelData = (activity.channelData ?? {}) as MessengerChannelData;
  const candidates: unknown[] = [
    channelData.postback?.payload,
    channelData.message?.quick_reply?.payload,
    typeof activity.value === 'string'
      ? activity.value
      : (activity.value as { payload?: unknown } | undefined)?.payload,
    typeof activity.text === 'string' ? activity.text.trim() : undefined,
  ];
  for (const candidate of candidates) {
    if (typeof candidate === 'string' && PAYLOAD_TOKEN.test(candidate)) return candidate;
  }
  return undefined;
}
