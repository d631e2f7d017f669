import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The Agents SDK binding loads in a fresh Node process without botbuilder (the SDK it replaces) and without
 * the heavy dependencies of the other parts (Redis client, express, Prometheus).
 */
describe('src/agents, the Agents SDK binding', () => {
  it('loads @microsoft/agents-hosting and none of botbuilder, ioredis, express or prom-client', () => {
    const probe = `
      const binding = require('./src/agents/index.ts');
      const loaded = (name) => Object.keys(require.cache).some((file) => file.includes('/node_modules/' + name + '/'));
      const names = ['botbuilder', 'botbuilder-core', 'botbuilder-dialogs', 'ioredis', 'express', 'prom-client', '@microsoft/agents-hosting'];
      console.log(JSON.stringify({ exports: Object.keys(binding).sort(), loaded: names.filter(loaded) }));
    `;
    const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', probe], {
      cwd: join(__dirname, '../..'),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(0);
    const { exports, loaded } = JSON.parse(run.stdout.trim().split('\n').pop()!) as {
      exports: string[];
      loaded: string[];
    };
    expect(loaded).toEqual(['@microsoft/agents-hosting']);
    expect(exports).toEqual(
      expect.arrayContaining(['createPrivacy', 'createConsentFeatures', 'MetricsMiddleware', 'DialogSet']),
    );
  }, 90_000);
});
