import { join } from 'node:path';
import ts from 'typescript';
import { ENTRIES, REPO, specifierOf } from './package-entries';

/** The entries' exports, resolved to their declarations, with the TypeScript program that read them. */
function readEntries() {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(REPO, 'tsconfig.build.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  )!;
  const files = ENTRIES.map((entry) => join(REPO, entry.source));
  const program = ts.createProgram(files, { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();
  return ENTRIES.map((entry, i) => {
    const sourceFile = program.getSourceFile(files[i])!;
    const module = checker.getSymbolAtLocation(sourceFile)!;
    const exports = checker.getExportsOfModule(module).map((exported) => {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const documentation = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
      return { name: exported.name, documentation };
    });
    return { specifier: specifierOf(entry.subpath), sourceFile, exports };
  });
}

describe('public surface', () => {
  const entries = readEntries();

  it.each(entries.map((entry) => [entry.specifier, entry] as const))(
    '%s documents every name it exports (TSDoc)',
    (_specifier, { exports }) => {
      expect(exports.length).toBeGreaterThan(0);
      expect(exports.filter((e) => e.documentation === '').map((e) => e.name)).toEqual([]);
    },
  );

  it.each(entries.map((entry) => [entry.specifier, entry] as const))(
    '%s says what it is for in a file comment',
    (_specifier, { sourceFile }) => {
      expect(sourceFile.getFullText()).toMatch(/^\/\*\*[\s\S]*?@packageDocumentation[\s\S]*?\*\//);
    },
  );

  it('exports each name from one entry only', () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const { specifier, exports } of entries) {
      for (const { name } of exports) {
        if (seen.has(name)) twice.push(`${name} (${seen.get(name)}, ${specifier})`);
        seen.set(name, specifier);
      }
    }
    expect(twice).toEqual([]);
  });

  it('keeps the runtime and storage internals unexported', () => {
    const exported = new Set(entries.flatMap((entry) => entry.exports.map((e) => e.name)));
    const internals = [
      'RedisKeyspace',
      'PrivacyRuntime',
      'resolveKeyOwner',
      'classifyStateKey',
      'countField',
      'sumField',
      'metricCounterKey',
      'activityPayload',
      'SubjectDigester',
      'createSignedRequest',
    ];
    expect(internals.filter((name) => exported.has(name))).toEqual([]);
  });
});
