import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { ENTRIES, REPO, specifierOf } from './package-entries';

/** A ```ts block of the README and the line its code starts on. */
interface Snippet {
  line: number;
  code: string;
}

function readmeSnippets(): Snippet[] {
  const lines = readFileSync(join(REPO, 'README.md'), 'utf8').split('\n');
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```ts') continue;
    const start = i + 1;
    while (i + 1 < lines.length && lines[i + 1].trim() !== '```') i++;
    snippets.push({ line: start + 1, code: lines.slice(start, i + 1).join('\n') });
    i++;
  }
  return snippets;
}

/**
 * What the README's fragments (blocks without imports) may take as already there: the objects of the
 * quick start and a bot's own values. Blocks with imports are whole files and get nothing of it.
 */
const FRAGMENT_CONTEXT = `
declare const adapter: import('botbuilder').CloudAdapter;
declare const app: import('express').Express;
declare const auth: import('botbuilder').ConfigurationBotFrameworkAuthentication;
declare const logic: (context: import('botbuilder').TurnContext) => Promise<void>;
declare const storage: import('botbuilder-privacy/redis').RedisStorage;
declare const userState: import('botbuilder').UserState;
declare const dialogs: import('botbuilder-dialogs').DialogSet;
declare const options: import('botbuilder-privacy').PrivacyOptions;
declare const privacy: import('botbuilder-privacy').Privacy;
declare const metrics: import('botbuilder-privacy').MetricsRecorder;
declare const sinks: import('botbuilder-privacy').MetricSink[];
declare const PURPOSES: readonly import('botbuilder-privacy').Purpose[];
declare const pageAccessToken: string;
declare const appId: string;
declare const appSecret: string;
declare const paymentPageUrl: string;
declare const customerApi: { lookUp(taxId: string): Promise<void> };
declare const onCard: NonNullable<import('botbuilder-privacy').ConsentFeaturesOptions['payment']>['onCard'];
`;

describe('README', () => {
  const snippets = readmeSnippets();
  const snippetDir = join(REPO, 'test', 'package', '__readme__');
  const contextFile = join(snippetDir, 'context.d.ts');

  it('has TypeScript snippets, an install line, a row per entry, and the setup commands first', () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    expect(snippets.length).toBeGreaterThanOrEqual(5);
    expect(readme).toContain('npm install botbuilder-privacy ioredis');
    // Every entry has its row in the table of entries.
    const tableRows = readme.split('\n').filter((line) => line.startsWith('| `botbuilder-privacy'));
    expect(tableRows.map((row) => row.split('`')[1]).sort()).toEqual(
      ENTRIES.map((entry) => specifierOf(entry.subpath)).sort(),
    );
    const firstHeadings = readme
      .split('\n')
      .filter((line) => line.startsWith('## '))
      .slice(0, 3);
    expect(firstHeadings).toEqual([
      '## Quick start',
      '## Installing in your bot',
      '## Quick start: botbuilder',
    ]);
    expect(readme.indexOf('npm install && npm start')).toBeLessThan(
      readme.indexOf('## Installing in your bot'),
    );
    expect(readme.indexOf('npm install && npm test')).toBeLessThan(
      readme.indexOf('## Installing in your bot'),
    );
  });

  it('compiles every TypeScript snippet against the package entries', () => {
    // Fragments see every public name, imported from its entry, as a reader who copies them would.
    const program0 = ts.createProgram(
      ENTRIES.map((entry) => join(REPO, entry.source)),
      { strict: true, noEmit: true, skipLibCheck: true },
    );
    const checker0 = program0.getTypeChecker();
    // A name both host bindings export comes from the first (the botbuilder one, as the context is).
    const imported = new Set<string>();
    const publicImports = ENTRIES.map((entry) => {
      const module = checker0.getSymbolAtLocation(program0.getSourceFile(join(REPO, entry.source))!)!;
      const names = checker0
        .getExportsOfModule(module)
        .map((symbol) => symbol.name)
        .filter((name) => !imported.has(name));
      names.forEach((name) => imported.add(name));
      return `import { ${names.join(', ')} } from '${specifierOf(entry.subpath)}';`;
    }).join(' ');

    const virtual = new Map<string, string>([[contextFile, FRAGMENT_CONTEXT]]);
    const files = snippets.map((snippet) => {
      const file = join(snippetDir, `readme-line-${snippet.line}.ts`);
      const whole = /^import /m.test(snippet.code);
      // The imports go on the snippet's first line, so line numbers stay the README's.
      virtual.set(
        file,
        whole ? `${snippet.code}\nexport {};` : `${publicImports} ${snippet.code}\nexport {};`,
      );
      return file;
    });

    const paths = Object.fromEntries(ENTRIES.map((entry) => [specifierOf(entry.subpath), [entry.source]]));
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      strict: true,
      esModuleInterop: true,
      skipLibCheck: true,
      noEmit: true,
      types: ['node'],
      baseUrl: REPO,
      paths,
    };
    const host = ts.createCompilerHost(options);
    const { getSourceFile, fileExists, readFile } = host;
    host.fileExists = (file) => virtual.has(file) || fileExists.call(host, file);
    host.readFile = (file) => virtual.get(file) ?? readFile.call(host, file);
    host.getSourceFile = (file, language, ...rest) => {
      const text = virtual.get(file);
      return text !== undefined
        ? ts.createSourceFile(file, text, language)
        : getSourceFile.call(host, file, language, ...rest);
    };
    // Two programs: whole files on their own, fragments with their context. Each snippet is a module.
    const isWhole = snippets.map((snippet) => /^import /m.test(snippet.code));
    const wholeFiles = files.filter((_file, i) => isWhole[i]);
    const fragmentFiles = files.filter((_file, i) => !isWhole[i]);
    const wholeProgram = ts.createProgram(wholeFiles, options, host);
    const fragmentProgram = ts.createProgram([...fragmentFiles, contextFile], options, host, wholeProgram);
    const problems: string[] = [];
    snippets.forEach((snippet, i) => {
      const program = isWhole[i] ? wholeProgram : fragmentProgram;
      // The snippet's own problems (src itself is type-checked by `npm test`'s tsc).
      const source = program.getSourceFile(files[i])!;
      const diagnostics = [
        ...program.getOptionsDiagnostics(),
        ...program.getSyntacticDiagnostics(source),
        ...program.getSemanticDiagnostics(source),
      ];
      for (const diagnostic of diagnostics) {
        const line = diagnostic.file ? source.getLineAndCharacterOfPosition(diagnostic.start!).line : 0;
        problems.push(
          `README.md:${snippet.line + line} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`,
        );
      }
    });
    expect(problems).toEqual([]);
  }, 120_000);
});
