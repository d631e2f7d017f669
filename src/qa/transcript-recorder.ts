import { randomBytes } from 'node:crypto';
import type { Activity } from 'botbuilder';
import type { ConvoTransport } from './transport';

export interface RecordOptions {
  /** Default `webchat`. */
  channelId?: string;
  /** Default `en-US`. */
  locale?: string;
}

/**
 * Records a conversation as a `.transcript` (the JSON array of activities the Bot Framework Emulator saves
 * and botbuilder's TranscriptLoggerMiddleware writes): the user joins (conversationUpdate), then says each
 * text in turn; every activity sent and every activity the bot answered is logged in order, with
 * `from.role` `user` or `bot`, ids and timestamps.
 */
export async function recordTranscript(
  transport: ConvoTransport,
  texts: readonly string[],
  options: RecordOptions = {},
): Promise<Array<Partial<Activity>>> {
  const user = { id: `user-${randomBytes(4).toString('hex')}`, name: 'User', role: 'user' };
  const bot = { id: 'bot', name: 'Bot', role: 'bot' };
  const conversation = { id: `conversation-${randomBytes(4).toString('hex')}` };
  let sequence = 0;
  const base = (type: string) =>
    ({
      type,
      id: `${conversation.id}|${String(++sequence).padStart(7, '0')}`,
      timestamp: new Date().toISOString(),
      channelId: options.channelId ?? 'webchat',
      locale: options.locale ?? 'en-US',
      serviceUrl: 'https://qa-recorder.invalid/',
      from: user,
      recipient: bot,
      conversation,
    }) as unknown as Partial<Activity>;
  const log: Array<Partial<Activity>> = [];
  const turn = async (activity: Partial<Activity>) => {
    log.push(activity);
    for (const reply of await transport.send(activity)) {
      log.push({
        ...reply,
        id: reply.id ?? `${conversation.id}|${String(++sequence).padStart(7, '0')}`,
        timestamp: (reply.timestamp as unknown as string | undefined) ?? new Date().toISOString(),
        from: { ...bot, ...reply.from, role: 'bot' },
      } as unknown as Partial<Activity>);
    }
  };
  await turn({ ...base('conversationUpdate'), membersAdded: [bot, user] } as Partial<Activity>);
  for (const text of texts) await turn({ ...base('message'), text });
  return log;
}
