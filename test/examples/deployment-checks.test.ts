import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { configFromEnv } from '../../examples/home-services-bot/config';
import { checkDeployment } from '../../examples/home-services-bot/deployment-checks';
import { PURPOSES } from '../../examples/home-services-bot/purposes';
import { freePort } from '../support/redis-server';

// Start-up rules of the example: production refuses to run open or with public secrets; development warns.

const SECRET = randomBytes(32).toString('base64');
const KEYS = `k1:${randomBytes(32).toString('base64')}`;
const CREDENTIALS = { MicrosoftAppId: 'app-id', MicrosoftAppPassword: 'app-password' };
const PRODUCTION = {
  NODE_ENV: 'production',
  ...CREDENTIALS,
  PRIVACY_SUBJECT_SECRET: SECRET,
  PRIVACY_ENCRYPTION_KEYS: KEYS,
  PRIVACY_CENTER_SECRET: randomBytes(32).toString('base64'),
  PRIVACY_AUDIT_SECRET: randomBytes(32).toString('base64'),
};

function check(env: NodeJS.ProcessEnv, publicPages?: string[]) {
  return checkDeployment(configFromEnv(env), { env, purposes: PURPOSES, publicPages });
}

function without(env: Record<string, string>, ...names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !names.includes(name)));
}

describe('checkDeployment in production', () => {
  it('starts with credentials and secrets, listening on every interface', () => {
    const result = check(PRODUCTION);
    expect(result.refusal).toBeUndefined();
    expect(result.warnings).toEqual([]);
    expect(result.host).toBeUndefined();
    expect(result.config.subjectSecret).toBe(SECRET);
  });

  it('refuses to start without Bot Framework credentials unless BOT_ALLOW_UNAUTHENTICATED=true', () => {
    expect(check(without(PRODUCTION, 'MicrosoftAppId')).refusal).toMatch(/^MicrosoftAppId is not set/);
    expect(check(without(PRODUCTION, 'MicrosoftAppPassword')).refusal).toMatch(/^MicrosoftAppPassword/);
    expect(
      check({ ...without(PRODUCTION, 'MicrosoftAppId'), BOT_ALLOW_UNAUTHENTICATED: 'yes' }).refusal,
    ).toMatch(/^MicrosoftAppId/);
    const open = check({ ...without(PRODUCTION, 'MicrosoftAppId'), BOT_ALLOW_UNAUTHENTICATED: 'true' });
    expect(open.refusal).toBeUndefined();
    expect(open.warnings[0]).toMatch(/^Warning: no Bot Framework credentials .*NOT authenticated/);
    expect(open.host).toBe('127.0.0.1');
    expect(
      check({ ...without(PRODUCTION, 'MicrosoftAppId'), BOT_ALLOW_UNAUTHENTICATED: 'true', HOST: '0.0.0.0' })
        .host,
    ).toBe('0.0.0.0');
  });

  it('refuses BOT_ALLOW_UNAUTHENTICATED=true on a host that needs credentials (the Agents SDK)', () => {
    const open = { ...without(PRODUCTION, 'MicrosoftAppId'), BOT_ALLOW_UNAUTHENTICATED: 'true' };
    const agents = checkDeployment(configFromEnv(open), {
      env: open,
      purposes: PURPOSES,
      credentialsRequired: true,
    });
    expect(agents.refusal).toMatch(/^MicrosoftAppId is not set: the Microsoft 365 Agents SDK runs only with/);
    const withCredentials = checkDeployment(configFromEnv(PRODUCTION), {
      env: PRODUCTION,
      purposes: PURPOSES,
      credentialsRequired: true,
    });
    expect(withCredentials.refusal).toBeUndefined();
  });

  it('refuses to start without a real PRIVACY_SUBJECT_SECRET', () => {
    expect(check(without(PRODUCTION, 'PRIVACY_SUBJECT_SECRET')).refusal).toMatch(
      /^PRIVACY_SUBJECT_SECRET is not set/,
    );
    expect(check({ ...PRODUCTION, PRIVACY_SUBJECT_SECRET: 'change-me' }).refusal).toMatch(
      /^PRIVACY_SUBJECT_SECRET is too short/,
    );
  });

  it('refuses to start without PRIVACY_CENTER_SECRET when the Privacy Center is served', () => {
    expect(check(without(PRODUCTION, 'PRIVACY_CENTER_SECRET'), ['the Privacy Center']).refusal).toMatch(
      /^PRIVACY_CENTER_SECRET is not set/,
    );
    expect(check(without(PRODUCTION, 'PRIVACY_CENTER_SECRET')).refusal).toBeUndefined();
  });

  it('refuses to start without a PRIVACY_AUDIT_SECRET of its own (32+ characters)', () => {
    expect(check(without(PRODUCTION, 'PRIVACY_AUDIT_SECRET')).refusal).toMatch(
      /^PRIVACY_AUDIT_SECRET is not set/,
    );
    expect(check({ ...PRODUCTION, PRIVACY_AUDIT_SECRET: 'change-me' }).refusal).toMatch(
      /audit key "k1" is too short/,
    );
  });

  it('refuses to start without valid PRIVACY_ENCRYPTION_KEYS when a purpose retains data', () => {
    expect(check(without(PRODUCTION, 'PRIVACY_ENCRYPTION_KEYS')).refusal).toMatch(
      /^PRIVACY_ENCRYPTION_KEYS is not set/,
    );
    expect(check({ ...PRODUCTION, PRIVACY_ENCRYPTION_KEYS: 'k1:short' }).refusal).toContain(
      'PRIVACY_ENCRYPTION_KEYS',
    );
    const nothingKept = checkDeployment(configFromEnv(without(PRODUCTION, 'PRIVACY_ENCRYPTION_KEYS')), {
      env: without(PRODUCTION, 'PRIVACY_ENCRYPTION_KEYS'),
      purposes: PURPOSES.filter((purpose) => purpose.retention === 'not_stored'),
    });
    expect(nothingKept.refusal).toBeUndefined();
  });

  it('needs an https PUBLIC_URL when the Facebook callback or the Privacy Center is served', () => {
    const facebook = { ...PRODUCTION, FACEBOOK_APP_SECRET: 'fb-secret' };
    expect(check(facebook).refusal).toMatch(/^PUBLIC_URL is not set: the Facebook data-deletion callback/);
    expect(check(PRODUCTION, ['the Privacy Center']).refusal).toMatch(
      /^PUBLIC_URL is not set: the Privacy Center/,
    );
    expect(check({ ...facebook, PUBLIC_URL: 'http://localhost:3978' }).refusal).toMatch(
      /^PUBLIC_URL must be an https/,
    );
    expect(check({ ...facebook, PUBLIC_URL: 'https://bot.example.com' }).refusal).toBeUndefined();
  });

  it('names the variable in one line', () => {
    for (const env of [
      without(PRODUCTION, 'MicrosoftAppId'),
      without(PRODUCTION, 'PRIVACY_SUBJECT_SECRET'),
    ]) {
      expect(check(env).refusal).not.toContain('\n');
    }
  });
});

describe('checkDeployment in development', () => {
  it('warns, one line each, and never uses a public constant for the subject secret', () => {
    const first = check({});
    const second = check({});
    expect(first.refusal).toBeUndefined();
    expect(first.warnings).toHaveLength(2);
    expect(first.warnings[0]).toMatch(/^Warning: no Bot Framework credentials/);
    expect(first.warnings[1]).toMatch(/^Warning: PRIVACY_SUBJECT_SECRET is not set: using a random secret/);
    expect(first.config.subjectSecret).toMatch(/^[\w-]{43}$/);
    expect(second.config.subjectSecret).not.toBe(first.config.subjectSecret);
    expect(first.host).toBe('127.0.0.1');
    expect(check({ PRIVACY_SUBJECT_SECRET: SECRET, ...CREDENTIALS }).warnings).toEqual([]);
  });
});

function startExample(env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', 'examples/home-services-bot/index.ts'],
    {
      cwd: join(__dirname, '../..'),
      // Only what the test sets: no REDIS_URL, no secrets from the developer's shell or .env.
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    child,
    exited,
    output: () => ({ stdout, stderr }),
    async listening(): Promise<void> {
      const deadline = Date.now() + 25_000;
      while (!stdout.includes('listening') && child.exitCode === null && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

describe('npm start', () => {
  it('refuses to start in production without credentials: one line naming the variable, exit 1', async () => {
    const port = await freePort();
    const bot = startExample({ NODE_ENV: 'production', PORT: String(port) });
    const code = await bot.exited;
    const { stdout, stderr } = bot.output();
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^Refusing to start: MicrosoftAppId is not set/),
    ]);
    expect(stdout).not.toContain('listening');
  }, 30_000);

  it('without credentials: warns on its second line and listens on loopback only', async () => {
    const port = await freePort();
    const bot = startExample({ PORT: String(port) });
    try {
      await bot.listening();
      const lines = bot.output().stdout.split('\n');
      expect(lines[0]).toBe('Storage: in-memory (REDIS_URL is not set; data is lost on restart)');
      expect(lines[1]).toMatch(
        /^Warning: no Bot Framework credentials \(MicrosoftAppId\): requests are NOT authenticated/,
      );
      expect(bot.output().stdout).toContain(`listening on http://127.0.0.1:${port}/api/messages`);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      // The page to try the bot in Web Chat, in development.
      expect(bot.output().stdout).toContain(`Try it in your browser: http://127.0.0.1:${port}/\n`);
      expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
      const outside = Object.values(networkInterfaces())
        .flat()
        .find((info) => info && !info.internal && info.family === 'IPv4')?.address;
      if (outside) {
        await expect(fetch(`http://${outside}:${port}/healthz`)).rejects.toThrow();
      }
    } finally {
      bot.child.kill('SIGTERM');
      await bot.exited;
    }
  }, 30_000);
});
