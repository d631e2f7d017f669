#!/usr/bin/env node
// The whole test suite: makes sure a redis-server is there, type-checks the tree, then runs jest.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

function has(cmd) {
  return spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;
}

function ensureRedisServer() {
  if (process.env.REDIS_URL || has('redis-server')) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && has('apt-get')) {
    console.log('redis-server not found: installing the Debian package redis-server ...');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const install = spawnSync('apt-get', ['install', '-y', '-qq', 'redis-server'], { stdio: 'inherit', env });
    if (install.status === 0 && has('redis-server')) return;
  }
  console.error(
    'redis-server not found: install it (Debian/Ubuntu: sudo apt-get install -y redis-server; macOS: brew install redis) or set REDIS_URL to a Redis you can flush.',
  );
  process.exit(1);
}

/** The browser tests drive Debian's `chromium`; like redis-server, it is installed when missing and we can. */
function ensureChromium() {
  if (process.env.CHROMIUM_PATH) return;
  const known = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  if (known.some((file) => fs.existsSync(file))) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && has('apt-get')) {
    console.log('chromium not found: installing the Debian package chromium for the browser tests ...');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
    if (known.some((file) => fs.existsSync(file))) return;
  }
  // Not fatal here: the browser tests fail with one line that says how to install it.
  console.error(
    'chromium not found: the browser tests will fail (Debian/Ubuntu: apt-get install -y chromium, or set CHROMIUM_PATH).',
  );
}

function run(cmd, args) {
  const result = spawnSync(cmd, args, { stdio: 'inherit' });
  return result.status ?? 1;
}

/** Jest's counts from its --json results file (undefined when jest failed before running tests). */
function readCounts(resultsFile) {
  try {
    const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    return {
      passed: results.numPassedTests,
      failed: results.numFailedTests,
      skipped: results.numPendingTests + results.numTodoTests,
    };
  } catch {
    // No results file: jest failed before running tests; its own output says why.
    return undefined;
  } finally {
    fs.rmSync(resultsFile, { force: true });
  }
}

/** Runs jest with these arguments and returns its exit status and counts. */
function runJest(args) {
  const resultsFile = path.join(os.tmpdir(), `bbp-jest-${process.pid}-${Date.now()}.json`);
  const status = run(process.execPath, [
    require.resolve('jest/bin/jest'),
    '--json',
    `--outputFile=${resultsFile}`,
    ...args,
  ]);
  return { status, counts: readCounts(resultsFile) };
}

ensureRedisServer();
ensureChromium();
const typecheck = run(process.execPath, [
  require.resolve('typescript/bin/tsc'),
  '-p',
  'tsconfig.json',
  '--noEmit',
]);
if (typecheck !== 0) process.exit(typecheck);
const extraArgs = process.argv.slice(2);
const runs = [runJest(extraArgs)];
// The multi-process tests (two example bots on one Redis) run after the rest, on their own, unless the
// caller picked tests (`npm test -- some/file`).
if (extraArgs.length === 0) runs.push(runJest(['--testMatch', '**/test/**/*.distributed.ts']));
const total = { passed: 0, failed: 0, skipped: 0 };
for (const { counts } of runs) {
  if (!counts) continue;
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped;
}
// One plain closing line for CI to read, e.g. `jest: 942 passed, 0 failed`.
console.log(
  `jest: ${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`,
);
process.exit(runs.find((r) => r.status !== 0)?.status ?? 0);
