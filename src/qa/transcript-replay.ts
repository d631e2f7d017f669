import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Activity, ChannelAccount } from 'botbuilder';
import type { QaFailure, QaResult } from './qa-result';
import type { ConvoTransport } from './transport';

/** Activity types a user's side sends that the replay sends again (typing and traces are not replayed). */
const REPLAYED = new Set(['message', 'conversationUpdate', 'event', 'invoke', 'messageReaction']);

type Recorded = Partial<Activity> & { from?: { id?: string; role?: string } };

/** What is compared of one bot message. */
interface ReplyShape {
  text: string;
  suggestedActions: string[];
  attachmentTypes: string[];
}

/**
 * Replays a `.transcript` file (a JSON array of activities, as the Bot Framework Emulator saves it or
 * botbuilder's TranscriptLoggerMiddleware writes it) against a bot: sends the user's activities in order,
 * as a new user in a new conversation, and compares the bot's message replies with the recorded ones by
 * text, suggested actions (type, title, value) and attachment content types. Ids, timestamps and the
 * conversation id are not compared. Stops at the first difference and names its index in the file.
 */
export async function replayTranscript(
  file: string,
  shownFile: string,
  transport: ConvoTransport,
): Promise<QaResult> {
  const started = Date.now();
  const result = (failure?: QaFailure): QaResult => ({
    name: shownFile,
    file: shownFile,
    passed: !failure,
    durationMs: Date.now() - started,
    ...(failure ? { failure } : {}),
  });
  let activities: Recorded[];
  try {
    activities = parseTranscript(await readFile(file, 'utf8'));
  } catch (error) {
    return result({
      location: `${shownFile}:1`,
      reason: `cannot read: ${(error as Error).message}`,
      details: [],
    });
  }
  const at = (index: number) => `${shownFile} [${index}]`;
  const isBot = botTest(activities);
  const ids = freshIds(activities, isBot);
  for (let i = 0; i < activities.length; i++) {
    const sent = activities[i];
    if (isBot(sent) || !REPLAYED.has(sent.type ?? '')) continue;
    const expected: Array<{ index: number; shape: ReplyShape }> = [];
    let j = i + 1;
    for (; j < activities.length && (isBot(activities[j]) || !REPLAYED.has(activities[j].type ?? '')); j++) {
      if (isBot(activities[j]) && activities[j].type === 'message') {
        expected.push({ index: j, shape: shapeOf(activities[j]) });
      }
    }
    let replies: ReplyShape[];
    try {
      replies = (await transport.send(ids.rewrite(sent)))
        .filter((a) => (a.type ?? 'message') === 'message')
        .map(shapeOf);
    } catch (error) {
      return result({
        location: at(i),
        reason: `sending it failed: ${(error as Error).message}`,
        details: [],
      });
    }
    const difference = firstDifference(expected, replies, i, at);
    if (difference) return result(difference);
    i = j - 1;
  }
  return result();
}

/** Parses and checks the file's shape: a JSON array of activities with a type. */
export function parseTranscript(text: string): Recorded[] {
  const parsed = JSON.parse(text) as unknown;
  if (!Array.isArray(parsed)) throw new Error('a transcript is a JSON array of activities.');
  parsed.forEach((activity, index) => {
    if (
      typeof activity !== 'object' ||
      activity === null ||
      typeof (activity as Recorded).type !== 'string'
    ) {
      throw new Error(`item ${index} is not an activity (no "type").`);
    }
  });
  return parsed as Recorded[];
}

function firstDifference(
  expected: Array<{ index: number; shape: ReplyShape }>,
  replies: ReplyShape[],
  sentIndex: number,
  at: (index: number) => string,
): QaFailure | undefined {
  for (let k = 0; k < Math.max(expected.length, replies.length); k++) {
    const want = expected[k];
    const got = replies[k];
    if (!want) {
      return {
        location: at(sentIndex),
        reason: `the bot sent ${replies.length} messages in reply, the transcript has ${expected.length}`,
        details: ['unexpected extra message:', ...describeShape(got)],
      };
    }
    if (!got) {
      return {
        location: at(want.index),
        reason: `the bot sent ${replies.length} messages in reply to [${sentIndex}], the transcript has ${expected.length}`,
        details: ['missing message:', ...describeShape(want.shape)],
      };
    }
    const field = (['text', 'suggestedActions', 'attachmentTypes'] as const).find(
      (f) => JSON.stringify(want.shape[f]) !== JSON.stringify(got[f]),
    );
    if (field) {
      return {
        location: at(want.index),
        reason: {
          text: 'the text differs',
          suggestedActions: 'the suggested actions differ',
          attachmentTypes: 'the attachment content types differ',
        }[field],
        details: ['expected:', ...describeShape(want.shape), 'the bot said:', ...describeShape(got)],
      };
    }
  }
  return undefined;
}

function shapeOf(activity: Partial<Activity>): ReplyShape {
  return {
    text: activity.text ?? '',
    suggestedActions: (activity.suggestedActions?.actions ?? []).map(
      (a) =>
        `${a.type}:${a.title ?? ''}=${typeof a.value === 'string' ? a.value : JSON.stringify(a.value ?? '')}`,
    ),
    attachmentTypes: (activity.attachments ?? []).map((a) => a.contentType),
  };
}

function describeShape(shape: ReplyShape): string[] {
  return [
    `  text: ${JSON.stringify(shape.text)}`,
    ...(shape.suggestedActions.length > 0
      ? [`  suggested actions: ${shape.suggestedActions.join(' | ')}`]
      : []),
    ...(shape.attachmentTypes.length > 0 ? [`  attachments: ${shape.attachmentTypes.join(', ')}`] : []),
  ];
}

/** Who is the bot: `from.role`, else the recipient of the first activity (which the user sent). */
function botTest(activities: Recorded[]): (activity: Recorded) => boolean {
  const botIds = new Set<string>();
  for (const a of activities) {
    if (a.from?.role === 'user' && a.recipient?.id) botIds.add(a.recipient.id);
    if (a.from?.role === 'bot' && a.from.id) botIds.add(a.from.id);
  }
  if (botIds.size === 0 && activities[0]?.recipient?.id) botIds.add(activities[0].recipient.id);
  return (a) => a.from?.role === 'bot' || (a.from?.role !== 'user' && botIds.has(a.from?.id ?? ''));
}

/** A new user and conversation for the replay: recorded ids are mapped, ids and timestamps dropped. */
function freshIds(activities: Recorded[], isBot: (a: Recorded) => boolean) {
  const users = new Map<string, string>();
  const conversation = `qa-transcript-${randomBytes(8).toString('hex')}`;
  const userId = (id: string | undefined) => {
    if (!id) return id;
    if (!users.has(id)) users.set(id, `qa-user-${randomBytes(8).toString('hex')}`);
    return users.get(id)!;
  };
  for (const a of activities) if (!isBot(a)) userId(a.from?.id);
  const member = (m: ChannelAccount): ChannelAccount => ({ ...m, id: users.get(m.id) ?? m.id });
  return {
    rewrite(activity: Recorded): Partial<Activity> {
      // Dropped: recorded ids and times must not be replayed as they were.
      const { id: _id, timestamp: _t, localTimestamp: _lt, replyToId: _r, ...rest } = activity;
      return {
        ...rest,
        serviceUrl: 'https://qa-transcript.invalid/',
        from: { ...activity.from, id: userId(activity.from?.id) ?? 'qa-user' } as Activity['from'],
        conversation: { ...activity.conversation, id: conversation } as Activity['conversation'],
        ...(activity.membersAdded ? { membersAdded: activity.membersAdded.map(member) } : {}),
        ...(activity.membersRemoved ? { membersRemoved: activity.membersRemoved.map(member) } : {}),
      };
    },
  };
}
