/** What the benches share: a bot served in a process of its own, and a Messenger-shaped turn over HTTP. */
import { spawn, type ChildProcess } from 'node:child_process';
import { request, type Agent } from 'node:http';
import { join } from 'node:path';

/** A bench bot (bench/*.ts run with ts-node) that printed `listening <port>`. */
export interface BotProcess {
  readonly name: string;
  /** `http://127.0.0.1:<port>` */
  readonly base: string;
  readonly child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
}

/** Starts `bench/<script>` in its own Node process; killed when the bench exits. */
export async function startBotProcess(
  name: string,
  script: string,
  env: Record<string, string | undefined>,
  options: { nodeArgs?: string[]; ipc?: boolean } = {},
): Promise<BotProcess> {
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      require.resolve('ts-node/dist/bin'),
      '--transpile-only',
      join(__dirname, script),
    ],
    {
      env: { ...process.env, ...env },
      stdio: options.ipc ? ['ignore', 'pipe', 'inherit', 'ipc'] : ['ignore', 'pipe', 'inherit'],
    },
  );
  process.once('exit', () => child.kill('SIGKILL'));
  let out = '';
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = out.match(/listening (\d+)/);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
  });
  return { name, base: `http://127.0.0.1:${port}`, child, output: () => out };
}

/**
 * One Messenger message turn of user number `user` over HTTP (`expectReplies`); resolves with its latency
 * in ms once the reply says hello, rejects otherwise.
 */
export function messengerTurn(url: string, agent: Agent, user: number, text: string): Promise<number> {
  const body = JSON.stringify({
    type: 'message',
    text,
    channelId: 'facebook',
    from: { id: `psid-${user}`, name: `User ${user}` },
    recipient: { id: 'page', name: 'Home Services' },
    conversation: { id: `psid-${user}-page` },
    serviceUrl: 'http://127.0.0.1:1',
    deliveryMode: 'expectReplies',
    locale: 'en-US',
  });
  const start = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let reply = '';
        res.on('data', (chunk) => (reply += chunk));
        res.on('end', () => {
          if (res.statusCode !== 200 || !reply.includes('Hello')) {
            reject(new Error(`${url}: HTTP ${res.statusCode} ${reply.slice(0, 200)}`));
          } else resolve(Number(process.hrtime.bigint() - start) / 1e6);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
