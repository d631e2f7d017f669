import { randomBytes } from 'node:crypto';
import { startAgent } from './agent-process';

// `npm run start:agents` with NODE_ENV=production, as the README's "Running in production" describes it:
// it starts with Bot Framework credentials and answers 401 before any turn to a request without a valid
// channel token; without credentials it refuses to start, naming the variable.

const SECRET = randomBytes(32).toString('base64');
const PRODUCTION = {
  NODE_ENV: 'production',
  REDIS_URL: '', // in memory: nothing here may reach the test run's Redis
  PRIVACY_SUBJECT_SECRET: SECRET,
  PRIVACY_CENTER_SECRET: randomBytes(32).toString('base64'),
  PRIVACY_AUDIT_SECRET: randomBytes(32).toString('base64'),
  PRIVACY_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
  PUBLIC_URL: 'https://bot.example.com',
};

const activity = {
  type: 'message',
  text: 'privacy',
  channelId: 'webchat',
  from: { id: 'someone-else' },
  recipient: { id: 'bot' },
  conversation: { id: 'c-1' },
  serviceUrl: 'http://127.0.0.1:1',
  deliveryMode: 'expectReplies',
};

it('starts with credentials, and answers 401 to a request without a valid token, running no turn', async () => {
  const agent = await startAgent({
    ...PRODUCTION,
    MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
    MicrosoftAppPassword: 'not-used-before-a-reply',
  });
  try {
    const post = (headers: Record<string, string>) =>
      fetch(agent.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(activity),
      });
    const missing = await post({});
    expect(missing.status).toBe(401);
    expect(await missing.text()).not.toMatch(/privacy|Privacy/);
    expect((await post({ authorization: 'Bearer not.a.token' })).status).toBe(401);
    expect(agent.output()).toContain('listening');
  } finally {
    await agent.stop();
  }
}, 60_000);

it('refuses to start without credentials, even with BOT_ALLOW_UNAUTHENTICATED=true, naming the variable', async () => {
  await expect(startAgent({ ...PRODUCTION, BOT_ALLOW_UNAUTHENTICATED: 'true' })).rejects.toThrow(
    /Refusing to start: MicrosoftAppId is not set: the Microsoft 365 Agents SDK runs only with/,
  );
}, 60_000);
