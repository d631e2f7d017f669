import { relative } from 'node:path';
import type { QaFailure, QaResult } from '../qa-result';
import { convoFile } from './convo-sources';
import {
  createDriver,
  type BotiumMessage,
  type Capabilities,
  type Compiler,
  type Container,
  type Convo,
  type TranscriptError,
} from './engine';

export interface RunConvosOptions {
  caps: Capabilities;
  /** The compiler the convos came from (to locate steps of partial convos). */
  compiler: Compiler;
  /** How many convos run at once, each on its own Botium container. Default 1. */
  concurrency?: number;
  /** Folder result paths are relative to. */
  cwd?: string;
  /** Told about each result as soon as it is known. */
  onResult?(result: QaResult): void;
}

/**
 * Runs compiled convos with Botium's convo runner. Every convo starts a new Botium session (`Start`),
 * which with the `simplerest` configuration means a new random user and conversation. A failing convo
 * stops at its first failing step; the others run on.
 */
export async function runConvos(convos: readonly Convo[], options: RunConvosOptions): Promise<QaResult[]> {
  if (convos.length === 0) return [];
  const results: QaResult[] = new Array(convos.length);
  let next = 0;
  const worker = async () => {
    let container: Container | undefined;
    let buildError: unknown;
    try {
      container = await createDriver(options.caps).Build();
    } catch (error) {
      buildError = error;
    }
    try {
      while (next < convos.length) {
        const index = next++;
        results[index] = container
          ? await runOne(convos[index], container, options)
          : failed(convos[index], options, 0, { reason: `cannot start Botium: ${messageOf(buildError)}` });
        options.onResult?.(results[index]);
      }
    } finally {
      await container?.Clean().catch(() => undefined); // cleaning up must not hide the results
    }
  };
  const concurrency = Math.min(Math.max(1, options.concurrency ?? 1), convos.length);
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

async function runOne(convo: Convo, container: Container, options: RunConvosOptions): Promise<QaResult> {
  const started = Date.now();
  let error: unknown;
  try {
    await container.Start();
    await convo.Run(container);
  } catch (caught) {
    error = caught;
  } finally {
    await container.Stop().catch(() => undefined); // the convo's own outcome is what counts
  }
  const durationMs = Date.now() - started;
  if (error === undefined) {
    return { name: convo.header.name, file: shown(convoFile(convo), options), passed: true, durationMs };
  }
  return failed(convo, options, durationMs, describe(convo, error as TranscriptError, options));
}

function failed(
  convo: Convo,
  options: RunConvosOptions,
  durationMs: number,
  failure: Partial<QaFailure> & { reason: string },
): QaResult {
  const file = shown(convoFile(convo), options);
  return {
    name: convo.header.name,
    file,
    passed: false,
    durationMs,
    failure: { location: failure.location ?? file, reason: failure.reason, details: failure.details ?? [] },
  };
}

/** Where the convo failed (`file:line`, in the partial convo when the step came from one) and why. */
function describe(convo: Convo, error: TranscriptError, options: RunConvosOptions): QaFailure {
  const message = messageOf(error);
  const afterName = message.startsWith(`${convo.header.name}/`)
    ? message.slice(convo.header.name.length + 1)
    : message.startsWith(`${convo.header.name}: `)
      ? message.slice(convo.header.name.length + 2)
      : message;
  const step = /^((?:[^/\n:]+\/)*)Line (\d+)/.exec(afterName);
  let file = convoFile(convo);
  if (step?.[1]) {
    const partial = options.compiler.partialConvos[step[1].split('/').filter(Boolean).pop() ?? ''];
    if (partial) file = convoFile(partial);
  }
  const reason = afterName
    .replace(/^((?:[^/\n:]+\/)*)Line \d+: /, '')
    .replace(/ - Line \d+:? /g, ': ')
    .split('\n')[0];
  const failing = error.transcript?.steps.find((s) => s.err) ?? error.transcript?.steps.at(-1);
  const details: string[] = [];
  const expected = failing?.expected;
  if (expected && expected.sender === 'bot') details.push('expected:', ...indent(expectationLines(expected)));
  if (failing?.actual && failing.actual.sender !== 'me') {
    details.push('the bot said:', ...indent(prettify(failing.actual)));
  }
  return { location: `${shown(file, options)}${step ? `:${step[2]}` : ''}`, reason, details };
}

function expectationLines(message: BotiumMessage): string[] {
  const lines: string[] = [];
  const flags = (m: { not?: boolean; optional?: boolean }) => `${m.optional ? '?' : ''}${m.not ? '!' : ''}`;
  if (message.messageText) lines.push(...`${flags(message)}${message.messageText}`.split('\n'));
  for (const a of message.asserters ?? [])
    lines.push(`${flags(a)}${a.name} ${(a.args ?? []).join('|')}`.trim());
  return lines.length > 0 ? lines : ['(any message)'];
}

function prettify(message: BotiumMessage): string[] {
  const text =
    typeof message.prettify === 'function' ? message.prettify() : String(message.messageText ?? '');
  return text.replace(/^#bot: ?/, '').split('\n');
}

function indent(lines: string[]): string[] {
  return lines.map((line) => `  ${line}`);
}

function shown(file: string, options: RunConvosOptions): string {
  return relative(options.cwd ?? process.cwd(), file) || file;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
