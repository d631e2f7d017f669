import { createInterface } from 'node:readline';
import { runChatCli, type ChatBot } from '../chat/chat-cli';

/**
 * Runs the `chat` command on this process's terminal (readline over stdin; piped lines are echoed) and
 * resolves to its exit code. `startBot` starts the bot used when no `--url` is given.
 */
export async function runChatInTerminal(
  argv: readonly string[],
  startBot: (options: { timeoutMs: number }) => Promise<ChatBot>,
): Promise<number> {
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const reader = createInterface({
    input: process.stdin,
    output: interactive ? process.stdout : undefined,
    terminal: interactive,
  });
  reader.setPrompt('you> ');
  reader.on('SIGINT', () => reader.close()); // Ctrl-C leaves like Ctrl-D
  // Iterate from the start: piped lines read while the bot starts would otherwise be lost.
  const iterator = reader[Symbol.asyncIterator]();
  const lines: AsyncIterable<string> = { [Symbol.asyncIterator]: () => iterator };
  try {
    return await runChatCli(argv, {
      lines,
      out: (line) => console.log(line),
      err: (line) => console.error(line),
      prompt: () => interactive && reader.prompt(),
      echo: !interactive,
      startBot,
    });
  } finally {
    reader.close();
  }
}
