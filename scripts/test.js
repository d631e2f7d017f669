#!/usr/bin/env node
// The whole test suite: makes sure a redis-server is there, type-checks the tree, then runs jest.
'use strict';
const { spawnSync } = require('node:child_process');

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

function run(cmd, args) {
  const result = spawnSync(cmd, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

ensureRedisServer();
run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit']);
run(process.execPath, [require.resolve('jest/bin/jest'), ...process.argv.slice(2)]);
