import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAppTransport } from '../../src/qa/app-transport';
import { runQaCli } from '../../src/qa/cli';
import { createMenuBot, createMenuBotLogic } from './menu-bot';

// The qa command on botium-core against a small bot: in process (bot logic on CloudAdapter) and over HTTP.

const ROOT = join(__dirname, '../..');
const SUITE = join(__dirname, 'fixtures/menu-bot');
const MENU_BOT_CONVOS = 8;

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runQaCli(argv, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    cwd: ROOT,
    loadBot: async () => ({ bot: createMenuBotLogic() }),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

let http: Awaited<ReturnType<typeof startAppTransport>>;
beforeAll(async () => {
  http = await startAppTransport(createMenuBot());
});
afterAll(() => http.close());

describe.each([
  ['in process (bot logic on CloudAdapter)', () => [] as string[]],
  ['over HTTP (simplerest, expectReplies)', () => ['--url', http.url]],
])('BotiumScript %s', (_, target) => {
  it('passes: fresh user per convo at once, CHANNEL/LOCALE hooks and --channel, BUTTON, join, two messages, cards', async () => {
    const { code, out } = await cli(SUITE, '--channel', 'directline', '--concurrency', '3', ...target());
    expect(out).toContain(`${MENU_BOT_CONVOS} passed, 0 failed`);
    expect(out).toMatch(
      /PASS Counting starts at one \(2\) \(test\/qa\/fixtures\/menu-bot\/count-2\.convo\.txt/,
    );
    expect(code).toBe(0);
  });
});

describe('the qa command', () => {
  it('fails the default-channel convo without --channel: the default is webchat', async () => {
    const { code, out } = await cli(join(SUITE, 'default-channel.convo.txt'));
    expect(code).toBe(1);
    expect(out).toContain('test/qa/fixtures/menu-bot/default-channel.convo.txt:6: ');
    expect(out).toContain('You said: ping (channel webchat)');
    expect(out).toContain('0 passed, 1 failed');
  });

  it('fails every convo with the reason when the bot is unreachable', async () => {
    const closed = await startAppTransport(createMenuBot());
    await closed.close();
    const { code, out } = await cli(SUITE, '--url', closed.url);
    expect(code).toBe(1);
    expect(out).toContain(`0 passed, ${MENU_BOT_CONVOS} failed`);
    expect(out).toMatch(/ECONNREFUSED/);
  });

  it('records a .transcript from the bot, replays it, and reports the first difference by index', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bbp-qa-'));
    const file = join(dir, 'menu.transcript');
    const recorded = await cli('--record', file, '--say', 'hi', '--say', 'two', '--say', 'card');
    expect(recorded).toMatchObject({ code: 0 });
    const activities = JSON.parse(readFileSync(file, 'utf8')) as Array<Record<string, any>>;
    expect(activities.map((a) => `${a.from.role}:${a.type}:${a.text ?? ''}`)).toEqual([
      'user:conversationUpdate:',
      'bot:message:Welcome! Say hi.',
      'user:message:hi',
      'bot:message:Hello! How can I help?',
      'user:message:two',
      'bot:typing:',
      'bot:message:First message.',
      'bot:message:Second message.',
      'user:message:card',
      'bot:message:',
    ]);

    expect(await cli(file)).toMatchObject({ code: 0, out: expect.stringContaining('1 passed, 0 failed') });
    expect(await cli(file, '--url', http.url)).toMatchObject({ code: 0 });

    const edit = (change: (a: Array<Record<string, any>>) => void) => {
      const copy = JSON.parse(JSON.stringify(activities)) as Array<Record<string, any>>;
      change(copy);
      writeFileSync(file, JSON.stringify(copy));
    };
    edit((a) => a[3].suggestedActions.actions.pop());
    let run = await cli(file);
    expect(run.code).toBe(1);
    expect(run.out).toContain('menu.transcript [3]: the suggested actions differ');
    expect(run.out).toContain('suggested actions: imBack:Book=Book | imBack:Privacy=Privacy');

    edit((a) => (a[9].attachments[0].contentType = 'application/vnd.microsoft.card.thumbnail'));
    run = await cli(file);
    expect(run.out).toContain('menu.transcript [9]: the attachment content types differ');

    edit((a) => a.splice(7, 1));
    run = await cli(file);
    expect(run.out).toContain('menu.transcript [4]: the bot sent 2 messages in reply, the transcript has 1');
  });

  it.each([
    [[], /Give at least one convo folder, convo file or transcript/],
    [['qa', '--verbose'], /Unknown option --verbose/],
    [['qa', '--url'], /--url needs a value/],
    [['qa', '--url', 'localhost'], /not an absolute URL/],
    [['qa', '--concurrency', '0'], /positive whole number/],
    [['--record', 'x.transcript'], /--record needs at least one --say/],
    [['qa', '--config', 'nowhere.json'], /cannot use the Botium configuration .*nowhere\.json: ENOENT/],
    [['test/qa/fixtures/none'], /no such file or folder/],
    [['test/support'], /No convos or transcripts found/],
  ])('answers usage errors with exit code 2: %j', async (argv, message) => {
    const { code, err } = await cli(...argv);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  it('explains when the in-process bot cannot be loaded', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runQaCli([SUITE, '--app', 'examples/nowhere/app.ts#createBotApp'], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      cwd: ROOT,
    });
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(
      /No bot to test: cannot load the in-process bot examples\/nowhere\/app\.ts.*--url/,
    );
  });

  it('prints usage on --help', async () => {
    const { code, out } = await cli('--help');
    expect(code).toBe(0);
    expect(out).toContain('Usage: npm run qa --');
  });
});
