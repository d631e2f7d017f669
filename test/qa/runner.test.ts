import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Activity } from 'botbuilder';
import { startAppTransport } from '../../src/qa/app-transport';
import { runQaCli } from '../../src/qa/cli';
import { parseConvo } from '../../src/qa/convo-parser';
import { runConvos } from '../../src/qa/runner';
import type { ConvoTransport } from '../../src/qa/transport';
import { createMenuBot } from './menu-bot';

const FIXTURES = join(__dirname, 'fixtures');

let bot: Awaited<ReturnType<typeof startAppTransport>>;
beforeAll(async () => {
  bot = await startAppTransport(createMenuBot());
});
afterAll(() => bot.close());

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runQaCli(argv, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    cwd: join(__dirname, '../..'),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

interface JUnitCase {
  name: string;
  classname: string;
  failure?: { message: string; body: string };
}

/** Reads the parts of a JUnit report CI tools use, checking that elements are balanced. */
function parseJUnit(xml: string): { tests: number; failures: number; cases: JUnitCase[] } {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
  const stack: string[] = [];
  for (const [, closing, name, selfClosing] of xml.matchAll(/<(\/?)([a-z]+)\b[^>]*?(\/?)>/g)) {
    if (selfClosing) continue;
    if (closing) expect(stack.pop()).toBe(name);
    else stack.push(name);
  }
  expect(stack).toEqual([]);
  const attr = (tag: string, name: string) => {
    const value = new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1] ?? '';
    return value
      .replace(/&#10;/g, '\n')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  };
  const suites = /<testsuites [^>]*>/.exec(xml)![0];
  const cases = [...xml.matchAll(/<testcase ([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g)].map(
    ([, attrs, , inner]) => {
      const failure = inner ? /<failure ([^>]*)>([\s\S]*?)<\/failure>/.exec(inner) : null;
      return {
        name: attr(attrs, 'name'),
        classname: attr(attrs, 'classname'),
        ...(failure
          ? { failure: { message: attr(failure[1], 'message'), body: attr(`x="${failure[2]}"`, 'x') } }
          : {}),
      };
    },
  );
  return { tests: Number(attr(suites, 'tests')), failures: Number(attr(suites, 'failures')), cases };
}

describe('the QA runner over HTTP (expectReplies) against a CloudAdapter bot', () => {
  it('passes convos the bot satisfies', async () => {
    const { code, out } = await cli(join(FIXTURES, 'pass'), '--url', bot.url);
    expect(out).toContain('4 convos: 4 passed, 0 failed');
    expect(out).toMatch(
      /PASS Every convo starts as a new user \(test\/qa\/fixtures\/pass\/fresh-user\.convo\.txt/,
    );
    expect(code).toBe(0);
  });

  it('fails convos the bot does not satisfy, shows expected vs actual, and still runs the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bbp-qa-'));
    const report = join(dir, 'reports', 'qa.xml');
    const { code, out } = await cli(FIXTURES, '--url', bot.url, '--junit', report);
    expect(code).toBe(1);
    expect(out).toContain('7 convos: 4 passed, 3 failed');

    // Where, what was expected, and what the bot said.
    expect(out).toContain('FAIL Menu buttons that the bot does not offer');
    expect(out).toContain(
      'test/qa/fixtures/fail/wrong-buttons.convo.txt:5: turn 2 (#bot, line 5): BUTTONS Book|Pay now: missing "Pay now"',
    );
    expect(out).toContain('    expected:\n      Hello\n      BUTTONS Book|Pay now');
    expect(out).toContain('text:    "Hello! How can I help?"');
    expect(out).toContain('buttons: Book | Privacy');
    expect(out).toContain(
      'no-reply.convo.txt:5: turn 2 (#bot, line 5): expected a message from the bot, but it sent no more after the #me at line 2.',
    );
    expect(out).toContain('actual:   (no message)');
    expect(out).toContain(
      'FAIL test/qa/fixtures/fail/broken.convo.txt (test/qa/fixtures/fail/broken.convo.txt, 0 ms)\n    test/qa/fixtures/fail/broken.convo.txt:6: cannot parse: line 6: unknown asserter "TEXT_CONTAINS_ANYY"',
    );

    const junit = parseJUnit(readFileSync(report, 'utf8'));
    expect(junit.tests).toBe(7);
    expect(junit.failures).toBe(3);
    const byName = new Map(junit.cases.map((c) => [c.name, c]));
    expect(byName.get('Greeting and menu buttons')).toEqual({
      name: 'Greeting and menu buttons',
      classname: 'test/qa/fixtures/pass/greeting.convo.txt',
    });
    const wrong = byName.get('Menu buttons that the bot does not offer')!;
    expect(wrong.classname).toBe('test/qa/fixtures/fail/wrong-buttons.convo.txt');
    expect(wrong.failure?.message).toBe('turn 2 (#bot, line 5): BUTTONS Book|Pay now: missing "Pay now"');
    expect(wrong.failure?.body).toContain('buttons: Book | Privacy');
    expect(byName.get('test/qa/fixtures/fail/broken.convo.txt')?.failure?.message).toMatch(
      /cannot parse: line 6/,
    );
  });

  it('runs every convo as a new user in a new conversation, even when run at once', async () => {
    const convo = parseConvo('Fresh\n#me\ncount\n#bot\nTEXT You have sent 1 message.', 'fresh.convo.txt');
    const results = await runConvos([convo, convo, convo, convo], { transport: bot, concurrency: 4 });
    expect(results.map((r) => r.passed)).toEqual([true, true, true, true]);
  });
});

describe('activities the runner sends', () => {
  /** An in-process transport: a function that records each activity and answers one message. */
  function recorder(
    answer: (a: Partial<Activity>) => Array<Partial<Activity>> = () => [{ type: 'message', text: 'ok' }],
  ) {
    const sent: Array<Partial<Activity>> = [];
    const transport: ConvoTransport = { send: async (activity) => (sent.push(activity), answer(activity)) };
    return { sent, transport };
  }

  it('uses the convo channel and locale, a numeric PSID on facebook, and Messenger-style postbacks', async () => {
    const { sent, transport } = recorder();
    const convo = parseConvo(
      'Postback\n#channel facebook\n#locale es-ES\n#me\nPAYLOAD PRIVACY_MENU\n#me\nhola',
      'p.convo.txt',
    );
    const [result] = await runConvos([convo], { transport });
    expect(result.passed).toBe(true);
    expect(sent).toHaveLength(2);
    const [postback, text] = sent;
    expect(postback).toMatchObject({
      type: 'message',
      channelId: 'facebook',
      locale: 'es-ES',
      text: 'PRIVACY_MENU',
    });
    expect(postback.from?.id).toMatch(/^[1-9]\d{15}$/);
    expect(postback.channelData).toMatchObject({
      sender: { id: postback.from?.id },
      postback: { payload: 'PRIVACY_MENU' },
    });
    expect(text).toMatchObject({ text: 'hola', from: postback.from, conversation: postback.conversation });
    expect(text.channelData.message.text).toBe('hola');
  });

  it('gives each convo its own user and conversation ids on the default channel', async () => {
    const { sent, transport } = recorder();
    const convo = parseConvo('Plain\n#me\nhi', 'plain.convo.txt');
    await runConvos([convo, convo], { transport, defaultChannelId: 'directline' });
    expect(sent.map((a) => a.channelId)).toEqual(['directline', 'directline']);
    expect(sent[0].from?.id).not.toBe(sent[1].from?.id);
    expect(sent[0].conversation?.id).not.toBe(sent[1].conversation?.id);
    expect(sent[0].locale).toBeUndefined();
  });

  it('sends a conversationUpdate first when the bot speaks first, and skips non-message replies', async () => {
    const { sent, transport } = recorder((a) =>
      a.type === 'conversationUpdate' ? [{ type: 'typing' }, { type: 'message', text: 'Welcome' }] : [],
    );
    const [result] = await runConvos([parseConvo('Greets\n#bot\nwelcome', 'g.convo.txt')], { transport });
    expect(result.passed).toBe(true);
    expect(sent[0].type).toBe('conversationUpdate');
    expect(sent[0].membersAdded?.map((m) => m.id)).toContain(sent[0].from?.id);
  });

  it('fails (and does not throw) when the transport fails', async () => {
    const transport: ConvoTransport = {
      send: async () => {
        throw new Error('socket hang up');
      },
    };
    const [result] = await runConvos([parseConvo('X\n#me\nhi\n#bot\nhi', 'x.convo.txt')], { transport });
    expect(result).toMatchObject({
      passed: false,
      failure: { turn: 1, line: 2, summary: 'turn 1 (line 2): socket hang up' },
    });
  });
});

describe('the qa command', () => {
  it('starts an in-process bot when no --url is given', async () => {
    const { code, out } = await cli(
      join(FIXTURES, 'pass', 'fresh-user.convo.txt'),
      '--app',
      'test/qa/menu-bot.ts#createMenuBot',
    );
    expect(out).toContain('1 convo: 1 passed, 0 failed');
    expect(code).toBe(0);
  });

  it('explains when the in-process bot cannot be loaded', async () => {
    const { code, err } = await cli(join(FIXTURES, 'pass'), '--app', 'examples/nowhere/app.ts#createBotApp');
    expect(code).toBe(2);
    expect(err).toMatch(
      /No bot to test: cannot load the in-process bot examples\/nowhere\/app\.ts.*give --url/,
    );
  });

  it('fails every convo with a clear reason when the bot is unreachable', async () => {
    const closed = await startAppTransport(createMenuBot());
    await closed.close();
    const { code, out } = await cli(join(FIXTURES, 'pass'), '--url', closed.url);
    expect(code).toBe(1);
    expect(out).toContain('4 convos: 0 passed, 4 failed');
    expect(out).toMatch(/could not be reached \(ECONNREFUSED\)/);
  });

  it('says so when the bot does not honour expectReplies', async () => {
    const server = createServer((_, res) => {
      res.writeHead(202);
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
      const { code, out } = await cli(join(FIXTURES, 'pass', 'fresh-user.convo.txt'), '--url', url);
      expect(code).toBe(1);
      expect(out).toMatch(
        /answered HTTP 202 without \{activities: \[\.\.\.\]\}: it must honour deliveryMode "expectReplies"/,
      );
    } finally {
      server.close();
    }
  });

  it.each([
    [[], /Give at least one convo file or folder/],
    [['qa', '--verbose'], /Unknown option --verbose/],
    [['qa', '--url'], /--url needs a value/],
    [['qa', '--concurrency', '0'], /positive whole number/],
    [['test/qa/fixtures/none'], /no such file or folder/],
    [['test/support'], /No \*\.convo\.txt files found/],
  ])('answers usage errors with exit code 2: %j', async (argv, message) => {
    const { code, err } = await cli(...argv);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  it('prints usage on --help', async () => {
    const { code, out } = await cli('--help');
    expect(code).toBe(0);
    expect(out).toContain('Usage: npm run qa --');
  });
});
