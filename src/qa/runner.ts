import { randomBytes, randomInt } from 'node:crypto';
import type { Activity } from 'botbuilder';
import { checkBotTurn } from './assertions';
import { replyOf, type BotReply } from './bot-reply';
import type { BotTurn, Convo, ConvoTurn, UserMessage } from './convo';
import type { ConvoTransport } from './transport';

/** Why a convo failed, with what was expected and what the bot said. */
export interface ConvoFailure {
  /** One line, e.g. `turn 4 (#bot, line 12): the reply does not contain "hola"`. */
  readonly summary: string;
  /** 1-based index of the failing turn, when a turn failed. */
  readonly turn?: number;
  readonly line?: number;
  /** The expectation lines of the failing #bot turn. */
  readonly expected?: readonly string[];
  /** The reply that did not match; absent when the bot sent no more messages. */
  readonly actual?: BotReply;
  readonly problems: readonly string[];
}

export interface ConvoResult {
  readonly file: string;
  readonly name: string;
  readonly passed: boolean;
  readonly durationMs: number;
  readonly failure?: ConvoFailure;
}

export interface RunConvosOptions {
  transport: ConvoTransport;
  /** Channel of convos without `#channel`. Default `webchat`. */
  defaultChannelId?: string;
  /** How many convos run at once. Default 1. Every convo has its own user, so they cannot share state. */
  concurrency?: number;
  /** Id of the bot in `recipient`. Default `bot`. */
  botId?: string;
  /** Told about each result as soon as it is known (for progress output). */
  onResult?: (result: ConvoResult) => void;
}

/**
 * Runs convos against a bot. Each runs as a new random user in a new conversation, on its `#channel`.
 *
 * A `#me` turn sends one activity and collects the bot's messages (other activity types, such as
 * typing, are skipped). Each `#bot` turn takes the next collected message in order; messages left when
 * the next `#me` is sent are ignored. A convo that starts with `#bot` first sends a conversationUpdate
 * (the user joins), as Web Chat does. A failing convo stops at its first failing turn; the others run on.
 */
export async function runConvos(convos: readonly Convo[], options: RunConvosOptions): Promise<ConvoResult[]> {
  const results: ConvoResult[] = new Array(convos.length);
  let next = 0;
  const worker = async () => {
    while (next < convos.length) {
      const index = next++;
      results[index] = await runConvo(convos[index], options);
      options.onResult?.(results[index]);
    }
  };
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 1, convos.length));
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

/** Runs one convo; never throws (a transport failure fails the convo). */
export async function runConvo(convo: Convo, options: RunConvosOptions): Promise<ConvoResult> {
  const started = Date.now();
  const session = new Session(convo, options);
  let failure: ConvoFailure | undefined;
  try {
    failure = await session.run();
  } catch (error) {
    failure = {
      summary: `turn ${session.turnNumber} (line ${session.turnLine}): ${error instanceof Error ? error.message : String(error)}`,
      turn: session.turnNumber,
      line: session.turnLine,
      problems: [error instanceof Error ? error.message : String(error)],
    };
  }
  return {
    file: convo.file,
    name: convo.name,
    passed: !failure,
    durationMs: Date.now() - started,
    ...(failure ? { failure } : {}),
  };
}

class Session {
  turnNumber = 0;
  turnLine = 0;
  private readonly channelId: string;
  private readonly userId: string;
  private readonly conversationId: string;
  private readonly botId: string;
  private sent = 0;

  constructor(
    private readonly convo: Convo,
    private readonly options: RunConvosOptions,
  ) {
    this.channelId = convo.channelId ?? options.defaultChannelId ?? 'webchat';
    // Messenger ids are numeric page-scoped ids; elsewhere any id will do.
    this.userId =
      this.channelId === 'facebook' ? randomDigits(16) : `qa-user-${randomBytes(8).toString('hex')}`;
    this.conversationId = `qa-conv-${randomBytes(8).toString('hex')}`;
    this.botId = options.botId ?? 'bot';
  }

  async run(): Promise<ConvoFailure | undefined> {
    let pending: BotReply[] = [];
    const turns = this.convo.turns;
    if (turns[0]?.sender === 'bot') pending = await this.send(this.conversationUpdate());
    for (const [index, turn] of turns.entries()) {
      this.turnNumber = index + 1;
      this.turnLine = turn.line;
      if (turn.sender === 'me') {
        pending = await this.send(this.message(turn.message));
        continue;
      }
      const reply = pending.shift();
      if (!reply) {
        return this.failure(turn, undefined, [
          `expected a message from the bot, but it sent no more${this.afterWhat(index)}`,
        ]);
      }
      const problems = checkBotTurn(turn, reply);
      if (problems.length > 0) return this.failure(turn, reply, problems);
    }
    return undefined;
  }

  private afterWhat(index: number): string {
    const previousMe = [...this.convo.turns.slice(0, index)]
      .reverse()
      .find((t: ConvoTurn) => t.sender === 'me');
    return previousMe ? ` after the #me at line ${previousMe.line}.` : ' when the conversation started.';
  }

  private failure(turn: BotTurn, actual: BotReply | undefined, problems: string[]): ConvoFailure {
    const expected = [
      ...(turn.text ? [`${turn.text.negated ? '!' : ''}${turn.text.value}`] : []),
      ...turn.asserters.map((a) => a.source),
    ];
    return {
      summary: `turn ${this.turnNumber} (#bot, line ${turn.line}): ${problems.join('; ')}`,
      turn: this.turnNumber,
      line: turn.line,
      expected,
      ...(actual ? { actual } : {}),
      problems,
    };
  }

  private async send(activity: Partial<Activity>): Promise<BotReply[]> {
    const replies = await this.options.transport.send(activity);
    return replies.filter((a) => (a.type ?? 'message') === 'message').map(replyOf);
  }

  private base(type: string): Partial<Activity> {
    this.sent++;
    return {
      type,
      id: `qa-${this.conversationId}-${this.sent}`,
      timestamp: new Date(),
      channelId: this.channelId,
      serviceUrl: 'https://qa-runner.invalid/',
      from: { id: this.userId, name: 'QA user', role: 'user' },
      recipient: { id: this.botId, name: 'bot', role: 'bot' },
      conversation: { id: this.conversationId, isGroup: false, name: '', conversationType: 'personal' },
      ...(this.convo.locale ? { locale: this.convo.locale } : {}),
    } as Partial<Activity>;
  }

  private conversationUpdate(): Partial<Activity> {
    return {
      ...this.base('conversationUpdate'),
      membersAdded: [
        { id: this.botId, name: 'bot' },
        { id: this.userId, name: 'QA user' },
      ],
    };
  }

  /** A text message, or a postback as the Facebook channel delivers it (payload as text and in channelData). */
  private message(message: UserMessage): Partial<Activity> {
    const messenger = { sender: { id: this.userId }, recipient: { id: this.botId }, timestamp: Date.now() };
    if (message.kind === 'postback') {
      return {
        ...this.base('message'),
        text: message.payload,
        channelData: { ...messenger, postback: { payload: message.payload, title: message.payload } },
      };
    }
    return {
      ...this.base('message'),
      text: message.text,
      ...(this.channelId === 'facebook'
        ? {
            channelData: {
              ...messenger,
              message: { mid: `m_${randomBytes(8).toString('hex')}`, text: message.text },
            },
          }
        : {}),
    };
  }
}

function randomDigits(length: number): string {
  let digits = String(randomInt(1, 10));
  while (digits.length < length) digits += String(randomInt(0, 10));
  return digits;
}
