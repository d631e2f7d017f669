import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../support/redis-server';
import { testRedisUrl, uniquePrefix } from '../support/redis';
import { ENTRIES, PACKAGE_NAME, REPO, specifierOf } from './package-entries';
import {
  createWorkspace,
  installConsumer,
  packPackage,
  type PackedPackage,
  type Workspace,
} from './packed-package';

// The package as a new user receives it: `npm pack` on the repository (its prepack builds), the tarball
// installed into fresh projects with only the documented peer dependencies, the README's quick starts
// compiled with strict TypeScript and run against Redis, every entry required and imported, and the bin.

const run = promisify(execFile);
const TSC = require.resolve('typescript/bin/tsc');

/** The README's install lines, per host (the test keeps them honest: only these are installed). */
const BOTBUILDER_PEERS = ['botbuilder@~4.23.3', 'botbuilder-dialogs@~4.23.3', 'ioredis@^6', 'express@^5'];
const AGENTS_PEERS = [
  '@microsoft/agents-hosting@~1.8.1',
  '@microsoft/agents-hosting-dialogs@~0.6.22',
  'ioredis@^6',
  'express@^5',
];
/** What a TypeScript user adds: the README says so next to the install line. */
const TYPES = ['@types/express@^5', '@types/node@^20'];

/** The packages of the README's `npm install` lines in the first ```sh block after `heading` (no versions). */
function readmeInstall(heading: string): { packages: string[]; devPackages: string[] } {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const at = readme.indexOf(`\n${heading}\n`);
  const start = readme.indexOf('```sh\n', at) + '```sh\n'.length;
  const lines = readme.slice(start, readme.indexOf('\n```', start)).split('\n');
  const packagesOf = (prefix: string) =>
    (lines.find((line) => line.startsWith(prefix)) ?? '')
      .split('#')[0]
      .slice(prefix.length)
      .split(/\s+/)
      .filter(Boolean)
      .sort();
  return {
    packages: packagesOf('npm install botbuilder-privacy '),
    devPackages: packagesOf('npm install --save-dev '),
  };
}

/** `name` of `name@range`. */
const nameOf = (spec: string) => spec.slice(0, spec.lastIndexOf('@') > 0 ? spec.lastIndexOf('@') : undefined);

/** The README's table of entries: each entry and the names its "what it holds" column gives in backticks. */
function readmeEntryTable(): { specifier: string; names: string[] }[] {
  return readFileSync(join(REPO, 'README.md'), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('| `botbuilder-privacy'))
    .map((line) => {
      const [, specifierCell, holds] = line.split('|');
      const names = [...holds.matchAll(/`([^`]+)`/g)]
        .map((m) => m[1])
        .filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));
      return { specifier: specifierCell.trim().replace(/`/g, ''), names };
    });
}

/** The first ```ts block after the README heading `heading`. */
function readmeQuickStart(heading: string): string {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const at = readme.indexOf(`\n${heading}\n`);
  if (at < 0) throw new Error(`README.md has no heading "${heading}"`);
  const start = readme.indexOf('```ts\n', at) + '```ts\n'.length;
  return readme.slice(start, readme.indexOf('\n```', start));
}

/** Runs the repository's tsc on a tsconfig written into `dir`; resolves to its diagnostics (empty: fine). */
async function compile(dir: string, name: string, compilerOptions: Record<string, unknown>): Promise<string> {
  const config = join(dir, `tsconfig.${name}.json`);
  writeFileSync(
    config,
    JSON.stringify({
      compilerOptions: {
        // What \`tsc --init\` writes: strict, and the libraries' own declarations left to them.
        strict: true,
        skipLibCheck: true,
        target: 'es2022',
        types: ['node'],
        ...compilerOptions,
      },
      files: ['quickstart.ts'],
    }),
  );
  try {
    await run(process.execPath, [TSC, '-p', config], { cwd: dir });
    return '';
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error);
  }
}

/** A started quick start: its URL, what it printed, and how to stop it. */
interface RunningBot {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

async function startQuickStart(dir: string): Promise<RunningBot> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['out/quickstart.js'], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      REDIS_URL: testRedisUrl(),
      PRIVACY_SUBJECT_SECRET: 'consumer-test-secret-0123456789abcdef-0123456789',
    },
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}/api/messages`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the quick start exited (${child.exitCode}):\n${output}`);
    try {
      await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      break;
    } catch {
      // Not listening yet.
      if (Date.now() > deadline) throw new Error(`the quick start did not listen within 30 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    url,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

interface Reply {
  text?: string;
  suggestedActions?: { actions?: { title?: string }[] };
}

/** Says `text` as a web chat user and returns the bot's answer (expectReplies). */
async function say(url: string, text: string, user: string, extra: Record<string, unknown> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      text,
      channelId: 'webchat',
      locale: 'en-US',
      from: { id: user },
      recipient: { id: 'bot' },
      conversation: { id: `${user}-conversation` },
      serviceUrl: 'http://localhost',
      deliveryMode: 'expectReplies',
      ...extra,
    }),
  });
  const body = (await response.json().catch(() => ({}))) as { activities?: Reply[] };
  return { status: response.status, activities: body.activities ?? [] };
}

/** `require()`d files of one built JavaScript file (static requires; TypeScript emits dynamic imports as require too). */
function requiresOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/require\((["'])(\.{1,2}\/[^"']+)\1\)/g)) {
    const target = resolve(dirname(file), match[2]);
    found.push(existsSync(`${target}.js`) ? `${target}.js` : join(target, 'index.js'));
  }
  return found;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** A script line that requires `specifier` and prints `loaded` or the first line of the error. */
function tryRequire(specifier: string): string {
  return `try { require('${specifier}'); console.log('loaded'); } catch (e) { console.log(e.message.split('\\n')[0]); }`;
}

async function node(cwd: string, args: string[], input?: string, env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolvePromise) => {
    const child = spawn(process.execPath, args, { cwd, env: { PATH: process.env.PATH, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

describe('the packed package in fresh projects', () => {
  let workspace: Workspace;
  let packed: PackedPackage;
  /** botbuilder host (+ prom-client for /metrics), Agents SDK host, botbuilder packages only, ioredis only. */
  const projects = { botbuilder: '', agents: '', redisOnly: '' };
  /** What requiring entries printed in the botbuilder project while only botbuilder packages were in it. */
  let coreOnlyLoad = '';

  beforeAll(async () => {
    workspace = createWorkspace('consumer');
    packed = await packPackage(workspace.root);
    const botbuilderProject = async () => {
      // First with the botbuilder packages only (what the main entry needs), then the rest of its peers.
      const dir = await installConsumer(workspace.root, 'botbuilder-bot', packed.tarball, [
        'botbuilder@~4.23.3',
        'botbuilder-dialogs@~4.23.3',
      ]);
      coreOnlyLoad = (
        await node(dir, ['-e', `${tryRequire(PACKAGE_NAME)}${tryRequire(`${PACKAGE_NAME}/redis`)}`])
      ).stdout;
      return installConsumer(workspace.root, 'botbuilder-bot', packed.tarball, [
        ...BOTBUILDER_PEERS,
        'prom-client@^15',
        ...TYPES,
      ]);
    };
    [projects.botbuilder, projects.agents, projects.redisOnly] = await Promise.all([
      botbuilderProject(),
      installConsumer(workspace.root, 'agents-bot', packed.tarball, [...AGENTS_PEERS, ...TYPES]),
      installConsumer(workspace.root, 'redis-only', packed.tarball, ['ioredis@^6']),
    ]);
  }, 600_000);

  afterAll(() => workspace?.remove());

  it('installs what the README says to install, for each host', () => {
    expect(readmeInstall('## Installing in your bot')).toEqual({
      packages: BOTBUILDER_PEERS.map(nameOf).sort(),
      devPackages: TYPES.map(nameOf).sort(),
    });
    expect(readmeInstall('## Quick start: Microsoft 365 Agents SDK')).toEqual({
      packages: AGENTS_PEERS.map(nameOf).sort(),
      devPackages: TYPES.map(nameOf).sort(),
    });
  });

  it('exports from each entry the names the README’s table of entries gives it', async () => {
    const table = readmeEntryTable();
    expect(table.map((row) => row.specifier).sort()).toEqual(
      ENTRIES.map((e) => specifierOf(e.subpath)).sort(),
    );
    // One process per project: the Agents SDK entry from the Agents project, the others from the botbuilder one.
    const exportsIn = async (project: string, specifiers: string[]) =>
      JSON.parse(
        (
          await node(project, [
            '-e',
            `console.log(JSON.stringify(Object.fromEntries(${JSON.stringify(specifiers)}.map((s) => [s, Object.keys(require(s))]))))`,
          ])
        ).stdout,
      ) as Record<string, string[]>;
    const isAgents = (specifier: string) => specifier.endsWith('/agents');
    const exported = {
      ...(await exportsIn(
        projects.botbuilder,
        table.map((row) => row.specifier).filter((s) => !isAgents(s)),
      )),
      ...(await exportsIn(projects.agents, table.map((row) => row.specifier).filter(isAgents))),
    };
    for (const { specifier, names } of table) {
      expect({ specifier, missing: names.filter((name) => !exported[specifier].includes(name)) }).toEqual({
        specifier,
        missing: [],
      });
    }
  }, 60_000);

  it('ships the built entries with declarations, the bin, README and LICENSE, and nothing else', () => {
    const paths = packed.files.map((file) => file.path);
    // For the README's figure; printed so a run shows it.
    console.log(
      `tarball: ${(packed.size / 1024).toFixed(0)} kB, ${paths.length} files, ${(packed.unpackedSize / 1024).toFixed(0)} kB unpacked`,
    );
    // The README's figures stay near the truth (within 15 %: files come and go between releases).
    const stated = /The tarball is (\d+) kB\s+\(([\d.]+) MB unpacked, (\d+) files\)/.exec(
      readFileSync(join(REPO, 'README.md'), 'utf8'),
    );
    expect(stated).not.toBeNull();
    const near = (statedValue: number, actual: number) => Math.abs(statedValue - actual) / actual <= 0.15;
    expect({
      size: near(Number(stated![1]) * 1024, packed.size),
      unpacked: near(Number(stated![2]) * 1024 * 1024, packed.unpackedSize),
      files: near(Number(stated![3]), paths.length),
    }).toEqual({ size: true, unpacked: true, files: true });
    expect(paths.filter((path) => !/^dist\/.+\.(js|d\.ts)$/.test(path)).sort()).toEqual([
      'LICENSE',
      'README.md',
      'package.json',
    ]);
    for (const { source } of ENTRIES) {
      const built = source.replace(/^src\//, 'dist/').replace(/\.ts$/, '');
      expect(paths).toEqual(expect.arrayContaining([`${built}.js`, `${built}.d.ts`]));
    }
    expect(paths).toContain('dist/cli/main.js');
    expect(readFileSync(join(projects.botbuilder, 'node_modules', PACKAGE_NAME, 'LICENSE'), 'utf8')).toMatch(
      /^MIT License/,
    );
  });

  it('ships no JavaScript file that neither an entry nor the bin loads', () => {
    const packageDir = join(projects.botbuilder, 'node_modules', PACKAGE_NAME);
    const roots = [
      ...ENTRIES.map(({ source }) =>
        join(packageDir, source.replace(/^src\//, 'dist/').replace(/\.ts$/, '.js')),
      ),
      join(packageDir, 'dist/cli/main.js'),
    ];
    const reached = new Set<string>();
    const queue = [...roots];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (reached.has(file)) continue;
      reached.add(file);
      queue.push(...requiresOf(file));
    }
    // A module of types only compiles to an empty CommonJS module: its declarations are what is used.
    const typesOnly = (file: string) =>
      readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\s+/g, ' ')
        .trim() === '"use strict"; Object.defineProperty(exports, "__esModule", { value: true });';
    const shipped = filesUnder(join(packageDir, 'dist')).filter(
      (file) => file.endsWith('.js') && !typesOnly(file),
    );
    expect(shipped.filter((file) => !reached.has(file)).map((file) => relative(packageDir, file))).toEqual(
      [],
    );
  });

  describe.each([
    ['botbuilder', '## Quick start: botbuilder', () => projects.botbuilder],
    ['Agents SDK', '## Quick start: Microsoft 365 Agents SDK', () => projects.agents],
  ])('the README quick start (%s)', (_host, heading, project) => {
    let bot: RunningBot | undefined;
    afterAll(() => bot?.stop());

    it('compiles with strict TypeScript under moduleResolution nodenext and bundler', async () => {
      const dir = project();
      writeFileSync(join(dir, 'quickstart.ts'), readmeQuickStart(heading));
      const [nodenext, bundler] = await Promise.all([
        compile(dir, 'nodenext', { module: 'nodenext', moduleResolution: 'nodenext', outDir: 'out' }),
        compile(dir, 'bundler', { module: 'preserve', moduleResolution: 'bundler', noEmit: true }),
      ]);
      expect({ nodenext, bundler }).toEqual({ nodenext: '', bundler: '' });
    }, 120_000);

    it('runs on Redis: greets, opens the privacy menu, and refuses a foreign serviceUrl without a stack dump', async () => {
      bot = await startQuickStart(project());
      const user = uniquePrefix('consumer');
      const greeting = await say(bot.url, 'hi', user);
      expect(greeting.status).toBe(200);
      expect(greeting.activities.map((a) => a.text)).toContain('Hi!');
      const menu = await say(bot.url, 'privacy', user);
      expect(menu.activities.map((a) => a.text)).toContain(
        'Privacy at Home Services: what would you like to do?',
      );
      expect(JSON.stringify(menu.activities)).toContain('Delete my data');
      const started = Date.now();
      const forged = await say(bot.url, 'hi', `${user}-2`, { serviceUrl: 'http://169.254.169.254/latest' });
      expect(forged.status).toBe(403);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(bot.output()).not.toMatch(/\n\s+at /); // no stack trace printed
    }, 60_000);
  });

  it('requires and imports every entry of the exports map (CommonJS and ES modules)', async () => {
    const script = (specifiers: string[]) => `
      const names = {};
      for (const specifier of ${JSON.stringify(specifiers)}) names[specifier] = Object.keys(require(specifier)).length;
      Promise.all(${JSON.stringify(specifiers)}.map((s) => import(s).then((m) => [s, Object.keys(m).length])))
        .then((esm) => console.log(JSON.stringify({ names, esm: Object.fromEntries(esm) })));`;
    const hostNeutral = ENTRIES.filter((e) => e.subpath !== './agents').map((e) => specifierOf(e.subpath));
    const agents = ['botbuilder-privacy/agents', 'botbuilder-privacy/redis', 'botbuilder-privacy/express'];
    for (const [dir, specifiers] of [
      [projects.botbuilder, hostNeutral],
      [projects.agents, agents],
    ] as const) {
      const result = await node(dir, ['-e', script([...specifiers])]);
      expect(result.stderr).toBe('');
      const { names, esm } = JSON.parse(result.stdout) as {
        names: Record<string, number>;
        esm: Record<string, number>;
      };
      for (const specifier of specifiers) {
        expect({ specifier, exports: names[specifier] > 0, esm: esm[specifier] > 0 }).toEqual({
          specifier,
          exports: true,
          esm: true,
        });
      }
    }
  }, 60_000);

  it('loads the main entry with only the botbuilder packages installed, and /redis with only ioredis', async () => {
    expect(coreOnlyLoad.split('\n')).toEqual(['loaded', "Cannot find module 'ioredis'", '']);
    const redis = await node(projects.redisOnly, [
      '-e',
      `${tryRequire(`${PACKAGE_NAME}/redis`)}${tryRequire(PACKAGE_NAME)}`,
    ]);
    expect(redis.stdout.split('\n')[0]).toBe('loaded');
    expect(redis.stdout.split('\n')[1]).toMatch(/^Cannot find module 'botbuilder-(core|dialogs)'/);
  }, 60_000);

  describe('npx botbuilder-privacy', () => {
    const bin = () => join(projects.botbuilder, 'node_modules', '.bin', 'botbuilder-privacy');
    let bot: RunningBot | undefined;
    afterAll(() => bot?.stop());

    it.each([
      [['--help']],
      [['chat', '--help']],
      [['qa', '--help']],
      [['metrics', 'report', '--help']],
      [['privacy', '--help']],
    ])(
      '%j prints its usage',
      async (args) => {
        const result = await node(projects.botbuilder, [bin(), ...args]);
        expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
        expect(result.stdout).toMatch(/usage/i);
      },
      30_000,
    );

    it('says chat and qa need --url when installed', async () => {
      for (const command of ['chat', 'qa']) {
        const result = await node(projects.botbuilder, [bin(), command, 'convos']);
        expect(result.code).toBeGreaterThan(0);
        expect(result.stderr).toContain('give --url');
      }
    }, 30_000);

    it('chats with a running bot, records a transcript, and reports metrics from Redis', async () => {
      bot = await startQuickStart(projects.botbuilder);
      const chat = await node(projects.botbuilder, [bin(), 'chat', '--url', bot.url], 'hi\nprivacy\n/quit\n');
      expect(chat.code).toBe(0);
      expect(chat.stdout).toContain('Hi!');
      expect(chat.stdout).toContain('Delete my data');

      const record = await node(projects.botbuilder, [
        bin(),
        'qa',
        '--record',
        'hi.transcript',
        '--say',
        'hi',
        '--url',
        bot.url,
      ]);
      expect(record.code).toBe(0);
      expect(readFileSync(join(projects.botbuilder, 'hi.transcript'), 'utf8')).toContain('Hi!');

      const report = await node(
        projects.botbuilder,
        [bin(), 'metrics', 'report', '--days', '1', '--json', '--prefix', uniquePrefix('report')],
        '',
        {
          REDIS_URL: testRedisUrl(),
        },
      );
      expect({ code: report.code, stderr: report.stderr }).toEqual({ code: 0, stderr: '' });
      expect(JSON.parse(report.stdout)).toMatchObject({ rows: [] });
    }, 60_000);
  });
});
