import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO } from './package-entries';

const run = promisify(execFile);

/** What `npm pack` made of the repository, as npm reports it. */
export interface PackedPackage {
  /** The .tgz file. */
  tarball: string;
  /** Bytes of the .tgz and of its files unpacked. */
  size: number;
  unpackedSize: number;
  files: { path: string; size: number }[];
}

/** A folder for packed tarballs and consumer projects; `remove()` deletes it all. */
export interface Workspace {
  root: string;
  remove(): void;
}

export function createWorkspace(label: string): Workspace {
  const root = mkdtempSync(join(tmpdir(), `bbp-${label}-`));
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/**
 * Runs `npm pack` in the repository exactly as a release does: its `prepack` script cleans and rebuilds
 * `dist`, so the tarball never holds stale files.
 */
export async function packPackage(destination: string): Promise<PackedPackage> {
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', destination], {
    cwd: REPO,
    maxBuffer: 64 * 1024 * 1024,
  });
  const [report] = JSON.parse(stdout) as Array<{
    filename: string;
    size: number;
    unpackedSize: number;
    files: { path: string; size: number }[];
  }>;
  return {
    tarball: join(destination, report.filename),
    size: report.size,
    unpackedSize: report.unpackedSize,
    files: report.files,
  };
}

/**
 * A new application folder with the packed package and `dependencies` installed from the registry
 * (the npm cache first). Install scripts are skipped: botbuilder-dialogs' postinstall runs `npx rimraf`,
 * which needs the network, and the package itself has none.
 */
export async function installConsumer(
  parent: string,
  name: string,
  tarball: string,
  dependencies: readonly string[],
): Promise<string> {
  const dir = join(parent, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true }));
  await run(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball, ...dependencies],
    { cwd: dir, maxBuffer: 64 * 1024 * 1024 },
  );
  return dir;
}
