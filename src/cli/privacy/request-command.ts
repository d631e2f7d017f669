import { readFile } from 'node:fs/promises';
import type { CliIo, PrivacySubcommand } from './cli-io';
import { OperatorApiClient, OperatorApiError } from './operator-api-client';

const HELP = `Usage: privacy request <action> [options]

Files and follows privacy requests through the bot's operator API (/privacy/requests), with the token in
PRIVACY_OPERATOR_TOKEN. The API is the bot's: start it with PRIVACY_OPERATOR_TOKEN set.

Actions:
  erase | export     file a request for the people named with --subject, --asid or --subjects-file
  list               every request, overdue first
  status <id>        one request
  result <id>        download the result (once) to --out FILE
  extend <id>        move the due date later: --reason TEXT [--months 1|2]
  refuse <id>        refuse a request that has not started: --reason TEXT

Options:
  --url URL              the bot's base URL (default: PRIVACY_REQUESTS_URL, else PUBLIC_URL, else
                         http://localhost:$PORT or 3978)
  --subject CHANNEL:ID   a person by channel and user id (repeatable), e.g. facebook:7004444333322221
  --asid ID              a person by Facebook app-scoped id (repeatable)
  --subjects-file FILE   one CHANNEL:ID per line (blank lines and # comments skipped); "-" reads stdin
  --verify none|in_chat  identity check (default none: you verified the person yourself)
  --note TEXT            your reference (kept encrypted; avoid ids in it)
  --wait                 wait until the request has finished, then print it
  --out FILE             where result writes the file (with erase/export --wait: download it there)

Exit codes: 0 done, 1 the API refused or the request failed, 2 bad usage or no token.
Ids given on the command line stay in your shell history: prefer --subjects-file for real requests.`;

interface Parsed {
  action?: string;
  id?: string;
  subjects: Array<{ channelId: string; userId: string }>;
  asids: string[];
  subjectsFile?: string;
  verify?: string;
  note?: string;
  reason?: string;
  months?: number;
  url?: string;
  out?: string;
  wait: boolean;
  help: boolean;
}

class UsageError extends Error {}

const VALUE_OPTIONS = new Set([
  '--url',
  '--subject',
  '--asid',
  '--subjects-file',
  '--verify',
  '--note',
  '--reason',
  '--months',
  '--out',
]);

function parse(args: readonly string[]): Parsed {
  const parsed: Parsed = { subjects: [], asids: [], wait: false, help: false };
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') parsed.help = true;
    else if (arg === '--wait') parsed.wait = true;
    else if (VALUE_OPTIONS.has(arg)) {
      const value = args[++i];
      if (value === undefined) throw new UsageError(`${arg} needs a value.`);
      if (arg === '--url') parsed.url = value;
      else if (arg === '--subject') parsed.subjects.push(subjectOf(value, arg));
      else if (arg === '--asid') parsed.asids.push(value);
      else if (arg === '--subjects-file') parsed.subjectsFile = value;
      else if (arg === '--verify') parsed.verify = value;
      else if (arg === '--note') parsed.note = value;
      else if (arg === '--reason') parsed.reason = value;
      else if (arg === '--out') parsed.out = value;
      else if (arg === '--months') {
        parsed.months = Number(value);
        if (!Number.isInteger(parsed.months)) throw new UsageError('--months must be 1 or 2.');
      }
    } else if (arg.startsWith('-')) throw new UsageError(`Unknown option ${arg}.`);
    else positional.push(arg);
  }
  [parsed.action, parsed.id] = positional;
  if (positional.length > 2)
    throw new UsageError(`Unexpected argument ${positional.length} (${positional[2].slice(0, 20)}).`);
  return parsed;
}

function subjectOf(text: string, where: string): { channelId: string; userId: string } {
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1) {
    throw new UsageError(`${where}: expected CHANNEL:ID, e.g. facebook:7004444333322221.`);
  }
  return { channelId: text.slice(0, colon), userId: text.slice(colon + 1) };
}

async function subjectsFromFile(file: string): Promise<Array<{ channelId: string; userId: string }>> {
  const text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .flatMap((line, index) =>
      line === '' || line.startsWith('#') ? [] : [subjectOf(line, `--subjects-file line ${index + 1}`)],
    );
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function baseUrlOf(parsed: Parsed, env: NodeJS.ProcessEnv): string {
  return (
    parsed.url ??
    env.PRIVACY_REQUESTS_URL ??
    env.PUBLIC_URL ??
    `http://localhost:${env.PORT || 3978}`
  ).replace(/\/+$/, '');
}

const FINISHED = new Set(['completed', 'failed', 'refused']);

/** `privacy request ...`: a thin client of the operator API (`/privacy/requests`). */
export const requestCommand: PrivacySubcommand = {
  summary: 'request erase|export|list|status|result|extend|refuse   (operator privacy requests)',
  async run(args, io) {
    const env = io.env ?? process.env;
    let parsed: Parsed;
    try {
      parsed = parse(args);
    } catch (error) {
      io.err(`privacy request: ${(error as Error).message} (see --help)`);
      return 2;
    }
    if (parsed.help || !parsed.action) {
      io.out(HELP);
      return parsed.help ? 0 : 2;
    }
    const token = env.PRIVACY_OPERATOR_TOKEN;
    if (!token) {
      io.err('privacy request: PRIVACY_OPERATOR_TOKEN is not set (the same token the bot was started with).');
      return 2;
    }
    const client = new OperatorApiClient(baseUrlOf(parsed, env), token);
    const print = (value: unknown) => io.out(JSON.stringify(value, null, 2));
    try {
      switch (parsed.action) {
        case 'erase':
        case 'export': {
          const subjects = [
            ...parsed.subjects,
            ...(parsed.subjectsFile ? await subjectsFromFile(parsed.subjectsFile) : []),
          ];
          const filed = await client.file({
            kind: parsed.action,
            ...(subjects.length ? { subjects } : {}),
            ...(parsed.asids.length ? { appScopedIds: parsed.asids } : {}),
            ...(parsed.verify ? { verify: parsed.verify } : {}),
            ...(parsed.note ? { note: parsed.note } : {}),
          });
          if (!parsed.wait) {
            print(filed);
            return 0;
          }
          const finished = await client.waitFor(String(filed.id), FINISHED);
          print(finished);
          if (parsed.out && finished.state !== 'refused' && finished.result) {
            await client.saveResult(String(filed.id), parsed.out);
            io.err(`privacy request: result written to ${parsed.out}`);
          }
          return finished.state === 'completed' ? 0 : 1;
        }
        case 'list':
          print(await client.list());
          return 0;
        case 'status':
          print(await client.get(needId(parsed)));
          return 0;
        case 'result': {
          const id = needId(parsed);
          if (!parsed.out) throw new UsageError('result needs --out FILE (the file is handed out once).');
          await client.saveResult(id, parsed.out);
          io.err(`privacy request: result written to ${parsed.out}`);
          return 0;
        }
        case 'extend':
          print(
            await client.post(`${needId(parsed)}/extend`, {
              reason: needReason(parsed),
              ...(parsed.months ? { months: parsed.months } : {}),
            }),
          );
          return 0;
        case 'refuse':
          print(await client.post(`${needId(parsed)}/refuse`, { reason: needReason(parsed) }));
          return 0;
        default:
          throw new UsageError(`Unknown action "${parsed.action}".`);
      }
    } catch (error) {
      if (error instanceof UsageError) {
        io.err(`privacy request: ${error.message} (see --help)`);
        return 2;
      }
      if (error instanceof OperatorApiError) {
        io.err(`privacy request: ${error.message}`);
        return 1;
      }
      io.err(`privacy request: ${error instanceof Error ? error.message : 'failed'}`);
      return 1;
    }
  },
};

function needId(parsed: Parsed): string {
  if (!parsed.id) throw new UsageError(`${parsed.action} needs a request id.`);
  return parsed.id;
}

function needReason(parsed: Parsed): string {
  if (!parsed.reason) throw new UsageError(`${parsed.action} needs --reason TEXT.`);
  return parsed.reason;
}
