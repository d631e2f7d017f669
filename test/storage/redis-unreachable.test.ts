import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../support/redis-server';

// A bot started without a reachable Redis: one clear line on standard error (not ioredis's
// `[ioredis] Unhandled error event` on every retry), storage calls reject with StorageUnavailableError,
// and one line again when Redis is back.

const ROOT = join(__dirname, '../..');

/**
 * A process that creates the client as the README does and tries a read every 300 ms until its standard
 * input ends; then it prints what the reads gave.
 */
function runBot(url: string) {
  const script = `
    const { createRedisClient, RedisStorage } = require('./src/redis');
    const redis = createRedisClient(${JSON.stringify(url)}, 300);
    const storage = new RedisStorage({ redis, operationTimeoutMs: 300 });
    const outcomes = new Set();
    const timer = setInterval(() => storage.read(['webchat/users/u1/']).then(
      () => outcomes.add('ok'), (error) => outcomes.add(error.name)), 300);
    process.stdin.resume();
    process.stdin.on('end', () => {
      clearInterval(timer);
      console.log(JSON.stringify([...outcomes]));
      process.exit(0);
    });
  `;
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
    cwd: ROOT,
    // A configured subject secret, as a deployment has: the only lines are then Redis's own.
    env: { PATH: process.env.PATH, PRIVACY_SUBJECT_SECRET: 'unreachable-test-subject-secret-0123456789' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const done = new Promise<{ outcomes: string[]; stderr: string }>((resolve) =>
    child.on('exit', () => resolve({ outcomes: JSON.parse(stdout || '[]') as string[], stderr })),
  );
  /** Waits (up to 20 s: the machine may be loaded) until standard error contains `text`. */
  const waitFor = async (text: string) => {
    const deadline = Date.now() + 20_000;
    while (!stderr.includes(text) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  };
  return { done, waitFor, stop: () => child.stdin.end() };
}

it('says once that Redis is unreachable, fails storage calls cleanly, and says when it is back', async () => {
  const port = await freePort();
  const bot = runBot(`redis://:not-in-the-log@127.0.0.1:${port}`);
  // Let it retry for a while with nothing listening, then start Redis on that port.
  await bot.waitFor('unreachable');
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
    await bot.waitFor('reachable again');
    await new Promise((r) => setTimeout(r, 1000)); // a few reads with Redis back
    bot.stop();
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
}, 90_000);
