import type { Activity } from 'botbuilder';
import { HttpConvoTransport } from '../qa/http-transport';
import type { ConvoTransport } from '../qa/transport';
import { ChatActivities } from './chat-activities';
import { CHAT_USAGE, parseChatArgs, type ChatArgs } from './chat-args';
import { parseChatInput } from './chat-input';
import { renderBotTurn, type ChatChoice } from './render-bot-turn';

/** A bot the chat talks to, and a few words saying which. */
export interface ChatBot {
  transport: ConvoTransport;
  /** E.g. `the example bot (in-process, memory storage)`. */
  description: string;
}

export interface ChatCliIo {
  /** The lines the person types (readline over stdin). */
  lines: AsyncIterable<string>;
  out(line: string): void;
  err(line: string): void;
  /** Shows the `you> ` prompt (interactive terminals only). */
  prompt(): void;
  /** Print each line read after `you> ` (piped input, where the terminal does not show it). */
  echo: boolean;
  /** Starts the in-process bot used when no `--url` is given. */
  startBot(options: { timeoutMs: number }): Promise<ChatBot>;
}

export const CHAT_HELP = `Commands:
  <number>          press that button of the bot's last turn (a number without such a button is sent as text)
  /payload TOKEN    send a button payload, e.g. /payload PRIVACY_MENU
  //text            send "/text" as a message
  /help             this help
  /quit             leave (or Ctrl-D)`;

/**
 * The `chat` command: talks to a bot as a new user, printing its replies and turning typed lines into
 * activities. Returns the exit code: 0 when the person leaves, 1 when the bot could not be started,
 * 2 on a usage error. A turn that fails (bot unreachable, timeout) is reported and the chat goes on.
 */
export async function runChatCli(argv: readonly string[], io: ChatCliIo): Promise<number> {
  let args: ChatArgs;
  try {
    args = parseChatArgs(argv);
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${CHAT_USAGE}`);
    return 2;
  }
  if (args.help) {
    io.out(CHAT_USAGE);
    return 0;
  }

  let bot: ChatBot;
  try {
    bot = args.url
      ? { transport: new HttpConvoTransport(args.url, { timeoutMs: args.timeoutMs }), description: args.url }
      : await io.startBot({ timeoutMs: args.timeoutMs });
  } catch (error) {
    io.err(`Cannot start the bot: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }

  const activities = new ChatActivities({
    channelId: args.channelId,
    locale: args.locale,
    userName: args.userName,
  });
  io.out(
    `Chatting with ${bot.description} on channel ${args.channelId}, locale ${args.locale}. /help for commands.`,
  );
  let choices: ChatChoice[] = [];
  const turn = async (activity: Partial<Activity>) => {
    let replies: Array<Partial<Activity>>;
    try {
      replies = await bot.transport.send(activity);
    } catch (error) {
      io.err(`! ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const rendered = renderBotTurn(replies);
    rendered.lines.forEach((line) => io.out(line));
    // Like Web Chat, a new message from the bot replaces the buttons offered before.
    if (replies.some((a) => (a.type ?? 'message') === 'message')) choices = rendered.choices;
  };

  try {
    await turn(activities.conversationUpdate());
    io.prompt();
    for await (const line of io.lines) {
      if (io.echo) io.out(`you> ${line}`);
      const input = parseChatInput(line, choices);
      if (input.kind === 'quit') break;
      switch (input.kind) {
        case 'help':
          io.out(CHAT_HELP);
          break;
        case 'invalid':
          io.err(`! ${input.reason}`);
          break;
        case 'text':
          await turn(activities.text(input.text));
          break;
        case 'postback':
          await turn(activities.postback(input.payload, input.title));
          break;
      }
      io.prompt();
    }
  } finally {
    await bot.transport.close?.();
  }
  return 0;
}
