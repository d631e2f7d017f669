#!/usr/bin/env node
/**
 * `npx botbuilder-privacy <command>`: the package's command-line tools, from the installed package.
 *
 *   npx botbuilder-privacy chat --url http://localhost:3978/api/messages
 *   npx botbuilder-privacy qa qa/convos --url http://localhost:3978/api/messages
 *   npx botbuilder-privacy metrics report --days 7
 *   npx botbuilder-privacy privacy --help
 *
 * Each command is loaded when it runs, so `--help` of one loads nothing of the others. A `.env` file in the
 * working folder is read first, as the repository's `npm run` scripts do.
 */
import { existsSync } from 'node:fs';
import type { CliIo } from './privacy/cli-io';

const io: CliIo = { out: (line) => console.log(line), err: (line) => console.error(line) };

/** Said by `chat` and `qa` when no `--url` is given outside a clone of the repository. */
const NEEDS_URL =
  'From the installed package, give --url <your bot\u2019s messaging endpoint> (e.g. http://localhost:3978/api/messages):\n' +
  'the in-process example bot exists only in a clone of the repository (npm run chat / npm run qa there).';

interface Command {
  readonly summary: string;
  run(args: readonly string[]): Promise<number>;
}

const wantsHelp = (args: readonly string[]) => args.includes('--help') || args.includes('-h');

const COMMANDS: Readonly<Record<string, Command>> = {
  chat: {
    summary: 'talk to a running bot in the terminal, as a new user (--url)',
    async run(args) {
      if (wantsHelp(args)) io.out(`${NEEDS_URL}\n`);
      else if (!args.includes('--url')) {
        io.err(`chat: ${NEEDS_URL}`);
        return 2;
      }
      const { runChatInTerminal } = await import('./chat-terminal');
      return runChatInTerminal(args, async () => {
        throw new Error(`no --url given. ${NEEDS_URL}`);
      });
    },
  },
  qa: {
    summary: 'run BotiumScript convos and .transcript files against a bot, or record one (--url)',
    async run(args) {
      if (wantsHelp(args)) io.out(`${NEEDS_URL}\nConvos need botium-core (npm install botium-core).\n`);
      else if (!args.includes('--url') && !args.includes('--app')) {
        io.err(`qa: ${NEEDS_URL}`);
        return 2;
      }
      const { runQaCli } = await import('../qa/cli');
      return runQaCli(args, io);
    },
  },
  metrics: {
    summary: 'metrics report: clicks per button and use per feature per day, from the Redis counters',
    async run(args) {
      const [sub, ...rest] = args;
      if (sub === 'report') {
        const { runMetricsReportCli } = await import('./metrics-report-command');
        return runMetricsReportCli(rest, io);
      }
      const { METRICS_REPORT_USAGE } = await import('./metrics-report-command');
      if (sub === undefined || wantsHelp([sub])) {
        io.out(METRICS_REPORT_USAGE);
        return sub === undefined ? 2 : 0;
      }
      io.err(`metrics: unknown command "${sub}" (try: metrics report)`);
      return 2;
    },
  },
  privacy: {
    summary: 'the brand\u2019s privacy tools: audit trail, records, requests, secret rotation',
    async run(args) {
      const { runPrivacyCli } = await import('./privacy/privacy-cli');
      return runPrivacyCli(args, io);
    },
  },
};

function usage(write: (line: string) => void): void {
  write('Usage: botbuilder-privacy <command> [options]   (each command has --help)\n');
  for (const [name, command] of Object.entries(COMMANDS)) write(`  ${name.padEnd(9)} ${command.summary}`);
}

/** Runs one command line and resolves to its exit code (0 ok, 1 failed, 2 bad usage). */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    usage(name === undefined ? io.err : io.out);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`botbuilder-privacy: unknown command "${name}"`);
    usage(io.err);
    return 2;
  }
  return command.run(rest);
}

if (require.main === module) {
  // process.loadEnvFile came with Node 20.12; the package supports Node 20.
  if (existsSync('.env') && typeof process.loadEnvFile === 'function') process.loadEnvFile('.env');
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
      // A command may leave a client open (e.g. Redis): do not hang once its output is out.
      setTimeout(() => process.exit(code), 1000).unref();
    },
    (error: unknown) => {
      console.error(`botbuilder-privacy: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
