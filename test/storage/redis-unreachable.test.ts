import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../support/redis-server';

// A bot started without a reachable Redis: one clear line on standard error (not ioredis's
// `[ioredis] Unhandled error event` on every retry), storage calls reject with StorageUnavailableError,
// and one line again when Redis is back.

const ROOT = join(__dirname, '../..');

/** A process that creates the client as the README does and tries a read every 300 ms for `ms`. */
function runBot(url: string, ms: number) {
  const script = `
    const { createRedisClient, RedisStorage } = require('./src/redis');
    const redis = createRedisClient(${JSON.stringify(url)}, 300);
    const storage = new RedisStorage({ redis, operationTimeoutMs: 300 });
    const outcomes = new Set();
    const timer = setInterval(() => storage.read(['webchat/users/u1/']).then(
      () => outcomes.add('ok'), (error) => outcomes.add(error.name)), 300);
    setTimeout(() => { clearInterval(timer); console.log(JSON.stringify([...outcomes])); process.exit(0); }, ${ms});
  `;
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const done = new Promise<{ outcomes: string[]; stderr: string }>((resolve) =>
    child.on('exit', () => resolve({ outcomes: JSON.parse(stdout || '[]') as string[], stderr })),
  );
  return { child, done, stderr: () => stderr };
}

it('says once that Redis is unreachable, fails storage calls cleanly, and says when it is back', async () => {
  const port = await freePort();
  const bot = runBot(`redis://:not-in-the-log@127.0.0.1:${port}`, 9000);
  // Let it retry for a while with nothing listening, then start Redis on that port.
  const deadline = Date.now() + 6000;
  while (!bot.stderr().includes('unreachable') && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 2000));
  // Started by hand: startRedisServer picks its own port.
  const server = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--requirepass',
      'not-in-the-log',
    ],
    { stdio: 'ignore' },
  );
  try {
    const { outcomes, stderr } = await bot.done;
    const lines = stderr.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(
          `^botbuilder-privacy: Redis at 127\\.0\\.0\\.1:${port} is unreachable \\(.*ECONNREFUSED.*\\); storage calls fail with StorageUnavailableError`,
        ),
      ),
      `botbuilder-privacy: Redis at 127.0.0.1:${port} is reachable again.`,
    ]);
    expect(stderr).not.toContain('not-in-the-log');
    expect(stderr).not.toContain('Unhandled error event');
    expect(outcomes.sort()).toEqual(['StorageUnavailableError', 'ok']);
  } finally {
    server.kill('SIGTERM');
  }
}, 30_000);
