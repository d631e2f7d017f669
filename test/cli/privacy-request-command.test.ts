import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFromEnv, createBotApp } from '../../examples/home-services-bot/app';
import { runPrivacyCli } from '../../src/cli/privacy/privacy-cli';
import { testRedisUrl, uniquePrefix } from '../support/redis';
import { sayOnMessenger, serveBotApp } from '../examples/serve-example';

// `npm run privacy -- request ...`: the CLI drives the example's operator API over real HTTP (Redis).

const TOKEN = 'cli-operator-token-0123456789abcdef';

async function cli(args: string[], env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runPrivacyCli(['request', ...args], {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('privacy request (CLI)', () => {
  let bot: { url: string; close(): Promise<void> };
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    bot = await serveBotApp(
      createBotApp({
        ...configFromEnv({}),
        redisUrl: testRedisUrl(),
        redisPrefix: uniquePrefix('cli'),
        operatorToken: TOKEN,
      }),
    );
    env = { PRIVACY_OPERATOR_TOKEN: TOKEN, PRIVACY_REQUESTS_URL: bot.url };
  });
  afterAll(() => bot.close());

  it('files an erasure from a subjects file, waits for it, and downloads the receipts once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'privacy-cli-'));
    await sayOnMessenger(bot.url, 'hola', '7201111222233334');
    const list = join(dir, 'people.txt');
    await writeFile(list, '# from the ticket\nfacebook:7201111222233334\n\nwebchat:someone-else\n');
    const out = join(dir, 'receipts.json');
    const filed = await cli(['erase', '--subjects-file', list, '--wait', '--out', out], env);
    expect(filed.code).toBe(0);
    const request = JSON.parse(filed.out) as { id: string; state: string; done: number };
    expect(request).toMatchObject({ state: 'completed', done: 2 });
    const receipts = JSON.parse(await readFile(out, 'utf8')) as { receipts: unknown[] };
    expect(receipts.receipts).toHaveLength(2);
    const again = await cli(['result', request.id, '--out', join(dir, 'again.json')], env);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/HTTP 410/);
    const status = await cli(['status', request.id], env);
    expect(JSON.parse(status.out)).toMatchObject({ id: request.id, kind: 'erase', state: 'completed' });
    const listed = await cli(['list'], env);
    expect(
      (JSON.parse(listed.out) as { requests: Array<{ id: string }> }).requests.map((r) => r.id),
    ).toContain(request.id);
  });

  it('says what is wrong: usage (2), no token (2), the API refusing (1)', async () => {
    expect((await cli(['--help'], env)).code).toBe(0);
    expect((await cli(['erase', '--subject', 'no-colon'], env)).err).toMatch(/CHANNEL:ID/);
    expect((await cli(['status'], env)).code).toBe(2);
    expect((await cli(['frobnicate'], env)).code).toBe(2);
    const noToken = await cli(['list'], { PRIVACY_REQUESTS_URL: bot.url });
    expect([noToken.code, noToken.err]).toEqual([
      2,
      expect.stringMatching(/PRIVACY_OPERATOR_TOKEN is not set/),
    ]);
    const wrong = await cli(['list'], { ...env, PRIVACY_OPERATOR_TOKEN: 'not-the-token-not-the-token' });
    expect([wrong.code, wrong.err]).toEqual([1, expect.stringMatching(/HTTP 401/)]);
    const bad = await cli(['erase', '--asid', 'abc'], env);
    expect([bad.code, bad.err]).toEqual([1, expect.stringMatching(/HTTP 400: appScopedIds\[0\]/)]);
    const down = await cli(['list', '--url', 'http://127.0.0.1:1'], env);
    expect([down.code, down.err]).toEqual([1, expect.stringMatching(/Cannot reach/)]);
  });
});
