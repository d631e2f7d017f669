import { serveExample } from '../examples/serve-example';
import { snapshot, testRedis, testRedisUrl, uniquePrefix } from '../support/redis';

// A card number pasted by mistake and then deleted in the client: the example bot over HTTP, on Redis.
// "Removed" means removed: after the messageDelete, Redis no longer holds the message at all, not even
// the redacted form the privacy layer had stored in place of the number.

const prefix = uniquePrefix('corrections');
const redis = testRedis();
let server: { url: string; close(): Promise<void> };

beforeAll(async () => {
  server = await serveExample({ redisUrl: testRedisUrl(), redisPrefix: prefix });
});
afterAll(async () => {
  await server.close();
  await redis.quit();
});

function webChat(userId: string, activity: Record<string, unknown>) {
  return {
    type: 'message',
    channelId: 'webchat',
    from: { id: userId },
    recipient: { id: 'bot' },
    conversation: { id: `conv-${userId}` },
    serviceUrl: 'http://127.0.0.1:1',
    deliveryMode: 'expectReplies',
    locale: 'en-US',
    ...activity,
  };
}

async function post(body: unknown): Promise<number> {
  const response = await fetch(`${server.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await response.text();
  return response.status;
}

async function stored(): Promise<string> {
  return [...(await snapshot(redis, prefix)).values()].join('\n');
}

/** Until the transcript writes of the last turn are visible (the logger does not hold the turn). */
async function eventually(check: (all: string) => boolean): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const all = await stored();
    if (check(all)) return all;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return stored();
}

it('a deleted message that carried a card number is gone from Redis, redacted form included', async () => {
  const user = `web-${Date.now()}`;
  expect(await post(webChat(user, { id: 'm-hello', text: 'hello' }))).toBe(200);
  const pasted = 'oops my card is 4111 1111 1111 1111 sorry';
  expect(await post(webChat(user, { id: 'm-card', text: pasted }))).toBe(200);
  const before = await eventually((all) => all.includes('oops my card is'));
  // What was stored is already redacted: the number itself never reached Redis.
  expect(before).toContain('oops my card is');
  expect(before).not.toContain('4111 1111 1111 1111');

  expect(await post(webChat(user, { type: 'messageDelete', id: 'm-card' }))).toBe(200);
  const after = await eventually((all) => !all.includes('oops my card is'));
  expect(after).not.toContain('oops my card is');
  expect(after).not.toContain('sorry');
  expect(after).toContain('hello'); // the rest of the history stays
});

it('an edited message is kept as edited: the first wording is gone from Redis', async () => {
  const user = `web-edit-${Date.now()}`;
  await post(webChat(user, { id: 'm-1', text: 'my address is Calle Mayor 1' }));
  await eventually((all) => all.includes('Calle Mayor 1'));
  await post(webChat(user, { type: 'messageUpdate', id: 'm-1', text: 'my address is Calle Luna 7' }));
  const after = await eventually((all) => all.includes('Calle Luna 7'));
  expect(after).toContain('my address is Calle Luna 7');
  expect(after).not.toContain('Calle Mayor 1');
});
