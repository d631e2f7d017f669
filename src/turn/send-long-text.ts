import type { TurnContext } from './turn-context';
import { splitMessage, textLimitFor } from '../core/message-splitting';

/** Sends a text in as many messages as the channel's length limit needs (Messenger: 2000 characters). */
export async function sendLongText(context: TurnContext, text: string): Promise<void> {
  const chunks = splitMessage(text, textLimitFor(context.activity.channelId));
  await context.sendActivities(chunks.map((chunk) => ({ type: 'message', text: chunk })));
}
