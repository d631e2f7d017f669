/**
 * `npm run bench:shield`: precision and recall of the PII shield's `protect` on a labelled corpus of
 * generated chat lines (bench/shield-corpus.ts: en, es, sv; seeded, the same on every run), against
 * redact-pii and openredaction (dev dependencies, for this comparison only).
 *
 * Each tool's output is aligned with the input: what it replaced, and with what type. Per type, recall is
 * the share of labelled values of that type no character of which reaches the output (whatever the
 * placeholder's type); precision is the share of the tool's replacements of that type that fall on a
 * labelled value of that type. "Must stay" is the share of order numbers, dates and tax ids with a wrong
 * check character that come out untouched.
 *
 *   npm run bench:shield [-- --lines 2100 --seed 20260802 --write-corpus corpus.jsonl]
 */
import { writeFileSync } from 'node:fs';
import { SyncRedactor } from 'redact-pii';
import { OpenRedaction } from 'openredaction';
import { PlaceholderMapping } from '../src/core/shield/placeholder-mapping';
import type { PiiDetection } from '../src/core/shield/pii-detection';
import { FIND, KEEP, generateCorpus, type CorpusLine, type Label } from './shield-corpus';

interface Replacement {
  start: number;
  end: number;
  /** One of the shield's types, or OTHER (a name, a zip code...). */
  type: Label | 'OTHER';
}

interface Tool {
  name: string;
  replacements(text: string): Promise<Replacement[]>;
}

/**
 * Where a tool that writes tokens into the text replaced what: the text between tokens is copied from
 * the input unchanged, so each token stands for the stretch of input between two copied pieces.
 */
function align(
  input: string,
  output: string,
  token: RegExp,
  typeOf: (name: string) => Label | 'OTHER',
): Replacement[] {
  const pieces: string[] = [];
  const types: Array<Label | 'OTHER'> = [];
  let cursor = 0;
  for (const match of output.matchAll(token)) {
    pieces.push(output.slice(cursor, match.index));
    types.push(typeOf(match[1]));
    cursor = match.index + match[0].length;
  }
  pieces.push(output.slice(cursor));
  const found: Replacement[] = [];
  let at = 0;
  for (let i = 0; i < types.length; i++) {
    const start =
      input.indexOf(pieces[i], at) === at
        ? at + pieces[i].length
        : input.indexOf(pieces[i], at) + pieces[i].length;
    const following = pieces[i + 1];
    let end =
      i + 1 === types.length
        ? input.length - following.length
        : following === ''
          ? start + 1
          : input.indexOf(following, start + 1);
    if (end < start) end = input.length;
    found.push({ start, end, type: types[i] });
    at = end;
  }
  return found;
}

const DETECTION: PiiDetection = { countries: ['ES', 'SE', 'US'], phoneRegions: ['ES', 'SE', 'US'] };

const shield: Tool = {
  name: 'shield.protect',
  async replacements(text) {
    const output = new PlaceholderMapping().protect(text, DETECTION).text;
    return align(text, output, /\[(CARD|IBAN|TAX_ID|EMAIL|PHONE)_\d+\]/g, (name) => name as Label);
  },
};

const REDACT_PII_TYPES: Record<string, Label> = {
  CREDIT_CARD_NUMBER: 'CARD',
  EMAIL_ADDRESS: 'EMAIL',
  PHONE_NUMBER: 'PHONE',
  US_SOCIAL_SECURITY_NUMBER: 'TAX_ID',
};
const redactPii = new SyncRedactor();
const redactPiiTool: Tool = {
  name: 'redact-pii',
  async replacements(text) {
    const output = redactPii.redact(text);
    return align(text, output, /\b([A-Z]+(?:_[A-Z]+)*)\b/g, (name) => REDACT_PII_TYPES[name] ?? 'OTHER');
  },
};

function openRedactionType(type: string): Label | 'OTHER' {
  if (/CREDIT_CARD|CARD_NUMBER/.test(type)) return 'CARD';
  if (/IBAN/.test(type)) return 'IBAN';
  if (/EMAIL/.test(type)) return 'EMAIL';
  if (/PHONE|MOBILE/.test(type)) return 'PHONE';
  if (
    /SSN|DNI|NIE|NIF|CIF|PERSONNUMMER|NATIONAL_ID|TAX|EIN|ORGANI[SZ]ATION_NUMBER|SOCIAL_SECURITY/.test(type)
  )
    return 'TAX_ID';
  return 'OTHER';
}
const openRedaction = new OpenRedaction();
const openRedactionTool: Tool = {
  name: 'openredaction',
  async replacements(text) {
    const result = await openRedaction.detect(text);
    return result.detections.map((d: { type: string; position: [number, number] }) => ({
      start: d.position[0],
      end: d.position[1],
      type: openRedactionType(d.type),
    }));
  },
};

interface Tally {
  found: number;
  total: number;
  correct: number;
  predicted: number;
}

async function evaluate(tool: Tool, corpus: readonly CorpusLine[]) {
  const tallies = new Map<Label, Tally>();
  const tally = (label: Label) => {
    let t = tallies.get(label);
    if (!t) tallies.set(label, (t = { found: 0, total: 0, correct: 0, predicted: 0 }));
    return t;
  };
  const started = process.hrtime.bigint();
  for (const line of corpus) {
    const replaced = await tool.replacements(line.text);
    const covered = (start: number, end: number) => {
      for (let i = start; i < end; i++) {
        if (/[\p{L}\p{N}]/u.test(line.text[i]) && !replaced.some((r) => r.start <= i && i < r.end))
          return false;
      }
      return true;
    };
    const touched = (start: number, end: number) => replaced.some((r) => r.start < end && start < r.end);
    for (const span of line.spans) {
      const t = tally(span.label);
      t.total++;
      if (FIND.includes(span.label) ? covered(span.start, span.end) : !touched(span.start, span.end))
        t.found++;
    }
    for (const r of replaced) {
      if (r.type === 'OTHER') continue;
      const t = tally(r.type);
      t.predicted++;
      if (line.spans.some((s) => s.label === r.type && s.start < r.end && r.start < s.end)) t.correct++;
    }
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { tallies, msPerLine: ms / corpus.length };
}

const percent = (n: number, d: number) => (d === 0 ? '   -  ' : `${((100 * n) / d).toFixed(1).padStart(5)}%`);

async function main() {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const corpus = generateCorpus(Number(option('lines') ?? 2_100), Number(option('seed') ?? 20_260_802));
  const write = option('write-corpus');
  if (write) writeFileSync(write, corpus.map((line) => JSON.stringify(line)).join('\n') + '\n');
  const tools = [shield, redactPiiTool, openRedactionTool];
  const results = [];
  for (const tool of tools) results.push(await evaluate(tool, corpus));

  const counts = new Map<Label, number>();
  for (const line of corpus)
    for (const span of line.spans) counts.set(span.label, (counts.get(span.label) ?? 0) + 1);
  console.log(
    `Corpus: ${corpus.length} lines (en, es, sv), seed ${option('seed') ?? 20_260_802}; tax ids of ES, SE, US; phone regions ES, SE, US.`,
  );
  console.log('');
  console.log(`| type (values) | ${tools.map((t) => `${t.name} P / R`).join(' | ')} |`);
  console.log(`| --- | ${tools.map(() => '---').join(' | ')} |`);
  for (const label of FIND) {
    const cells = results.map(({ tallies }) => {
      const t = tallies.get(label);
      return `${percent(t?.correct ?? 0, t?.predicted ?? 0)} / ${percent(t?.found ?? 0, t?.total ?? 0)}`;
    });
    console.log(`| ${label} (${counts.get(label) ?? 0}) | ${cells.join(' | ')} |`);
  }
  for (const label of KEEP) {
    const cells = results.map(({ tallies }) => {
      const t = tallies.get(label);
      return `kept ${percent(t?.found ?? 0, t?.total ?? 0)}`;
    });
    console.log(`| ${label} must stay (${counts.get(label) ?? 0}) | ${cells.join(' | ')} |`);
  }
  console.log(`| time per line | ${results.map((r) => `${r.msPerLine.toFixed(2)} ms`).join(' | ')} |`);
  // The cost of one long message: 10,000 characters of chat, and a text built to be expensive.
  const long = {
    'chat text': 'Hola, mi pedido 48213 del 2026-03-04, llamadme al 612 34 56 78. '
      .repeat(160)
      .slice(0, 10_000),
    '"1 1 1 …"': '1 '.repeat(5_000),
  };
  for (const [name, text] of Object.entries(long)) {
    const times: number[] = [];
    for (let round = 0; round < 5; round++) {
      const started = process.hrtime.bigint();
      new PlaceholderMapping().protect(text, DETECTION);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    times.sort((a, b) => a - b);
    console.log(`| protect, 10,000 characters of ${name} (median of 5) | ${times[2].toFixed(0)} ms | | |`);
  }
  console.log('');
  console.log(
    "P: share of the tool's replacements of that type that hit a value of that type; R: share of values hidden completely.",
  );
}

void main();
