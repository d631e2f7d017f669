import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import {
  BOTBUILDER_TYPED,
  NEVER_LOADED,
  ENTRIES,
  installBuiltPackage,
  readPackageJson,
  runNode,
  specifierOf,
  type InstalledPackage,
} from './package-entries';

/** What a fresh Node process saw when it required one entry. */
interface EntryLoad {
  /** Packages the package's own files required (not their dependencies). */
  direct: string[];
  /** Every package in require.cache afterwards, dependencies of dependencies included. */
  loaded: string[];
  /** Names the entry exports, through `require` and through `import`. */
  required: string[];
  imported: string[];
}

/**
 * Requires `specifier` in this process and prints which packages that loaded. Runs as `node -e` in the
 * application directory, so `specifier` is resolved through the package's `exports` map.
 */
function loadScript(specifier: string): string {
  return `
    const Module = require('node:module');
    const { realpathSync } = require('node:fs');
    const packageDir = realpathSync(require('node:path').join('node_modules', 'botbuilder-privacy'));
    const nameOf = (request) => request.split('/').slice(0, request.startsWith('@') ? 2 : 1).join('/');
    const direct = new Set();
    const require0 = Module.prototype.require;
    Module.prototype.require = function (request) {
      if (this.filename.startsWith(packageDir) && !request.startsWith('.') && !Module.isBuiltin(request)) {
        direct.add(nameOf(request));
      }
      return require0.apply(this, arguments);
    };
    const entry = require(${JSON.stringify(specifier)});
    const loaded = new Set();
    for (const file of Object.keys(require.cache)) {
      const match = /.*node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(file);
      if (match) loaded.add(match[1]);
    }
    import(${JSON.stringify(specifier)}).then((esm) => {
      console.log(JSON.stringify({
        direct: [...direct].sort(),
        loaded: [...loaded].sort(),
        required: Object.keys(entry).sort(),
        imported: Object.keys(esm).filter((name) => name !== 'default' && name !== '__esModule').sort(),
      }));
    });
  `;
}

describe('package entries', () => {
  const pkg = readPackageJson();
  let installed: InstalledPackage;
  const loads = new Map<string, EntryLoad>();

  beforeAll(async () => {
    installed = await installBuiltPackage();
    // One fresh process per entry, two at a time (the machine has two cores).
    for (let i = 0; i < ENTRIES.length; i += 2) {
      await Promise.all(
        ENTRIES.slice(i, i + 2).map(async ({ subpath }) => {
          loads.set(subpath, await runNode<EntryLoad>(installed.appDir, loadScript(specifierOf(subpath))));
        }),
      );
    }
  }, 180_000);

  afterAll(() => installed?.remove());

  it('has one exports line per entry, each with types and default in dist', () => {
    const subpaths = Object.keys(pkg.exports).filter((subpath) => subpath !== './package.json');
    expect(subpaths.sort()).toEqual(ENTRIES.map((entry) => entry.subpath).sort());
    for (const { subpath, source } of ENTRIES) {
      const built = source.replace(/^src\//, './dist/').replace(/\.ts$/, '');
      expect(pkg.exports[subpath]).toEqual({ types: `${built}.d.ts`, default: `${built}.js` });
      // TypeScript with moduleResolution node10 ignores `exports`; typesVersions maps the subpaths for it.
      if (subpath !== '.') {
        expect(pkg.typesVersions?.['*']?.[subpath.slice(2)]).toEqual([`${built.slice(2)}.d.ts`]);
      }
    }
  });

  it.each(ENTRIES.map((entry) => [specifierOf(entry.subpath), entry] as const))(
    '%s loads none of the other entries’ heavy dependencies',
    (_specifier, { subpath, mayLoad }) => {
      const load = loads.get(subpath)!;
      const heavy = new Set([...ENTRIES.flatMap((entry) => entry.mayLoad), ...NEVER_LOADED]);
      const forbidden = [...heavy].filter((name) => !mayLoad.includes(name));
      expect(load.loaded.filter((name) => forbidden.includes(name))).toEqual([]);
      // The check sees what it should: the entry's own peer dependencies are there.
      expect(mayLoad.filter((name) => !load.loaded.includes(name))).toEqual([]);
      expect(load.required.length).toBeGreaterThan(0);
    },
  );

  it('requires only declared dependencies, and heavy ones only as peer dependencies', () => {
    const declared = { ...pkg.dependencies, ...pkg.peerDependencies };
    const peers = Object.keys(pkg.peerDependencies ?? {});
    for (const { subpath, mayLoad } of ENTRIES) {
      const direct = loads.get(subpath)!.direct;
      expect({ subpath, undeclared: direct.filter((name) => !(name in declared)) }).toEqual({
        subpath,
        undeclared: [],
      });
      expect(mayLoad.filter((name) => !peers.includes(name))).toEqual([]);
    }
    // A peer dependency that only subpaths load is optional: a bot without that subpath need not install it.
    const mainLoads = ENTRIES.find((entry) => entry.subpath === '.')!.mayLoad;
    for (const name of ENTRIES.filter((entry) => entry.subpath !== '.').flatMap((entry) => entry.mayLoad)) {
      if (!mainLoads.includes(name))
        expect({ name, ...pkg.peerDependenciesMeta?.[name] }).toEqual({ name, optional: true });
    }
  });

  it('gives ES modules the same named exports as require', () => {
    for (const { subpath } of ENTRIES) {
      const { required, imported } = loads.get(subpath)!;
      expect({ subpath, names: imported }).toEqual({ subpath, names: required });
    }
  });

  it('refuses deep imports into dist', async () => {
    const outcome = await runNode<{ code?: string }>(
      installed.appDir,
      `try {
         require('botbuilder-privacy/dist/storage/redis-keyspace');
         console.log(JSON.stringify({}));
       } catch (error) {
         console.log(JSON.stringify({ code: error.code }));
       }`,
    );
    expect(outcome.code).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });

  it.each(
    ENTRIES.filter((entry) => !BOTBUILDER_TYPED.includes(entry.subpath)).map((entry) => [
      entry.subpath,
      entry,
    ]),
  )(
    '%s declarations name no botbuilder package (an Agents SDK bot compiles without botbuilder)',
    (_subpath, { source }) => {
      const declarations = join(
        installed.packageDir,
        source.replace(/^src\//, 'dist/').replace(/\.ts$/, '.d.ts'),
      );
      // Every declaration file TypeScript reads for the entry: its own closure and the packages it names.
      const program = ts.createProgram([declarations], {
        module: ts.ModuleKind.CommonJS,
        moduleResolution: ts.ModuleResolutionKind.Node10,
        target: ts.ScriptTarget.ES2022,
        noEmit: true,
        types: [],
      });
      const files = program.getSourceFiles().map((file) => file.fileName);
      expect(files.length).toBeGreaterThan(1);
      expect(files.filter((file) => /\/node_modules\/(botbuilder|botframework)[^/]*\//.test(file))).toEqual(
        [],
      );
    },
  );

  it.each([
    ['node16', ts.ModuleResolutionKind.Node16, ts.ModuleKind.Node16],
    ['node10', ts.ModuleResolutionKind.Node10, ts.ModuleKind.CommonJS],
  ])('gives TypeScript (moduleResolution %s) the types of every entry', (_name, moduleResolution, module) => {
    // One name of each entry, used as a type, from the declarations in dist.
    const file = join(installed.appDir, 'consumer.ts');
    writeFileSync(
      file,
      [
        "import type { createPrivacy } from 'botbuilder-privacy';",
        "import type { RedisStorage } from 'botbuilder-privacy/redis';",
        "import type { jsonBody } from 'botbuilder-privacy/express';",
        "import type { MessengerUserProfileProvider } from 'botbuilder-privacy/messenger';",
        "import type { PrometheusMetricSink } from 'botbuilder-privacy/metrics';",
        "import type { HttpConvoTransport } from 'botbuilder-privacy/qa';",
        "import type { tolerantActivity } from 'botbuilder-privacy/agents';",
        "import type { PiiShield } from 'botbuilder-privacy/shield';",
        'export type Used = [typeof createPrivacy, RedisStorage, typeof jsonBody, MessengerUserProfileProvider,',
        '  PrometheusMetricSink, HttpConvoTransport, typeof tolerantActivity, PiiShield];',
      ].join('\n'),
    );
    const program = ts.createProgram([file], {
      module,
      moduleResolution,
      target: ts.ScriptTarget.ES2022,
      strict: true,
      skipLibCheck: true,
      noEmit: true,
      types: [],
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(problems).toEqual([]);
  });
});
