import { runChatCli, type ChatCliIo } from '../../src/chat/chat-cli';
import { startAppTransport } from '../../src/qa/app-transport';
import { freePort } from '../support/redis-server';
import { createEchoBot } from './echo-bot';

let bot: Awaited<ReturnType<typeof startAppTransport>>;
beforeAll(async () => {
  bot = await startAppTransport(createEchoBot());
});
afterAll(() => bot.close());

async function* linesOf(lines: string[]): AsyncIterable<string> {
  yield* lines;
}

/** Runs the chat with these typed lines; returns the exit code and what it printed. */
async function chat(argv: string[], lines: string[], startBot?: ChatCliIo['startBot']) {
  const out: string[] = [];
  const err: string[] = [];
  let started = 0;
  const code = await runChatCli(argv, {
    lines: linesOf(lines),
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    prompt: () => undefined,
    echo: true,
    startBot:
      startBot ??
      (async () => {
        started++;
        return { transport: { send: (a) => bot.send(a) }, description: 'the echo bot' };
      }),
  });
  return { code, out: out.join('\n'), err: err.join('\n'), started };
}

describe('runChatCli', () => {
  it('greets, then sends a numbered choice as a postback with its payload (webchat: value)', async () => {
    const { code, out, started } = await chat(['--url', bot.url, '--name', 'Ana'], ['menu', '1', 'hello']);
    expect(code).toBe(0);
    expect(started).toBe(0);
    expect(out).toContain('bot> Welcome, Ana!');
    expect(out).toContain('you> menu\nbot> Pick one:\n  1) Delete my data\n  2) Close');
    expect(out).toMatch(
      /you> 1\nbot> Got "PRIVACY_DELETE" as value PRIVACY_DELETE on webchat from chat-user-\w+ in en-US\./,
    );
    expect(out).toContain('bot> Got "hello" as text');
  });

  it('sends choices as Messenger postbacks on facebook, with a numeric user id and the locale', async () => {
    const { out } = await chat(
      ['--url', bot.url, '--channel', 'facebook', '--locale', 'es-es'],
      ['menu', '2', '/payload PRIVACY_MENU'],
    );
    expect(out).toMatch(
      /you> 2\nbot> Got "PRIVACY_CLOSE" as postback PRIVACY_CLOSE on facebook from \d{16} in es-ES\./,
    );
    expect(out).toMatch(/you> \/payload PRIVACY_MENU\nbot> Got "PRIVACY_MENU" as postback PRIVACY_MENU/);
  });

  it('sends a number without a matching choice, or after a turn without buttons, as text', async () => {
    const { out } = await chat(['--url', bot.url], ['menu', '3', '1']);
    expect(out).toContain('you> 3\nbot> Got "3" as text');
    // The reply to "3" had no buttons, so they are gone, as in Web Chat.
    expect(out).toContain('you> 1\nbot> Got "1" as text');
  });

  it('sends imBack choices as typed text and shows card links', async () => {
    const { out } = await chat(['--url', bot.url], ['colors', '2', 'card', '1']);
    expect(out).toContain('you> 2\nbot> Got "Blue" as text');
    expect(out).toContain(
      'bot> Plumbing\n  We fix leaks.\n  [Our site] https://example.com/plumbing\n  1) Book',
    );
    expect(out).toContain('you> 1\nbot> Got "BOOK_PLUMBING" as value BOOK_PLUMBING');
  });

  it('stops at /quit, shows help and refuses unknown commands without sending them', async () => {
    const { code, out, err } = await chat(['--url', bot.url], ['/help', '/qiut', '/quit', 'never sent']);
    expect(code).toBe(0);
    expect(out).toContain('/payload TOKEN');
    expect(err).toContain('unknown command /qiut');
    expect(out).not.toContain('never sent');
    expect(out).not.toContain('Got');
  });

  it('uses the in-process bot without --url and closes it at the end', async () => {
    let closed = false;
    const { out } = await chat([], ['hi'], async () => ({
      transport: { send: (a) => bot.send(a), close: async () => void (closed = true) },
      description: 'the echo bot',
    }));
    expect(out).toContain('Chatting with the echo bot on channel webchat, locale en-US.');
    expect(out).toContain('bot> Got "hi" as text');
    expect(closed).toBe(true);
  });

  it('reports an unreachable bot on each turn and goes on', async () => {
    const url = `http://127.0.0.1:${await freePort()}/api/messages`;
    const { code, err, out } = await chat(['--url', url], ['hi']);
    expect(code).toBe(0);
    expect(err.match(/could not be reached/g)).toHaveLength(2);
    expect(out).toContain('you> hi');
  });

  it('refuses bad options with the usage and exit code 2', async () => {
    for (const argv of [
      ['--locale', 'not a locale'],
      ['--url', 'localhost:3978'],
      ['--channel'],
      ['--name', ' '],
      ['--bogus'],
    ]) {
      const { code, err } = await chat(argv, []);
      expect(code).toBe(2);
      expect(err).toContain('Usage: npm run chat');
    }
  });

  it('exits 1 with the reason when the in-process bot cannot start', async () => {
    const { code, err } = await chat([], [], async () => {
      throw new Error('REDIS_URL is not a redis URL');
    });
    expect(code).toBe(1);
    expect(err).toBe('Cannot start the bot: REDIS_URL is not a redis URL');
  });
});
