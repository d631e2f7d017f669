import { join } from 'node:path';
import ts from 'typescript';

const FIXTURE = join(__dirname, 'host-fit', 'host-fit.fixture.ts');
const MISFIT = join(__dirname, 'host-fit', 'misfit.ts');

/** A storage whose `read` takes numbers: both SDKs must reject it, or the check proves nothing. */
const MISFIT_SOURCE = `
import type * as agents from '@microsoft/agents-hosting';
import type * as botbuilder from 'botbuilder-core';
const misfit = { read: async (keys: number[]) => ({}), write: async () => {}, delete: async () => {} };
export const a: agents.Storage = misfit;
export const b: botbuilder.Storage = misfit;
`;

/** Type errors of the files, as `file:line message`. */
function typeErrors(files: string[], virtual: Map<string, string>): string[] {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
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
  const program = ts.createProgram(files, options, host);
  return files.flatMap((file) => {
    const source = program.getSourceFile(file)!;
    return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map(
      (d) =>
        `${file}:${source.getLineAndCharacterOfPosition(d.start ?? 0).line + 1} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
    );
  });
}

describe('the privacy stores on both hosts', () => {
  it("are botbuilder's and the Agents SDK's Storage and TranscriptLogger, taking either SDK's activity", () => {
    expect(typeErrors([FIXTURE], new Map())).toEqual([]);
  }, 120_000);

  it('would be caught if they did not fit', () => {
    const errors = typeErrors([MISFIT], new Map([[MISFIT, MISFIT_SOURCE]]));
    expect(errors.map((error) => error.split(' ')[0])).toEqual([`${MISFIT}:5`, `${MISFIT}:6`]);
  }, 120_000);
});
