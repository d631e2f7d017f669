import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

export const REPO = resolve(__dirname, '../..');
export const PACKAGE_NAME = 'botbuilder-privacy';

/**
 * The package's entries, one row each, and the heavy packages each one may load: its own peer
 * dependencies. An entry must load no heavy package of another entry. A new entry is one more row here,
 * plus its line in package.json's `exports` (and in `typesVersions`, for TypeScript's node10 resolution).
 */
export const ENTRIES: readonly { subpath: string; source: string; mayLoad: readonly string[] }[] = [
  { subpath: '.', source: 'src/index.ts', mayLoad: ['botbuilder-core', 'botbuilder-dialogs'] },
  { subpath: './redis', source: 'src/redis.ts', mayLoad: ['ioredis'] },
  { subpath: './express', source: 'src/express.ts', mayLoad: ['express'] },
  { subpath: './messenger', source: 'src/messenger.ts', mayLoad: [] },
  { subpath: './metrics', source: 'src/metrics.ts', mayLoad: ['prom-client'] },
  { subpath: './qa', source: 'src/qa.ts', mayLoad: [] },
  {
    subpath: './agents',
    source: 'src/agents/index.ts',
    mayLoad: ['@microsoft/agents-hosting', '@microsoft/agents-hosting-dialogs'],
  },
  { subpath: './shield', source: 'src/shield.ts', mayLoad: [] },
];

/**
 * The host bindings: the Agents SDK binding offers the botbuilder binding's names (`createPrivacy`,
 * `MetricsMiddleware`...), so a bot migrates by changing the entry it imports them from.
 */
export const BINDINGS: readonly string[] = ['.', './agents'];

/**
 * The entries whose types name botbuilder: the botbuilder binding, and the QA tools (botium and the
 * transcript tools speak botbuilder's `Activity`). Every other entry's declarations are host-neutral, so
 * an Agents SDK bot compiles against them without botbuilder installed.
 */
export const BOTBUILDER_TYPED: readonly string[] = ['.', './qa'];

/**
 * Packages no entry may load: the repository's own tools, and botbuilder itself (the entries use
 * botbuilder-core and botbuilder-dialogs; botbuilder adds its HTTP and authentication stack).
 */
export const NEVER_LOADED = ['botbuilder', 'botium-core', 'dotenv', 'playwright-core', 'jest', 'ts-node'];

/** `botbuilder-privacy/redis` for `./redis`, `botbuilder-privacy` for `.`. */
export function specifierOf(subpath: string): string {
  return subpath === '.' ? PACKAGE_NAME : `${PACKAGE_NAME}/${subpath.slice(2)}`;
}

export interface PackageJson {
  exports: Record<string, unknown>;
  typesVersions?: Record<string, Record<string, string[]>>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  devDependencies?: Record<string, string>;
}

export function readPackageJson(): PackageJson {
  return JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as PackageJson;
}

/**
 * The package as an application sees it once installed: `app/node_modules/botbuilder-privacy` is a
 * symlink to a package directory holding the repository's own package.json (a symlink, so its `exports`
 * map is the one under test) and a fresh `dist` built with tsconfig.build.json.
 */
export interface InstalledPackage {
  /** An application directory; `require('botbuilder-privacy/...')` from here goes through `exports`. */
  appDir: string;
  packageDir: string;
  remove(): void;
}

const run = promisify(execFile);

export async function installBuiltPackage(): Promise<InstalledPackage> {
  const root = mkdtempSync(join(tmpdir(), 'bbp-package-'));
  const packageDir = join(root, 'package');
  const appDir = join(root, 'app');
  mkdirSync(packageDir);
  mkdirSync(join(appDir, 'node_modules'), { recursive: true });
  symlinkSync(join(REPO, 'package.json'), join(packageDir, 'package.json'));
  symlinkSync(join(REPO, 'node_modules'), join(packageDir, 'node_modules'), 'dir');
  symlinkSync(packageDir, join(appDir, 'node_modules', PACKAGE_NAME), 'dir');
  await run(
    process.execPath,
    [
      require.resolve('typescript/bin/tsc'),
      '-p',
      'tsconfig.build.json',
      '--outDir',
      join(packageDir, 'dist'),
    ],
    { cwd: REPO },
  );
  return { appDir, packageDir, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Runs a CommonJS script with Node in `cwd` and returns what it printed as JSON. */
export async function runNode<T>(cwd: string, script: string): Promise<T> {
  const { stdout } = await run(process.execPath, ['-e', script], { cwd, env: { PATH: process.env.PATH } });
  return JSON.parse(stdout) as T;
}
