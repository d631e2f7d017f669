import { ActionTypes, ActivityTypes, heroCard } from './activity-types';
import type { Activity } from './turn-context';

/** Messenger's limit for the text of a button template. */
const MESSENGER_BUTTON_TEXT = 640;

/**
 * A message with one button that opens a web page. On Messenger (`facebook`) it is Messenger's own
 * button template with a `web_url` button, sent through channelData (Azure's Facebook channel passes it
 * through as is, and its text may be up to 640 characters, unlike a generic template's 80); elsewhere a
 * hero card with an `openUrl` button (a link button in web chat and the Emulator).
 */
export function linkButtonActivity(
  channelId: string | undefined,
  text: string,
  title: string,
  url: string,
): Partial<Activity> {
  if (channelId === 'facebook') {
    const shown =
      [...text].length > MESSENGER_BUTTON_TEXT
        ? `${[...text].slice(0, MESSENGER_BUTTON_TEXT - 1).join('')}…`
        : text;
    return {
      type: ActivityTypes.Message,
      channelData: {
        attachment: {
          type: 'template',
          payload: {
            template_type: 'button',
            text: shown,
            buttons: [{ type: 'web_url', url, title, webview_height_ratio: 'full' }],
          },
        },
      },
    };
  }
  return {
    type: ActivityTypes.Message,
    attachments: [heroCard(text, [{ type: ActionTypes.OpenUrl, title, value: url }])],
  };
}
