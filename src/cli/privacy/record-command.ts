import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError } from '../../core/errors';
import { buildRecordOfProcessing, type RecordOfProcessingSource } from '../../core/record-of-processing';
import { isRecordLanguage, RECORD_TEXTS } from '../../i18n/record-texts';
import type { PrivacySubcommand } from './cli-io';
import { recordOfProcessingHtml } from './record-html';

/** The example's record source, used when `--config` is not given (in this repository). */
const DEFAULT_CONFIG = 'examples/home-services-bot/record-of-processing.ts';
const REPO_ROOT = path.join(__dirname, '..', '..', '..');

const HELP = [
  'Usage: privacy record [--lang en|es|sv] (--html FILE | --json) [--config MODULE]',
  '',
  '  The record of processing activities (GDPR Art. 30) from the bot’s data inventory and purposes:',
  '  controller, purposes, categories of data and people, recipients, retention, legal basis,',
  '  safeguards and where each is implemented.',
  '',
  '  --lang L         language of the record: en (default), es or sv',
  '  --html FILE      writes a self-contained HTML page (the insights report’s style)',
  '  --json           prints the record as JSON',
  `  --config MODULE  a module exporting \`recordSource\` ({ brand, inventory, purposes, subjects?,`,
  `                   transfers? }); default ${DEFAULT_CONFIG}`,
];

/** A command-line mistake: told in one line, exit code 2. */
class UsageError extends Error {}

function parse(args: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  for (let i = 0; i < args.length; i += 1) {
    const name = args[i];
    if (name === '--json') {
      found.set(name, 'yes');
      continue;
    }
    if (!['--lang', '--html', '--config'].includes(name))
      throw new UsageError(`unknown option "${name.slice(0, 40)}"`);
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
    found.set(name, value);
    i += 1;
  }
  return found;
}

/** The record's source from a module: `recordSource`, its default export, or the module itself. */
function loadSource(module: string): RecordOfProcessingSource {
  const file = path.resolve(module);
  let loaded: Record<string, unknown>;
  try {
    loaded = require(file) as Record<string, unknown>;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'MODULE_NOT_FOUND'
        ? `--config: cannot find ${module}`
        : `--config: ${module} failed to load (${error instanceof Error ? error.message.split('\n')[0] : 'error'})`,
    );
  }
  const source = (loaded.recordSource ?? loaded.default ?? loaded) as Partial<RecordOfProcessingSource>;
  if (!source || typeof source !== 'object' || !source.brand || !Array.isArray(source.inventory))
    throw new UsageError(`--config: ${module} must export recordSource = { brand, inventory, purposes }`);
  return source as RecordOfProcessingSource;
}

/** `privacy record`: the record of processing activities (Art. 30) as HTML or JSON. */
export const recordCommand: PrivacySubcommand = {
  summary: 'record --lang en|es|sv --html FILE | --json: the record of processing (GDPR Art. 30)',
  async run(args, io) {
    if (args.includes('--help') || args.includes('-h')) {
      HELP.forEach((line) => io.out(line));
      return 0;
    }
    try {
      const given = parse(args);
      const language = given.get('--lang') ?? 'en';
      if (!isRecordLanguage(language))
        throw new UsageError(`--lang must be en, es or sv (got "${language.slice(0, 20)}")`);
      const html = given.get('--html');
      const json = given.has('--json');
      if (!html && !json) throw new UsageError('say what to write: --html FILE or --json (see --help)');
      const texts = RECORD_TEXTS[language];
      const record = buildRecordOfProcessing(
        loadSource(given.get('--config') ?? DEFAULT_CONFIG),
        language,
        texts,
      );
      if (record.missing.length > 0)
        io.err(`Warning: not declared for the record (GDPR Art. 30(1)): ${record.missing.join(', ')}`);
      if (html) {
        await writeFile(html, recordOfProcessingHtml(record, texts)).catch((error: unknown) => {
          throw new UsageError(`cannot write ${html} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
        });
        io.err(`Record of processing (${language}) written to ${html}`);
      }
      if (json) io.out(JSON.stringify(record, null, 2));
      return 0;
    } catch (error) {
      if (error instanceof UsageError || error instanceof ConfigurationError) {
        io.err(`privacy record: ${error.message}`);
        return 2;
      }
      throw error;
    }
  },
};
