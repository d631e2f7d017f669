import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runQaCli } from '../../src/qa/cli';
import { serveBot, type ServedBot } from '../../src/qa/in-process-bot';
import { configFromEnv, createBotApp } from '../../examples/home-services-bot/app';
import { testRedisUrl, uniquePrefix } from '../support/redis';

// The example bot (on the test Redis) under genuine BotiumScript and a recorded Emulator transcript,
// on botium-core: in this process, and over HTTP with botium.json's simplerest configuration.

const ROOT = join(__dirname, '../..');
const PASS = 'test/qa/fixtures/example/pass';
const FAIL = 'test/qa/fixtures/example/fail';

const exampleBot = () =>
  createBotApp({ ...configFromEnv({}), redisUrl: testRedisUrl(), redisPrefix: uniquePrefix('qa') });

async function cli(...argv: string[]) {
  const out: string[] = [];
  const code = await runQaCli(argv, {
    out: (l) => out.push(l),
    err: (l) => out.push(l),
    cwd: ROOT,
    loadBot: async () => exampleBot(),
  });
  return { code, out: out.join('\n') };
}

let http: ServedBot;
beforeAll(async () => {
  http = await serveBot(exampleBot());
});
afterAll(() => http.close());

/** The test cases of a JUnit report, checking that its elements are balanced. */
function junitCases(xml: string): Array<{ name: string; classname: string; failure?: string }> {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
  const stack: string[] = [];
  for (const [, closing, name, selfClosing] of xml.matchAll(/<(\/?)([a-z]+)\b[^>]*?(\/?)>/g)) {
    if (selfClosing) continue;
    if (closing) expect(stack.pop()).toBe(name);
    else stack.push(name);
  }
  expect(stack).toEqual([]);
  const attr = (tag: string, name: string) =>
    (new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1] ?? '')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  return [...xml.matchAll(/<testcase ([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g)].map(([, attrs, , inner]) => ({
    name: attr(attrs, 'name'),
    classname: attr(attrs, 'classname'),
    ...(inner ? { failure: attr(/<failure [^>]*>/.exec(inner)![0], 'message') } : {}),
  }));
}

describe.each([
  ['in process', () => [] as string[]],
  ['over HTTP (--url)', () => ['--url', http.url]],
])('the example, %s', (_, target) => {
  it('passes qa/convos, qa/transcripts and the BotiumScript features suite; one JUnit case per convo and variant', async () => {
    const report = join(mkdtempSync(join(tmpdir(), 'bbp-qa-')), 'qa.xml');
    const run = await cli(
      'qa/convos',
      'qa/transcripts',
      PASS,
      '--concurrency',
      '2',
      '--junit',
      report,
      ...target(),
    );
    expect(run.out).toContain('21 passed, 0 failed');
    expect(run.code).toBe(0);

    const cases = junitCases(readFileSync(report, 'utf8'));
    expect(cases).toHaveLength(21);
    expect(cases.filter((c) => c.failure)).toEqual([]);
    expect(
      cases.filter((c) => c.classname === `${PASS}/book-three-ways.convo.txt`).map((c) => c.name),
    ).toEqual([
      'Book a visit, said three ways/BOOK_UTT-L1',
      'Book a visit, said three ways/BOOK_UTT-L2',
      'Book a visit, said three ways/BOOK_UTT-L3',
    ]);
    expect(cases).toContainEqual({
      name: `${PASS}/emulator-booking.transcript`, // Emulator format: traces, typing, client channelData
      classname: `${PASS}/emulator-booking.transcript`,
    });
    expect(cases).toContainEqual({
      name: 'qa/transcripts/en-book-and-pay-messenger.transcript',
      classname: 'qa/transcripts/en-book-and-pay-messenger.transcript',
    });
  });
});

describe('files that must fail, over HTTP', () => {
  it('fail, each with its file:line (or transcript index) and reason, and the others still run', async () => {
    const report = join(mkdtempSync(join(tmpdir(), 'bbp-qa-')), 'qa.xml');
    const run = await cli(FAIL, '--url', http.url, '--junit', report);
    expect(run.code).toBe(1);
    expect(run.out).toContain('0 passed, 12 failed');
    const failures = Object.fromEntries(
      junitCases(readFileSync(report, 'utf8')).map((c) => [c.classname.replace(`${FAIL}/`, ''), c.failure]),
    );
    expect(failures).toEqual({
      'missing-button.convo.txt': `${FAIL}/missing-button.convo.txt:9: assertion error: Expected button(s) with text "Privacy Center Deluxe"`,
      'negated-button.convo.txt': `${FAIL}/negated-button.convo.txt:9: assertion error: Not expected button(s) with text "Terms of use"`,
      'fails-in-partial.convo.txt': expect.stringMatching(
        new RegExp(
          `^${FAIL}/broken-menu\\.pconvo\\.txt:6: .*expected to match "Welcome to the secret menu\\*"`,
        ),
      ),
      'missing-include.convo.txt': expect.stringMatching(
        new RegExp(
          `^${FAIL}/missing-include\\.convo\\.txt:6: cannot read: Cant find partial convo with name No such partial convo`,
        ),
      ),
      'misspelt-asserter.convo.txt': `${FAIL}/misspelt-asserter.convo.txt:7: cannot read: unknown asserter or logic hook "BUTTONS_CONT" in #bot`,
      'misspelt-section.convo.txt': `${FAIL}/misspelt-section.convo.txt:2: cannot read: unknown section "#chanel" (sections: #begin, #include, #me, #bot, #end)`,
      'no-reply.convo.txt': `${FAIL}/no-reply.convo.txt:12: error waiting for bot - Bot did not respond within 1s`,
      'wrong-utterance.convo.txt': `${FAIL}/wrong-utterance.convo.txt:4: cannot read: unknown user input, logic hook or utterances name "BOOK_UT" in #me`,
      'no-steps.convo.txt': `${FAIL}/no-steps.convo.txt:1: cannot read: no #me, #bot or #include step: it would test nothing`,
      'text-after-button.convo.txt': `${FAIL}/text-after-button.convo.txt:5: cannot read: Failed to parse conversation. No text expected here: 'and some text'`,
      'edited-reply.transcript': `${FAIL}/edited-reply.transcript [8]: the text differs`,
      'not-an-array.transcript': `${FAIL}/not-an-array.transcript:1: cannot read: a transcript is a JSON array of activities.`,
    });
    // What the bot said is shown with a failure.
    expect(run.out).toContain(
      'FAIL A button the menu does not have (test/qa/fixtures/example/fail/missing-button.convo.txt',
    );
    expect(run.out).toContain('the bot said:\n      Privacy at Home Services: what would you like to do?');
    expect(run.out).toContain('BUTTON(Delete my data | PRIVACY_DELETE)');
    expect(run.out).toContain('expected:\n      text: "Done: Plumbing visit booked for Tuesday."');
  });
});

describe("Botium's own engine with the shipped botium.json, unchanged", () => {
  it('runs qa/convos against the example over HTTP, as botium-cli does', async () => {
    const child = spawn(process.execPath, [join(__dirname, 'botium-core-plain.js'), 'qa/convos'], {
      cwd: ROOT,
      env: { ...process.env, BOTIUM_SIMPLEREST_URL: http.url, BOTIUM_TEMPDIR: join(tmpdir(), 'botium') },
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(out).toContain('14 passed, 0 failed');
    expect(code).toBe(0);
  });
});
