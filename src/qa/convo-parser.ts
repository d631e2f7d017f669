import {
  ASSERTER_NAMES,
  type Asserter,
  type AsserterName,
  type BotTurn,
  type Convo,
  type MeTurn,
} from './convo';

/** A convo file that cannot be read; the message starts with `file:line:`. */
export class ConvoParseError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
    this.name = 'ConvoParseError';
  }
}

interface Line {
  readonly text: string;
  readonly number: number;
}

const KNOWN_ASSERTERS: ReadonlySet<string> = new Set(ASSERTER_NAMES);
const SECTION = /^#([A-Za-z_]+)\s*(.*)$/;
const ASSERTER_LIKE = /^!?[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/;
const CHANNEL = /^[A-Za-z0-9._-]{1,64}$/;
const LOCALE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/**
 * Parses a BotiumScript-style convo:
 *
 * ```
 * Privacy menu in Spanish            <- test name
 * Optional description lines.
 * #channel facebook                  <- optional headers
 * #locale es-ES
 *
 * #me
 * PAYLOAD PRIVACY_MENU               <- a postback; plain lines are text
 *
 * #bot
 * privacidad                         <- text the reply must contain
 * BUTTONS Ver mis datos|Borrar mis datos
 * !TEXT_CONTAINS_ANY error
 * ```
 * @throws ConvoParseError with file and line.
 */
export function parseConvo(source: string, file = '<convo>'): Convo {
  const lines: Line[] = source
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((text, i) => ({ text: text.replace(/\s+$/, ''), number: i + 1 }));
  const fail = (line: number, detail: string): never => {
    throw new ConvoParseError(file, line, detail);
  };

  let i = 0;
  while (i < lines.length && lines[i].text.trim() === '') i++;
  if (i === lines.length) fail(1, 'the file is empty: its first line must be the test name.');
  const nameLine = lines[i++];
  if (nameLine.text.trim().startsWith('#'))
    fail(nameLine.number, 'the first line must be the test name, not a section.');

  const description: string[] = [];
  let channelId: string | undefined;
  let locale: string | undefined;
  for (; i < lines.length; i++) {
    const { text, number } = lines[i];
    const section = SECTION.exec(text.trim());
    if (!section) {
      description.push(text.trim());
      continue;
    }
    const [, name, value] = section;
    if (name === 'me' || name === 'bot') break;
    if (name === 'channel') {
      if (channelId !== undefined) fail(number, '#channel is given twice.');
      if (!CHANNEL.test(value)) fail(number, '#channel needs a channel id such as "facebook" or "webchat".');
      channelId = value;
    } else if (name === 'locale') {
      if (locale !== undefined) fail(number, '#locale is given twice.');
      const tag = value.replace(/_/g, '-');
      if (!LOCALE.test(tag)) fail(number, '#locale needs a language tag such as "es-ES".');
      locale = tag;
    } else {
      fail(number, `unknown section "#${name}": expected #me, #bot, #channel or #locale.`);
    }
  }

  const turns: Array<MeTurn | BotTurn> = [];
  let block: { sender: 'me' | 'bot'; line: number; body: Line[] } | undefined;
  const close = () => {
    if (block)
      turns.push(
        block.sender === 'me' ? meTurn(block.line, block.body, fail) : botTurn(block.line, block.body, fail),
      );
  };
  for (; i < lines.length; i++) {
    const { text, number } = lines[i];
    const section = SECTION.exec(text.trim());
    if (!section) {
      block?.body.push(lines[i]);
      continue;
    }
    const name = section[1];
    if (name === 'me' || name === 'bot') {
      close();
      block = { sender: name, line: number, body: [] };
    } else if (name === 'channel' || name === 'locale') {
      fail(number, `#${name} must come before the first #me or #bot.`);
    } else {
      fail(number, `unknown section "#${name}": expected #me or #bot.`);
    }
  }
  close();
  if (turns.length === 0) fail(nameLine.number, 'the convo has no #me or #bot turn.');

  return {
    file,
    name: nameLine.text.trim(),
    description: description.join('\n').trim(),
    ...(channelId ? { channelId } : {}),
    ...(locale ? { locale } : {}),
    turns,
  };
}

type Fail = (line: number, detail: string) => never;

function trimBlank(body: Line[]): Line[] {
  let start = 0;
  let end = body.length;
  while (start < end && body[start].text.trim() === '') start++;
  while (end > start && body[end - 1].text.trim() === '') end--;
  return body.slice(start, end);
}

function meTurn(line: number, rawBody: Line[], fail: Fail): MeTurn {
  const body = trimBlank(rawBody);
  const payloads = body.filter((l) => /^PAYLOAD(\s|$)/.test(l.text.trim()));
  if (payloads.length > 0) {
    if (payloads.length > 1) fail(payloads[1].number, 'a #me turn can send one PAYLOAD only.');
    if (body.length > 1) fail(line, 'a #me turn sends either text or one PAYLOAD, not both.');
    const payload = payloads[0].text.trim().slice('PAYLOAD'.length).trim();
    if (!payload)
      fail(payloads[0].number, 'PAYLOAD needs the postback payload, e.g. "PAYLOAD PRIVACY_MENU".');
    return { sender: 'me', line, message: { kind: 'postback', payload } };
  }
  for (const l of body) {
    const word = l.text.trim().split(/\s+/)[0];
    if (KNOWN_ASSERTERS.has(word.replace(/^!/, '')))
      fail(l.number, `${word} is an asserter: it belongs in a #bot turn.`);
  }
  if (body.length === 0) fail(line, 'this #me turn sends nothing: add the text or a PAYLOAD line.');
  return { sender: 'me', line, message: { kind: 'text', text: body.map((l) => l.text).join('\n') } };
}

function botTurn(line: number, rawBody: Line[], fail: Fail): BotTurn {
  const asserters: Asserter[] = [];
  const textLines: Line[] = [];
  for (const l of trimBlank(rawBody)) {
    const trimmed = l.text.trim();
    const [word] = trimmed.split(/\s+/);
    const name = word.replace(/^!/, '');
    if (KNOWN_ASSERTERS.has(name)) {
      asserters.push(parseAsserter(name as AsserterName, word.startsWith('!'), trimmed, l.number, fail));
    } else if (ASSERTER_LIKE.test(word)) {
      fail(l.number, `unknown asserter "${name}": expected one of ${ASSERTER_NAMES.join(', ')}.`);
    } else {
      textLines.push(l);
    }
  }
  if (textLines.length === 0) return { sender: 'bot', line, asserters };
  const joined = textLines.map((l) => l.text.trim()).join('\n');
  const negated = joined.startsWith('!');
  const value = negated ? joined.slice(1).trim() : joined;
  if (!value) fail(textLines[0].number, 'a "!" line needs the text the bot must not say.');
  return { sender: 'bot', line, text: { value, negated, line: textLines[0].number }, asserters };
}

function parseAsserter(
  name: AsserterName,
  negated: boolean,
  source: string,
  line: number,
  fail: Fail,
): Asserter {
  const rest = source.slice(source.indexOf(name) + name.length).trim();
  if (name === 'TEXT' || name === 'TEXT_IC') {
    // TEXT compares the whole reply: "|" is part of the text, not a separator.
    if (!rest) fail(line, `${name} needs the exact text, e.g. "${name} Hello!".`);
    return { name, args: [rest], negated, source, line };
  }
  const args = rest === '' ? [] : rest.split('|').map((a) => a.trim());
  if (name !== 'BUTTONS' && args.length === 0)
    fail(line, `${name} needs at least one value, e.g. "${name} hello|hi".`);
  if (args.some((a) => a === '')) fail(line, `${name} has an empty value between "|" separators.`);
  return { name, args, negated, source, line };
}
