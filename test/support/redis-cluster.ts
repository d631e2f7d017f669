import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { freePort } from './redis-server';

/** A throwaway Redis Cluster on loopback ports, for tests. */
export interface RunningRedisCluster {
  /** Every node, masters and replicas. */
  nodes: Array<{ host: string; port: number }>;
  /** Ports of the nodes that are masters now. */
  masterPorts(): number[];
  /** Ends a node at once (SIGKILL), as a crash would. */
  killNode(port: number): Promise<void>;
  /** `CLUSTER INFO` / `INFO` fields of a node, e.g. `cluster_state`, `role`. */
  nodeField(port: number, field: string): string;
  stop(): Promise<void>;
}

export interface RedisClusterOptions {
  /** Masters (default 3). */
  masters?: number;
  /** Replicas per master (default 0). */
  replicas?: number;
  /** `cluster-node-timeout`: how soon a silent node counts as failed (default 15000 ms, Redis's own). */
  nodeTimeoutMs?: number;
}

/** Starts every node at once, then joins them with `redis-cli --cluster create`. */
export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<RunningRedisCluster> {
  const { masters = 3, replicas = 0, nodeTimeoutMs = 15_000 } = options;
  const dir = mkdtempSync(join(tmpdir(), 'bbp-cluster-'));
  const ports: number[] = [];
  const children = new Map<number, ChildProcess>();
  const spawnNode = (port: number): ChildProcess => {
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        join(dir, `nodes-${port}.conf`),
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
        '--cluster-node-timeout',
        String(nodeTimeoutMs),
      ],
      { stdio: 'ignore' },
    );
    process.once('exit', () => child.kill('SIGKILL'));
    return child;
  };
  for (let i = 0; i < masters * (1 + replicas); i++) {
    // A node also listens on its port + 10000 (the cluster bus): both must be free, or it exits at once.
    // A port taken between the check and the start (another test, a client's ephemeral port) is retried.
    for (let attempt = 0; ; attempt++) {
      const port = await clusterPort();
      const child = spawnNode(port);
      const started = await startedOrExited(child, port);
      if (started) {
        ports.push(port);
        children.set(port, child);
        break;
      }
      if (attempt >= 4) throw new Error(`A cluster node could not start (port ${port})`);
    }
  }
  const stop = async () => {
    await Promise.all(
      [...children.values()].map(
        (child) =>
          new Promise<void>((resolve) =>
            exited(child) ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGTERM')),
          ),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const created = spawnSync(
      'redis-cli',
      [
        '--cluster',
        'create',
        ...ports.map((p) => `127.0.0.1:${p}`),
        '--cluster-replicas',
        String(replicas),
        '--cluster-yes',
      ],
      { encoding: 'utf8' },
    );
    if (created.status !== 0)
      throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
    for (const port of ports)
      await waitFor(
        () => cli(port, ['cluster', 'info']).includes('cluster_state:ok'),
        `node ${port} to join`,
      );
    if (replicas > 0) {
      await waitFor(
        () =>
          ports.every(
            (port) => cli(port, ['role']).startsWith('master') || field(port, 'master_link_status') === 'up',
          ),
        'the replicas to sync',
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const alive = (port: number) => {
    const child = children.get(port);
    return child !== undefined && !exited(child);
  };
  return {
    nodes: ports.map((port) => ({ host: '127.0.0.1', port })),
    masterPorts: () => ports.filter((port) => alive(port) && cli(port, ['role']).startsWith('master')),
    killNode: (port) =>
      new Promise<void>((resolve) => {
        const child = children.get(port);
        if (!child || exited(child)) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
    nodeField: field,
    stop,
  };
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** A field of `CLUSTER INFO` or `INFO replication` of a node ('' when absent). */
function field(port: number, name: string): string {
  const text = `${cli(port, ['cluster', 'info'])}\n${cli(port, ['info', 'replication'])}`;
  return new RegExp(`^${name}:(.*)$`, 'm').exec(text)?.[1]?.trim() ?? '';
}

/** A free loopback port whose cluster bus port (port + 10000) is free too. */
async function clusterPort(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port + 10_000 <= 65_535 && (await canListen(port + 10_000))) return port;
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** True once the node answers PING; false when it exits first (its port was taken). */
async function startedOrExited(child: ChildProcess, port: number): Promise<boolean> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (exited(child)) return false;
    if (cli(port, ['ping']) === 'PONG') return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for node ${port} to start`);
}

function cli(port: number, args: string[]): string {
  return spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' }).stdout?.trim() ?? '';
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
}
