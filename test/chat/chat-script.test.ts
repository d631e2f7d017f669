import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

/** Runs `scripts/chat.ts` as `npm run chat` does, with piped stdin. */
function runChatScript(
  input: string,
  args: string[] = [],
): Promise<{ code: number | null; out: string; err: string }> {
  // REDIS_URL empty (not just unset) so a .env file cannot set it: the example bot then uses memory.
  // A fixed encryption key, as a deployment has, so the bot has no start-up warning to print on stderr.
  const env = {
    ...process.env,
    REDIS_URL: '',
    PRIVACY_ENCRYPTION_KEYS: `test:${Buffer.alloc(32, 7).toString('base64')}`,
  };
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', 'scripts/chat.ts', ...args],
    {
      cwd: ROOT,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  child.stdin.end(input);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('npm run chat (scripts/chat.ts)', () => {
  it('chats with the in-process example bot from piped input and exits cleanly at the end of input', async () => {
    const { code, out, err } = await runChatScript('hi\nprivacy\n1\n2\n');
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('(in-process, memory storage)');
    expect(out).toMatch(/^bot> Welcome to Home Services!/m);
    const menu = out.slice(out.indexOf('you> privacy'));
    expect(menu).toMatch(
      /^you> privacy\nbot> Privacy at Home Services: what would you like to do\?\n {2}1\) Delete my data\n {2}2\) Terms of use\n/,
    );
    // 1 = Delete my data: the bot asks to confirm; 2 = No, keep it.
    expect(menu).toContain('you> 1\nbot> This deletes everything');
    expect(menu).toContain('  2) No, keep it');
    expect(menu).toContain('you> 2\nbot> Nothing was deleted.');
  });
});
