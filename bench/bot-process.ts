/** What the benches share: a bot served in a process of its own, and a Messenger-shaped turn over HTTP. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request, type Agent } from 'node:http';
import { join } from 'node:path';
import { messengerMessage } from '../test/examples/serve-example';

/** A bench bot (bench/*.ts run with ts-node) that printed `listening <port>`. */
export interface BotProcess {
  readonly name: string;
  /** `http://127.0.0.1:<port>` */
  readonly base: string;
  readonly child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
}

/**
 * Starts `bench/<script>` in its own Node process; killed when the bench exits. With `BENCH_PROFILE_DIR`
 * set, it runs under `node --cpu-prof` and writes `<name>.cpuprofile` there when it exits normally (see
 * {@link stopBotProcesses}; summarise it with bench/profile-summary.ts).
 */
export async function startBotProcess(
  name: string,
  script: string,
  env: Record<string, string | undefined>,
  options: { nodeArgs?: string[]; ipc?: boolean } = {},
): Promise<BotProcess> {
  const profileDir = process.env.BENCH_PROFILE_DIR;
  const profile = profileDir
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${profileDir}`,
        `--cpu-prof-name=${name.replace(/\W+/g, '-')}.cpuprofile`,
      ]
    : [];
  const child = spawn(
    process.execPath,
    [
      ...profile,
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
  const psid = `psid-${user}`;
  const body = JSON.stringify(messengerMessage(text, psid, { from: { id: psid, name: `User ${user}` } }));
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

/** Asks each bot to exit (SIGTERM: a normal exit, writing its CPU profile when it has one) and waits. */
export async function stopBotProcesses(children: readonly ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
}

/** CPU time (user + system) a process has used so far, in ms; undefined where /proc is not available. */
export function cpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    // Not Linux (or the process is gone): the caller leaves the CPU figure out.
    return undefined;
  }
}
const CLOCK_TICKS = 100; // USER_HZ, 100 on every Linux this runs on
