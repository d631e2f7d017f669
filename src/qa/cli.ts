import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { findConvoFiles, loadConvos } from './convo-files';
import { HttpConvoTransport } from './http-transport';
import {
  DEFAULT_IN_PROCESS_BOT,
  inProcessTransport,
  loadInProcessBot,
  type InProcessBot,
} from './in-process-bot';
import { toJUnitXml } from './junit';
import { formatResult, formatSummary } from './report';
import { runConvos, type ConvoResult } from './runner';
import type { ConvoTransport } from './transport';

export interface QaCliIo {
  out(line: string): void;
  err(line: string): void;
  /** Folder paths are relative to. Default: the process's. */
  cwd?: string;
  /** Builds the in-process bot for `--app` (default: {@link loadInProcessBot}). */
  loadBot?(spec: string): Promise<InProcessBot>;
}

export const QA_USAGE = `Usage: npm run qa -- <convo files or folders> [options]

Runs BotiumScript-style *.convo.txt files against a bot.

Options:
  --url <url>          the bot's messaging endpoint (e.g. http://localhost:3978/api/messages);
                       without it, the in-process bot given by --app is started
  --app <module#fn>    in-process bot factory (default ${DEFAULT_IN_PROCESS_BOT})
  --junit <file>       also write a JUnit XML report
  --channel <id>       channel of convos without #channel (default webchat)
  --concurrency <n>    convos run at once (default 1)
  --timeout <ms>       bound on each turn (default 10000)

Exit code: 0 when every convo passed, 1 when one failed, 2 on a usage error.`;

interface Args {
  paths: string[];
  url?: string;
  app: string;
  junit?: string;
  channel?: string;
  concurrency: number;
  timeoutMs: number;
  help: boolean;
}

/** The `qa` command. Returns the exit code. */
export async function runQaCli(argv: readonly string[], io: QaCliIo): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${QA_USAGE}`);
    return 2;
  }
  if (args.help) {
    io.out(QA_USAGE);
    return 0;
  }
  const cwd = io.cwd ?? process.cwd();
  let files: string[];
  try {
    files = await findConvoFiles(args.paths.map((p) => resolve(cwd, p)));
  } catch (error) {
    io.err((error as Error).message);
    return 2;
  }
  if (files.length === 0) {
    io.err(`No *.convo.txt files found in ${args.paths.join(', ')}.`);
    return 2;
  }
  const { convos, errors } = await loadConvos(files, cwd);

  let transport: ConvoTransport;
  try {
    transport = args.url
      ? new HttpConvoTransport(args.url, { timeoutMs: args.timeoutMs })
      : await inProcessTransport(await (io.loadBot ?? ((spec) => loadInProcessBot(spec, cwd)))(args.app), {
          timeoutMs: args.timeoutMs,
        });
  } catch (error) {
    io.err(
      `No bot to test: ${(error as Error).message}${args.url ? '' : ' (give --url to test a running bot)'}`,
    );
    return 2;
  }

  const parseFailures: ConvoResult[] = errors.map((error) => ({
    file: error.file,
    name: error.file,
    passed: false,
    durationMs: 0,
    failure: {
      summary: `cannot parse: line ${error.line}: ${error.detail}`,
      line: error.line,
      problems: [error.detail],
    },
  }));
  parseFailures.forEach((r) => io.out(formatResult(r)));
  let results: ConvoResult[];
  try {
    results = await runConvos(convos, {
      transport,
      defaultChannelId: args.channel,
      concurrency: args.concurrency,
      onResult: (result) => io.out(formatResult(result)),
    });
  } finally {
    await transport.close?.();
  }
  const all = [...parseFailures, ...results];
  io.out(formatSummary(all));
  if (args.junit) {
    const target = resolve(cwd, args.junit);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, toJUnitXml(all), 'utf8');
    io.out(`JUnit report: ${args.junit}`);
  }
  return all.every((r) => r.passed) ? 0 : 1;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = {
    paths: [],
    app: DEFAULT_IN_PROCESS_BOT,
    concurrency: 1,
    timeoutMs: 10_000,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new Error(`${arg} needs a value.`);
      return next;
    };
    const positive = (name: string, text: string) => {
      const n = Number(text);
      if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number.`);
      return n;
    };
    switch (arg) {
      case '--url':
        args.url = value();
        break;
      case '--app':
        args.app = value();
        break;
      case '--junit':
        args.junit = value();
        break;
      case '--channel':
        args.channel = value();
        break;
      case '--concurrency':
        args.concurrency = positive(arg, value());
        break;
      case '--timeout':
        args.timeoutMs = positive(arg, value());
        break;
      case '-h':
      case '--help':
        args.help = true;
        break;
      default:
        if (arg.startsWith('-')) throw new Error(`Unknown option ${arg}.`);
        args.paths.push(arg);
    }
  }
  if (!args.help && args.paths.length === 0) throw new Error('Give at least one convo file or folder.');
  return args;
}
