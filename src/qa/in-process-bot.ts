import type { RequestListener } from 'node:http';
import { resolve } from 'node:path';
import { startAppTransport } from './app-transport';
import type { HttpConvoTransportOptions } from './http-transport';
import type { ConvoTransport } from './transport';

/**
 * What an in-process bot factory may return: an HTTP app (e.g. express with CloudAdapter on
 * `/api/messages`), such an app with a `close()`, or a ready {@link ConvoTransport}.
 */
export type InProcessBot =
  RequestListener | { app: RequestListener; close?(): Promise<void> } | ConvoTransport;

/** The example bot the QA script runs when no --url is given. */
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

/** A transport to an in-process bot; `close()` also closes what the bot factory opened. */
export async function inProcessTransport(
  bot: InProcessBot,
  options: HttpConvoTransportOptions = {},
): Promise<ConvoTransport> {
  if (typeof bot === 'function') return startAppTransport(bot, options);
  if (bot && typeof (bot as ConvoTransport).send === 'function') return bot as ConvoTransport;
  if (bot && typeof (bot as { app?: unknown }).app === 'function') {
    const { app, close } = bot as { app: RequestListener; close?(): Promise<void> };
    const transport = await startAppTransport(app, options);
    return {
      send: (activity) => transport.send(activity),
      close: async () => {
        await transport.close();
        await close?.();
      },
    };
  }
  throw new Error('the in-process bot factory must return an HTTP app, {app, close?} or a transport {send}.');
}
