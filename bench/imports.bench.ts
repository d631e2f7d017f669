/**
 * How long `require()` of each entry takes in a fresh Node process, as a bot starting up pays it:
 *
 *   npm run bench:imports [-- --runs 7]
 *
 * The entries are built from src into a temporary package folder (tsconfig.build.json, as `npm pack`
 * builds them) and required through the package's `exports` map. Each figure is the median over
 * `--runs` fresh processes (default 5), with the entry's own dependencies loaded the first time.
 */
import { cpus, loadavg } from 'node:os';
import { ENTRIES, installBuiltPackage, runNode, specifierOf } from '../test/package/package-entries';
import { median } from './stats';

function parseRuns(argv: readonly string[]): number {
  const at = argv.indexOf('--runs');
  if (at < 0) return 5;
  const runs = Number(argv[at + 1]);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive whole number');
  return runs;
}

async function main(): Promise<void> {
  const runs = parseRuns(process.argv.slice(2));
  const installed = await installBuiltPackage();
  try {
    console.log(
      `Entry import time, median of ${runs} fresh processes (load ${loadavg()[0].toFixed(1)} on ${cpus().length} cores)\n`,
    );
    console.log(`${'entry'.padEnd(30)} ${'require ms'.padStart(10)} ${'modules'.padStart(8)}`);
    for (const { subpath } of ENTRIES) {
      const specifier = specifierOf(subpath);
      const times: number[] = [];
      let modules = 0;
      for (let i = 0; i < runs; i++) {
        const result = await runNode<{ ms: number; modules: number }>(
          installed.appDir,
          `const start = performance.now();
           require(${JSON.stringify(specifier)});
           const ms = performance.now() - start;
           console.log(JSON.stringify({ ms, modules: Object.keys(require.cache).length }));`,
        );
        times.push(result.ms);
        modules = result.modules;
      }
      console.log(
        `${specifier.padEnd(30)} ${median(times).toFixed(1).padStart(10)} ${String(modules).padStart(8)}`,
      );
    }
  } finally {
    installed.remove();
  }
}

void main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
