#!/usr/bin/env node
// The API report of each entry point (API Extractor, as botbuilder-js keeps one): api/<entry>.api.md.
//
//   npm run api:check    fails (exit 1) when an entry's public surface differs from its committed report
//   npm run api:update   writes the reports again; commit them with the change to the surface
//
// The declarations are emitted from src into a temporary folder first, so no build is needed.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { CompilerState, Extractor, ExtractorConfig } = require('@microsoft/api-extractor');

const REPO = path.resolve(__dirname, '..');
const REPORT_FOLDER = path.join(REPO, 'api');
const update = process.argv.includes('--update');

/** package.json's exports map: `./redis` -> `dist/redis.d.ts`, as consumers see it. */
function entryPoints() {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  return Object.entries(pkg.exports)
    .filter(([subpath]) => subpath !== './package.json')
    .map(([subpath, target]) => ({
      subpath,
      declarations: target.types.replace(/^\.\/dist\//, ''),
      // botbuilder-privacy, botbuilder-privacy-redis...
      reportName: subpath === '.' ? pkg.name : `${pkg.name}-${subpath.slice(2).replace(/\//g, '-')}`,
    }));
}

function emitDeclarations(outDir) {
  const tsc = require.resolve('typescript/bin/tsc');
  const result = spawnSync(
    process.execPath,
    [tsc, '-p', 'tsconfig.build.json', '--emitDeclarationOnly', '--outDir', outDir],
    { cwd: REPO, stdio: 'inherit' },
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function main() {
  // A fixed folder inside the project, so a warning's file path reads the same on every machine.
  // (Not under node_modules: API Extractor takes whatever is there for another package's.)
  const temp = path.join(REPO, '.api-report');
  fs.rmSync(temp, { recursive: true, force: true });
  try {
    emitDeclarations(path.join(temp, 'dist'));
    fs.mkdirSync(REPORT_FOLDER, { recursive: true });
    const changed = [];
    const entries = entryPoints();
    const configs = entries.map((entry) =>
      ExtractorConfig.prepare({
        configObject: {
          projectFolder: REPO,
          mainEntryPointFilePath: path.join(temp, 'dist', entry.declarations),
          compiler: {
            // Only the emitted declarations, read as a CommonJS consumer with Node's types reads them.
            overrideTsconfig: {
              compilerOptions: {
                target: 'ES2022',
                module: 'commonjs',
                moduleResolution: 'node',
                strict: true,
                esModuleInterop: true,
                skipLibCheck: true,
                types: ['node'],
              },
              include: [path.join(temp, 'dist')],
            },
          },
          apiReport: {
            enabled: true,
            reportFileName: entry.reportName,
            reportFolder: REPORT_FOLDER,
            reportTempFolder: path.join(temp, 'report'),
          },
          docModel: { enabled: false },
          dtsRollup: { enabled: false },
          tsdocMetadata: { enabled: false },
          messages: {
            compilerMessageReporting: { default: { logLevel: 'warning' } },
            extractorMessageReporting: {
              default: { logLevel: 'none', addToApiReportFile: true },
              // The package has one release stage: every exported name is public.
              'ae-missing-release-tag': { logLevel: 'none', addToApiReportFile: false },
              // TSDoc links to names of another entry: documentation, not surface.
              'ae-unresolved-link': { logLevel: 'none', addToApiReportFile: false },
              // Documentation is checked by test/package/public-surface.test.ts.
              'ae-undocumented': { logLevel: 'none', addToApiReportFile: false },
            },
            tsdocMessageReporting: { default: { logLevel: 'none', addToApiReportFile: false } },
          },
        },
        configObjectFullPath: undefined,
        packageJsonFullPath: path.join(REPO, 'package.json'),
      }),
    );
    // One TypeScript program for every entry (each invocation would otherwise build its own).
    const compilerState = CompilerState.create(configs[0], {
      additionalEntryPoints: configs.map((config) => config.mainEntryPointFilePath),
    });
    for (const [i, entry] of entries.entries()) {
      const result = Extractor.invoke(configs[i], {
        compilerState,
        localBuild: update,
        showVerboseMessages: false,
        messageCallback: (message) => {
          // The TypeScript version notice is not about this package.
          if (message.messageId === 'console-compiler-version-notice') message.logLevel = 'none';
        },
      });
      if (!result.succeeded && !result.apiReportChanged) {
        console.error(`api-report: API Extractor failed on ${entry.subpath}`);
        process.exitCode = 2;
      }
      if (result.apiReportChanged) changed.push(`api/${entry.reportName}.api.md`);
    }
    if (changed.length === 0) console.log('api-report: every entry matches its report in api/.');
    else if (update) console.log(`api-report: updated ${changed.join(', ')}`);
    else {
      console.error(
        `api-report: the public surface changed: ${changed.join(', ')}.\n` +
          'If the change is meant, run `npm run api:update` and commit api/ with it.',
      );
      process.exitCode = 1;
    }
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
}

main();
