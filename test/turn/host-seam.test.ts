import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

// The privacy turn logic is written once, in src/turn, against the host seam; src/botbuilder and
// src/agents only bind it to their SDK. Dependencies point one way: bindings -> src/turn -> core.

const SRC = join(__dirname, '../../src');

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourcesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Every module a file imports (static imports and re-exports), as written. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'/gms)].map((m) => m[1]);
}

function offenders(dir: string, forbidden: (spec: string) => boolean): string[] {
  return sourcesUnder(join(SRC, dir)).flatMap((file) =>
    importsOf(file)
      .filter(forbidden)
      .map((spec) => `${relative(SRC, file)} imports ${spec}`),
  );
}

const hostSdk = (spec: string) => /^(botbuilder|botframework-|@microsoft\/agents-)/.test(spec);
const binding = (spec: string) => /(^|\/)(botbuilder|agents)(\/|$)/.test(spec) && spec.startsWith('.');

describe('the host seam', () => {
  it('src/turn imports no host SDK and no binding', () => {
    expect(offenders('turn', (spec) => hostSdk(spec) || binding(spec))).toEqual([]);
  });

  it('the botbuilder binding does not import the Agents SDK, nor the Agents binding botbuilder', () => {
    expect(offenders('botbuilder', (spec) => spec.startsWith('@microsoft/agents-'))).toEqual([]);
    expect(offenders('agents', (spec) => /^(botbuilder|botframework-)/.test(spec))).toEqual([]);
  });

  it('sees the imports it checks (a file known to import botbuilder-dialogs)', () => {
    expect(importsOf(join(SRC, 'botbuilder/botbuilder-host.ts'))).toContain('botbuilder-dialogs');
    expect(importsOf(join(SRC, 'agents/agents-host.ts'))).toContain('@microsoft/agents-hosting-dialogs');
  });
});
