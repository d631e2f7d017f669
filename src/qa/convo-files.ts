import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Convo } from './convo';
import { ConvoParseError, parseConvo } from './convo-parser';

const CONVO_FILE = /\.convo\.txt$/;

/** Every `*.convo.txt` under the given files and folders (recursively), sorted, without duplicates. */
export async function findConvoFiles(paths: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  const visit = async (path: string): Promise<void> => {
    let info;
    try {
      info = await stat(path);
    } catch {
      throw new Error(`${path}: no such file or folder.`);
    }
    if (info.isDirectory()) {
      const entries = await readdir(path);
      for (const entry of entries.sort()) {
        const child = join(path, entry);
        if (CONVO_FILE.test(entry) || (await stat(child)).isDirectory()) await visit(child);
      }
    } else {
      found.add(path);
    }
  };
  for (const path of paths) await visit(path);
  return [...found].sort();
}

/** Parses convo files; files that do not parse are returned as errors, not thrown. */
export async function loadConvos(
  files: readonly string[],
  cwd = process.cwd(),
): Promise<{ convos: Convo[]; errors: ConvoParseError[] }> {
  const convos: Convo[] = [];
  const errors: ConvoParseError[] = [];
  for (const file of files) {
    const shown = relative(cwd, file) || file;
    try {
      convos.push(parseConvo(await readFile(file, 'utf8'), shown));
    } catch (error) {
      if (error instanceof ConvoParseError) errors.push(error);
      else errors.push(new ConvoParseError(shown, 1, error instanceof Error ? error.message : String(error)));
    }
  }
  return { convos, errors };
}
