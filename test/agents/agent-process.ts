/** The Agents SDK example as a real process: `npm run start:agents` on a free port. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../support/redis-server';

const ROOT = join(__dirname, '../..');

export interface RunningAgent {
  url: string;
  output(): string;
  /** Stops it with SIGTERM; resolves to everything it printed. */
  stop(): Promise<string>;
}

/** `npm run start:agents` in its own process group (so stopping it stops ts-node too). */
export async function startAgent(env: NodeJS.ProcessEnv): Promise<RunningAgent> {
  const port = await freePort();
  const child: ChildProcess = spawn('npm', ['run', '--silent', 'start:agents'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // 'close', not 'exit': npm exits before the agent it started has finished its graceful shutdown; the
  // pipes close when every process of the group holding them has ended.
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const deadline = Date.now() + 30_000;
  while (!output.includes('listening') && child.exitCode === null && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!output.includes('listening')) {
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM'); // ours: the group we started
    throw new Error(`start:agents did not start:\n${output}`);
  }
  return {
    url: `http://127.0.0.1:${port}/api/messages`,
    output: () => output,
    stop: async () => {
      process.kill(-child.pid!, 'SIGTERM');
      await closed;
      return output;
    },
  };
}
