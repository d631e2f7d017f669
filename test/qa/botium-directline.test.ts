import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveExample } from '../examples/serve-example';

// QA the way the web channel is deployed: Botium's own directline3 connector (botium-connector-directline3,
// with botframework-directlinejs inside) against the example's local Direct Line, with the shipped
// qa/botium-directline3.json, run as botium-cli runs a folder.

jest.setTimeout(120_000);

const ROOT = join(__dirname, '..', '..');
const SECRET = 'botium-direct-line-secret-0123456789abcdef';

it('runs a convo through Direct Line: greeting, privacy menu buttons, a button click', async () => {
  const bot = await serveExample({ directLineSecret: SECRET, webChatPage: true });
  try {
    // An empty working folder: botium-core also reads ./botium.json, which is the simplerest set-up.
    const cwd = mkdtempSync(join(tmpdir(), 'botium-dl-'));
    const child = spawn(
      process.execPath,
      [join(__dirname, 'botium-core-plain.js'), join(__dirname, 'fixtures', 'directline')],
      {
        cwd,
        env: {
          ...process.env,
          BOTIUM_CONFIG: join(ROOT, 'qa', 'botium-directline3.json'),
          BOTIUM_DIRECTLINE3_DOMAIN: `${bot.url}/v3/directline`,
          BOTIUM_DIRECTLINE3_SECRET: SECRET,
          BOTIUM_TEMPDIR: join(cwd, 'botium'),
        },
      },
    );
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(out).toContain('1 passed, 0 failed');
    expect(code).toBe(0);
  } finally {
    await bot.close();
  }
});
