import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { unreadable, type QaResult } from '../qa-result';
import { lintConvoText, type ScriptVocabulary } from './convo-lint';
import type { Compiler, Convo } from './engine';

/** What the given paths hold, compiled by Botium. */
export interface QaSources {
  /** The compiler that read them (it knows the partial convos, for locating failures). */
  readonly compiler: Compiler;
  /** Convos ready to run: partial convos included, utterances expanded (one per variant). */
  readonly convos: Convo[];
  /** `.transcript` files (absolute paths). */
  readonly transcripts: string[];
  /** Failed results for files and convos Botium cannot read. */
  readonly unreadable: QaResult[];
}

const SUPPORT_FILE = /\.(pconvo|utterances|scriptingmemory)\.(txt|csv)$/;
const TRANSCRIPT = /\.transcript$/;

/**
 * Reads BotiumScript files and transcripts with Botium's compiler. A folder is read as Botium reads a
 * convo folder (every `.convo.txt`, `.pconvo.txt`, `.utterances.txt`, ... below it); a single convo file
 * also gets the partial convos and utterances next to it, so its `#include`s resolve. A file or convo
 * that cannot be read becomes a failed result with `file:line` and the reason.
 */
export function readQaSources(compiler: Compiler, paths: readonly string[], cwd: string): QaSources {
  const shown = (file: string) => relative(cwd, file) || file;
  const files = new Set<string>();
  const transcripts = new Set<string>();
  for (const path of paths) {
    let isFolder: boolean;
    try {
      isFolder = statSync(path).isDirectory();
    } catch {
      // Missing path: said plainly, with the path the user gave.
      throw new Error(`${path}: no such file or folder.`);
    }
    if (isFolder) {
      for (const file of compiler.ReadBotiumFilesFromDirectory(path)) files.add(join(path, file));
      for (const file of readdirSync(path, { recursive: true }) as string[]) {
        if (TRANSCRIPT.test(file)) transcripts.add(join(path, file));
      }
    } else if (TRANSCRIPT.test(path)) {
      transcripts.add(path);
    } else {
      for (const sibling of readdirSync(dirname(path))) {
        if (SUPPORT_FILE.test(sibling)) files.add(join(dirname(path), sibling));
      }
      files.add(path);
    }
  }

  const problems: QaResult[] = [];
  // Utterances first, so the lint knows their names; convos last.
  const rank = (file: string) => (/\.utterances\./.test(file) ? 0 : SUPPORT_FILE.test(file) ? 1 : 2);
  const ordered = [...files].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const vocabulary = vocabularyOf(compiler);
  for (const file of ordered) {
    if (/\.convo\.txt$|\.pconvo\.txt$/.test(file)) {
      const text = readFileSync(file, 'utf8');
      const lint = lintConvoText(text, vocabulary);
      if (lint.length > 0) {
        problems.push(...lint.slice(0, 1).map((p) => unreadable(shown(file), p.line, p.reason)));
        continue;
      }
    }
    try {
      compiler.ReadScript(dirname(file), basename(file));
    } catch (error) {
      const reason = cleanCompilerMessage((error as Error).message, file);
      problems.push(unreadable(shown(file), guessLine(file, reason), reason));
    }
  }

  const runnable: Convo[] = [];
  for (const convo of compiler.convos) {
    const file = convoFile(convo);
    try {
      convo.expandPartialConvos();
      runnable.push(convo);
    } catch (error) {
      const reason = (error as Error).message;
      const name = /partial convo with name (.+?) \(/.exec(reason)?.[1];
      problems.push(unreadable(shown(file), name ? lineContaining(file, name) : 1, reason));
    }
  }
  compiler.convos = runnable;
  compiler.ExpandConvos();
  return { compiler, convos: compiler.convos, transcripts: [...transcripts].sort(), unreadable: problems };
}

/** The file a compiled convo came from. */
export function convoFile(convo: Convo): string {
  const tag = convo.sourceTag ?? {};
  return join(tag.convoDir ?? '', tag.filename ?? '');
}

function vocabularyOf(compiler: Compiler): ScriptVocabulary {
  return {
    isAsserter: (name) => Boolean(compiler.IsAsserterValid(name)),
    isLogicHook: (name) => Boolean(compiler.IsLogicHookValid(name)),
    isUserInput: (name) => Boolean(compiler.IsUserInputValid(name)),
    isUtterance: (name) => name in compiler.utterances,
  };
}

/** "ReadScript - an error occurred at 'x' file: Failed to parse conversation. No text ... in convo:\n ..." → the cause. */
function cleanCompilerMessage(message: string, file: string): string {
  return message
    .replace(/^ReadScript - an error occurred at '[^']*' file: /, '')
    .replace(/ in convo:\n[\s\S]*$/, '')
    .replace(file, basename(file))
    .trim();
}

/** The line a compiler message quotes (`'...'`), else 1. */
function guessLine(file: string, reason: string): number {
  const quoted = /'([^']+)'/.exec(reason)?.[1];
  return quoted ? lineContaining(file, quoted) : 1;
}

function lineContaining(file: string, needle: string): number {
  const index = readFileSync(file, 'utf8')
    .split(/\r\n|\r|\n/)
    .findIndex((line) => line.includes(needle));
  return index + 1 || 1;
}
