import type { RequestListener } from 'node:http';
import { resolve } from 'node:path';
import express from 'express';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import { startAppTransport } from './app-transport';

/** Bot logic, e.g. an `ActivityHandler`: anything with `run(context)`. */
export interface BotLogic {
  run(context: TurnContext): Promise<void>;
}

/**
 * A bot the QA runner can start in this process:
 * - an HTTP app serving `POST /api/messages` (e.g. express with CloudAdapter), optionally with `close()`
 *   for what it opened (the example's `createBotApp()` returns `{ app, close }`);
 * - or bot logic (`{ bot }`, e.g. an ActivityHandler), hosted on botbuilder's CloudAdapter without an app
 *   id, as the Emulator talks to a local bot.
 */
export type InProcessBot =
  | RequestListener
  | { app: RequestListener; close?(): Promise<void> }
  | { bot: BotLogic; close?(): Promise<void> };

/** A bot served on a loopback port. */
export interface ServedBot {
  /** Its messaging endpoint, `http://127.0.0.1:<port>/api/messages`. */
  readonly url: string;
  /** Stops the server and closes what the bot opened. */
  close(): Promise<void>;
}

/** The example bot the QA command runs when no --url is given. */
export const DEFAULT_IN_PROCESS_BOT = 'examples/home-services-bot/app.ts#createBotApp';

/**
 * Loads `<module path>#<exported factory>` (path relative to `cwd`), calls the factory and returns what
 * it built. TypeScript modules load when the process runs under ts-node.
 */
export async function loadInProcessBot(spec: string, cwd = process.cwd()): Promise<InProcessBot> {
  const [modulePath, exportName = 'createBotApp'] = spec.split('#');
  let loaded: Record<string, unknown>;
  try {
    loaded = require(resolve(cwd, modulePath)) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(`cannot load the in-process bot ${modulePath}: ${reason}`);
  }
  const factory = loaded[exportName];
  if (typeof factory !== 'function') throw new Error(`${modulePath} exports no function "${exportName}".`);
  return (await (factory as () => unknown)()) as InProcessBot;
}

/** Serves an in-process bot on 127.0.0.1 at a free port, exactly as a channel would reach it. */
export async function serveBot(bot: InProcessBot): Promise<ServedBot> {
  const { app, close } = asApp(bot);
  const server = await startAppTransport(app);
  return {
    url: server.url,
    close: async () => {
      await server.close();
      await close?.();
    },
  };
}

function asApp(bot: InProcessBot): { app: RequestListener; close?(): Promise<void> } {
  if (typeof bot === 'function') return { app: bot };
  if (bot && typeof (bot as { app?: unknown }).app === 'function') {
    return bot as { app: RequestListener; close?(): Promise<void> };
  }
  const logic = (bot as { bot?: Partial<BotLogic> } | undefined)?.bot;
  if (logic && typeof logic.run === 'function') {
    return { app: hostOnCloudAdapter(logic as BotLogic), close: (bot as { close?(): Promise<void> }).close };
  }
  throw new Error('an in-process bot must be an HTTP app, { app, close? } or { bot: { run(context) } }.');
}

/** Bot logic behind botbuilder's CloudAdapter on POST /api/messages (no app id: local, unauthenticated). */
function hostOnCloudAdapter(logic: BotLogic): RequestListener {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const app = express();
  app.post('/api/messages', express.json(), async (req, res) => {
    await adapter.process(req, res, (context) => logic.run(context));
  });
  return app;
}
