/**
 * Talk to the bot in the terminal:
 *
 *   npm run chat                                          # the example bot, in-process
 *   npm run chat -- --channel facebook --locale es-ES --name "Ana López"
 *   npm run chat -- --url http://localhost:3978/api/messages
 *   printf 'hi\nprivacy\n1\n' | npm run chat              # scripted
 *
 * Without --url it starts examples/home-services-bot/app.ts (Redis when REDIS_URL is set, else memory).
 */
import { config } from 'dotenv';
import type { ChatBot } from '../src/chat/chat-cli';
import { runChatInTerminal } from '../src/cli/chat-terminal';
import { startAppTransport } from '../src/qa/app-transport';

async function startExampleBot(options: { timeoutMs: number }): Promise<ChatBot> {
  const { createBotApp, configFromEnv } = await import('../examples/home-services-bot/app');
  const bot = await createBotApp(configFromEnv());
  let transport: Awaited<ReturnType<typeof startAppTransport>>;
  try {
    transport = await startAppTransport(bot.app, options);
  } catch (error) {
    await bot.close();
    throw error;
  }
  return {
    description: `the example bot (in-process, ${bot.storageKind} storage)`,
    transport: {
      send: (activity) => transport.send(activity),
      close: async () => {
        await transport.close();
        await bot.close();
      },
    },
  };
}

if (require.main === module) {
  config({ quiet: true });
  void runChatInTerminal(process.argv.slice(2), startExampleBot).then(
    (code) => {
      process.exitCode = code;
      // The in-process bot may leave a client open: do not hang once the chat is over.
      setTimeout(() => process.exit(code), 1000).unref();
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
