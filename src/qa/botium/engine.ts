/**
 * The part of botium-core (no type declarations of its own) the QA runner uses, typed. botium-core is a
 * development dependency: only the `qa` command loads this module, never the library's index.
 */

/** Botium capabilities (botium.json `botium.Capabilities`). */
export type Capabilities = Record<string, unknown>;

/** A message as Botium sees it (BotiumMockMessage). */
export interface BotiumMessage {
  sender?: string;
  messageText?: string | null;
  buttons?: Array<{ text?: string; payload?: unknown }> | null;
  cards?: Array<{ text?: string; subtext?: string; buttons?: Array<{ text?: string }> | null }> | null;
  media?: Array<{ mediaUri?: string }> | null;
  asserters?: Array<{ name: string; args?: string[]; not?: boolean; optional?: boolean }> | null;
  logicHooks?: Array<{ name: string; args?: string[] }> | null;
  userInputs?: Array<{ name: string; args?: string[] }> | null;
  not?: boolean;
  optional?: boolean;
  prettify?(): string;
  [field: string]: unknown;
}

export interface ConvoStep {
  sender: string;
  stepTag: string;
  messageText?: string | null;
  logicHooks: Array<{ name: string; args: string[] }>;
}

export interface TranscriptStep {
  expected?: BotiumMessage;
  actual?: BotiumMessage | null;
  err?: unknown;
}

export interface Convo {
  header: { name: string; description?: string };
  conversation: ConvoStep[];
  sourceTag?: { convoDir?: string; filename?: string; origConvoName?: string };
  expandPartialConvos(): void;
  Run(container: Container): Promise<unknown>;
}

/** The error convo.Run rejects with when a convo fails. */
export interface TranscriptError extends Error {
  transcript?: { steps: TranscriptStep[] };
}

export interface Compiler {
  convos: Convo[];
  utterances: Record<string, { name: string; utterances: string[] }>;
  partialConvos: Record<string, Convo>;
  ReadBotiumFilesFromDirectory(dir: string): string[];
  ReadScript(dir: string, filename: string): unknown;
  ExpandConvos(): void;
  IsAsserterValid(name: string): unknown;
  IsLogicHookValid(name: string): unknown;
  IsUserInputValid(name: string): unknown;
}

export interface Container {
  Start(): Promise<unknown>;
  Stop(): Promise<unknown>;
  Clean(): Promise<unknown>;
}

export interface BotDriver {
  BuildCompiler(): Compiler;
  Build(): Promise<Container>;
}

/** What Botium hands a connector (CONTAINERMODE) it creates. */
export interface ConnectorArgs {
  queueBotSays(message: BotiumMessage | Error): void;
  caps: Capabilities;
  [other: string]: unknown;
}

/** A Botium connector: what a CONTAINERMODE class or function returns. */
export interface Connector {
  Validate?(): Promise<void> | void;
  Build?(): Promise<void> | void;
  Start?(): Promise<void> | void;
  UserSays(message: BotiumMessage): Promise<unknown>;
  Stop?(): Promise<void> | void;
  Clean?(): Promise<void> | void;
}

interface BotiumCore {
  BotDriver: new (caps?: Capabilities) => BotDriver;
  Lib: { SimpleRestContainer: new (args: ConnectorArgs) => Required<Connector> };
}

let botium: BotiumCore | undefined;

/**
 * botium-core, loaded when convos first run: it is an optional peer dependency of the package (the `qa`
 * command's `--help` and `--record` work without it).
 * @throws Error saying how to install it when it is missing.
 */
function botiumCore(): BotiumCore {
  if (botium) return botium;
  try {
    botium = require('botium-core') as BotiumCore;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND';
    if (missing && /botium-core/.test((error as Error).message))
      throw new Error(
        'running convos needs botium-core (an optional peer dependency): npm install botium-core',
      );
    throw error;
  }
  return botium;
}

/** A Botium driver for these capabilities (Botium also merges ./botium.json and BOTIUM_* variables). */
export function createDriver(caps: Capabilities): BotDriver {
  return new (botiumCore().BotDriver)(caps);
}

/** Botium's own `simplerest` connector. */
export function createSimpleRestConnector(args: ConnectorArgs): Required<Connector> {
  return new (botiumCore().Lib.SimpleRestContainer)(args);
}
