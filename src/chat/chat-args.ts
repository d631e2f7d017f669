/** Options of the `chat` command. */
export interface ChatArgs {
  channelId: string;
  locale: string;
  userName?: string;
  /** A running bot's messaging endpoint; absent: the in-process bot. */
  url?: string;
  timeoutMs: number;
  help: boolean;
}

export const CHAT_USAGE = `Usage: npm run chat -- [options]

Talk to the bot in the terminal, as a new user in a new conversation.

Options:
  --channel <id>    channel to pose as: webchat (default), facebook, ...
  --locale <tag>    the user's locale (default en-US), e.g. es-ES, sv-SE
  --name <name>     the user's name as the channel gives it (e.g. "Ana López")
  --url <url>       a running bot's messaging endpoint (e.g. http://localhost:3978/api/messages);
                    without it, the example bot runs in-process
  --timeout <ms>    bound on each turn (default 10000)

Type a number to press that button; /payload TOKEN sends a button payload; /help; /quit or Ctrl-D to leave.
Works with piped input: printf 'hi\\nprivacy\\n1\\n' | npm run chat`;

const CHANNEL = /^[a-z0-9][a-z0-9_.-]{0,31}$/i;
const LONGEST_NAME = 100;

/** Reads the command line; throws an Error with a clear message on a bad option. */
export function parseChatArgs(argv: readonly string[]): ChatArgs {
  const args: ChatArgs = { channelId: 'webchat', locale: 'en-US', timeoutMs: 10_000, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new Error(`${arg} needs a value.`);
      return next;
    };
    switch (arg) {
      case '--channel': {
        const channel = value();
        if (!CHANNEL.test(channel))
          throw new Error(`--channel "${channel}" is not a channel id such as webchat.`);
        args.channelId = channel;
        break;
      }
      case '--locale':
        args.locale = canonicalLocale(value());
        break;
      case '--name': {
        const name = value().trim();
        if (!name || name.length > LONGEST_NAME) {
          throw new Error(`--name must have 1 to ${LONGEST_NAME} characters.`);
        }
        args.userName = name;
        break;
      }
      case '--url':
        args.url = httpUrl(value());
        break;
      case '--timeout': {
        const text = value();
        const ms = Number(text);
        if (!Number.isInteger(ms) || ms <= 0)
          throw new Error('--timeout must be a positive whole number of ms.');
        args.timeoutMs = ms;
        break;
      }
      case '-h':
      case '--help':
        args.help = true;
        break;
      default:
        throw new Error(`Unknown option ${arg}.`);
    }
  }
  return args;
}

function canonicalLocale(tag: string): string {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    if (canonical) return canonical;
  } catch {
    // reported below
  }
  throw new Error(`--locale "${tag}" is not a language tag such as en-US or es-ES.`);
}

function httpUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`--url "${text}" is not an absolute URL such as http://localhost:3978/api/messages.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('--url must be an http(s) URL.');
  return text;
}
