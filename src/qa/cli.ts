import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { readQaSources } from './botium/convo-sources';
import { createDriver, type Capabilities } from './botium/engine';
import { inProcessConnector } from './botium/in-process-connector';
import { qaCapabilities } from './botium/qa-capabilities';
import { runConvos } from './botium/run-convos';
import { HttpConvoTransport } from './http-transport';
import { DEFAULT_IN_PROCESS_BOT, loadInProcessBot, type InProcessBot } from './in-process-bot';
import { toJUnitXml } from './junit';
import { formatResult, formatSummary, type QaResult } from './qa-result';
import { recordTranscript } from './transcript-recorder';
import { replayTranscript } from './transcript-replay';

export interface QaCliIo {
  out(line: string): void;
  err(line: string): void;
  /** Folder paths are relative to. Default: the process's. */
  cwd?: string;
  /** Builds the in-process bot for `--app` (default: {@link loadInProcessBot}). */
  loadBot?(spec: string): Promise<InProcessBot>;
}

export const QA_USAGE = `Usage: npm run qa -- <convo folders or files, .transcript files> [options]
       npm run qa -- --record <file.transcript> --say <text> [--say <text> ...] [options]

Runs BotiumScript (*.convo.txt with #include'd *.pconvo.txt, *.utterances.txt, ...) on botium-core, and
replays Bot Framework .transcript files, against the example bot in this process or any bot over HTTP.

Options:
  --url <url>          the bot's messaging endpoint (e.g. http://localhost:3978/api/messages);
                       without it, the in-process bot given by --app is started
  --app <module#fn>    in-process bot factory (default ${DEFAULT_IN_PROCESS_BOT})
  --config <file>      Botium configuration (default botium.json)
  --junit <file>       also write a JUnit XML report
  --channel <id>       channel of convos without CHANNEL (default webchat)
  --locale <tag>       locale of convos without LOCALE (default en-US)
  --concurrency <n>    convos run at once (default 1)
  --timeout <ms>       bound on each request and on waiting for a reply
  --record <file>      record a .transcript: the user joins, then says each --say text

Exit code: 0 when everything passed, 1 when something failed, 2 on a usage error.`;

interface Args {
  paths: string[];
  url?: string;
  app: string;
  config: string;
  junit?: string;
  channel?: string;
  locale?: string;
  concurrency: number;
  timeoutMs?: number;
  record?: string;
  say: string[];
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
  const connector = args.url
    ? undefined
    : inProcessConnector(() => (io.loadBot ?? ((spec) => loadInProcessBot(spec, cwd)))(args.app));
  let endpoint: string;
  try {
    endpoint = args.url ?? (await connector!.acquire());
  } catch (error) {
    io.err(`No bot to test: ${(error as Error).message} (give --url to test a running bot)`);
    return 2;
  }
  try {
    if (args.record) return await record(args, endpoint, cwd, io);
    let caps: Capabilities;
    try {
      caps = qaCapabilities(resolve(cwd, args.config), {
        url: args.url,
        containerMode: connector,
        channel: args.channel,
        locale: args.locale,
        timeoutMs: args.timeoutMs,
      });
    } catch (error) {
      io.err((error as Error).message);
      return 2;
    }
    return await runSuite(args, caps, endpoint, cwd, io);
  } finally {
    await connector?.release();
  }
}

async function runSuite(args: Args, caps: Capabilities, endpoint: string, cwd: string, io: QaCliIo) {
  let sources;
  try {
    sources = readQaSources(
      createDriver(caps).BuildCompiler(),
      args.paths.map((p) => resolve(cwd, p)),
      cwd,
    );
  } catch (error) {
    io.err((error as Error).message);
    return 2;
  }
  if (sources.convos.length + sources.transcripts.length + sources.unreadable.length === 0) {
    io.err(`No convos or transcripts found in ${args.paths.join(', ')}.`);
    return 2;
  }
  const report = (result: QaResult) => io.out(formatResult(result));
  sources.unreadable.forEach(report);
  const convoResults = await runConvos(sources.convos, {
    caps,
    compiler: sources.compiler,
    concurrency: args.concurrency,
    cwd,
    onResult: report,
  });
  const transport = new HttpConvoTransport(endpoint, { timeoutMs: args.timeoutMs });
  const transcriptResults: QaResult[] = [];
  for (const file of sources.transcripts) {
    const result = await replayTranscript(file, relative(cwd, file) || file, transport);
    report(result);
    transcriptResults.push(result);
  }
  const all = [...sources.unreadable, ...convoResults, ...transcriptResults];
  io.out(formatSummary(all));
  if (args.junit) {
    const target = resolve(cwd, args.junit);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, toJUnitXml(all), 'utf8');
    io.out(`JUnit report: ${args.junit}`);
  }
  return all.every((r) => r.passed) ? 0 : 1;
}

async function record(args: Args, endpoint: string, cwd: string, io: QaCliIo): Promise<number> {
  const transport = new HttpConvoTransport(endpoint, { timeoutMs: args.timeoutMs });
  const activities = await recordTranscript(transport, args.say, {
    channelId: args.channel,
    locale: args.locale,
  });
  const target = resolve(cwd, args.record!);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, `${JSON.stringify(activities, null, 2)}\n`, 'utf8');
  io.out(`Recorded ${activities.length} activities: ${args.record}`);
  return 0;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = {
    paths: [],
    app: DEFAULT_IN_PROCESS_BOT,
    config: 'botium.json',
    concurrency: 1,
    say: [],
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new Error(`${arg} needs a value.`);
      return next;
    };
    const positive = (text: string) => {
      const n = Number(text);
      if (!Number.isInteger(n) || n <= 0) throw new Error(`${arg} must be a positive whole number.`);
      return n;
    };
    switch (arg) {
      case '--url':
        args.url = value();
        try {
          new URL(args.url);
        } catch {
          // Not a URL: a usage error that names the flag.
          throw new Error(`--url "${args.url}" is not an absolute URL of a bot endpoint.`);
        }
        break;
      case '--app':
        args.app = value();
        break;
      case '--config':
        args.config = value();
        break;
      case '--junit':
        args.junit = value();
        break;
      case '--channel':
        args.channel = value();
        break;
      case '--locale':
        args.locale = value();
        break;
      case '--concurrency':
        args.concurrency = positive(value());
        break;
      case '--timeout':
        args.timeoutMs = positive(value());
        break;
      case '--record':
        args.record = value();
        break;
      case '--say':
        args.say.push(value());
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
  if (args.help) return args;
  if (args.record) {
    if (args.say.length === 0) throw new Error('--record needs at least one --say.');
    if (args.paths.length > 0) throw new Error('--record takes no convo files.');
  } else if (args.paths.length === 0) {
    throw new Error('Give at least one convo folder, convo file or transcript.');
  }
  return args;
}
