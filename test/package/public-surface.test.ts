import { join } from 'node:path';
import ts from 'typescript';
import { BINDINGS, ENTRIES, REPO, specifierOf } from './package-entries';

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
  /** Public members (properties, methods) of an exported class or interface that have no TSDoc. */
  function undocumentedMembers(symbol: ts.Symbol): string[] {
    if (!(symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface))) return [];
    const missing: string[] = [];
    symbol.members?.forEach((member, name) => {
      const declaration = member.declarations?.[0];
      if (!declaration || name === ts.InternalSymbolName.Constructor) return;
      const modifiers = ts.canHaveModifiers(declaration) ? (ts.getModifiers(declaration) ?? []) : [];
      const hidden = modifiers.some(
        (m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword,
      );
      if (hidden || ts.isPrivateIdentifier(ts.getNameOfDeclaration(declaration) ?? declaration)) return;
      const documentation = ts.displayPartsToString(member.getDocumentationComment(checker)).trim();
      if (documentation === '') missing.push(`${symbol.name}.${String(name)}`);
    });
    return missing;
  }

  return ENTRIES.map((entry, i) => {
    const sourceFile = program.getSourceFile(files[i])!;
    const module = checker.getSymbolAtLocation(sourceFile)!;
    const exports = checker.getExportsOfModule(module).map((exported) => {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const documentation = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
      return { name: exported.name, documentation, undocumentedMembers: undocumentedMembers(symbol) };
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
    '%s documents the public members of the classes and interfaces it exports',
    (_specifier, { exports }) => {
      expect(exports.flatMap((e) => e.undocumentedMembers)).toEqual([]);
    },
  );

  it.each(entries.map((entry) => [entry.specifier, entry] as const))(
    '%s says what it is for in a file comment',
    (_specifier, { sourceFile }) => {
      expect(sourceFile.getFullText()).toMatch(/^\/\*\*[\s\S]*?@packageDocumentation[\s\S]*?\*\//);
    },
  );

  it('exports each name from one entry only (the two host bindings share theirs)', () => {
    const bindings = BINDINGS.map(specifierOf);
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const { specifier, exports } of entries) {
      for (const { name } of exports) {
        const first = seen.get(name);
        const shared = first !== undefined && bindings.includes(first) && bindings.includes(specifier);
        if (first !== undefined && !shared) twice.push(`${name} (${first}, ${specifier})`);
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
