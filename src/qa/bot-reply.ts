import type { Activity } from 'botbuilder';

/** What a test sees of one message from the bot. */
export interface BotReply {
  readonly text: string;
  /** Titles of suggested actions, card buttons and Messenger quick replies/buttons, in order. */
  readonly buttons: readonly string[];
  /** Values/payloads of the same buttons (a BUTTONS asserter matches a title or a payload). */
  readonly buttonValues: readonly string[];
}

type Json = Record<string, unknown>;

/** Reads text and buttons from a message activity, whatever way the bot rendered them. */
export function replyOf(activity: Partial<Activity>): BotReply {
  const buttons: Array<{ title: string; value: string }> = [];
  const add = (list: unknown, titleKey = 'title', valueKeys = ['value', 'payload', 'url', 'data']) => {
    if (!Array.isArray(list)) return;
    for (const item of list) {
      if (!isJson(item)) continue;
      const title = typeof item[titleKey] === 'string' ? (item[titleKey] as string) : '';
      const rawValue = valueKeys.map((k) => item[k]).find((v) => v !== undefined);
      const value =
        typeof rawValue === 'string' ? rawValue : rawValue === undefined ? '' : JSON.stringify(rawValue);
      if (title || value) buttons.push({ title: title || value, value });
    }
  };

  add(activity.suggestedActions?.actions);
  const cardTexts: string[] = [];
  for (const attachment of activity.attachments ?? []) {
    const content = attachment?.content;
    if (!isJson(content)) continue;
    add(content.buttons);
    add(content.actions);
    for (const key of ['title', 'subtitle', 'text']) {
      if (typeof content[key] === 'string' && content[key]) cardTexts.push(content[key] as string);
    }
  }
  const channelData = isJson(activity.channelData) ? activity.channelData : undefined;
  if (channelData) {
    add(channelData.quick_replies);
    const messengerAttachment = isJson(channelData.attachment) ? channelData.attachment : undefined;
    if (messengerAttachment && isJson(messengerAttachment.payload)) {
      add(messengerAttachment.payload.buttons);
      const { text } = messengerAttachment.payload; // a Messenger button template's text
      if (typeof text === 'string' && text) cardTexts.push(text);
    }
  }
  const text = typeof activity.text === 'string' && activity.text ? activity.text : cardTexts.join('\n');
  return { text, buttons: buttons.map((b) => b.title), buttonValues: buttons.map((b) => b.value) };
}

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
