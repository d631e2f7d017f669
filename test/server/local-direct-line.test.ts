import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createLocalDirectLine, jsonErrors } from '../../src/express';
import { DirectLineTokens } from '../../src/server/direct-line/direct-line-token';

// The Direct Line 3.0 subset against its reference (learn.microsoft.com, "API reference - Direct Line API
// 3.0" and "Key concepts"), over real HTTP: the Direct Line and a small fake bot on one listening app.

type Activity = Record<string, unknown> & {
  id?: string;
  type?: string;
  text?: string;
  from?: { id?: string; name?: string; role?: string };
  replyToId?: string;
  channelData?: Record<string, unknown>;
};

const SECRET = 'brand-direct-line-secret-0123456789abcdef';
let server: Server;
let base: string;
/** What the fake bot received, in order. */
const received: Activity[] = [];
/** The fake bot's HTTP status: 200, or a failure to simulate. */
let botStatus = 200;

beforeAll(async () => {
  const app = express();
  // The fake bot: answers every activity with the replies in the body (expectReplies), as CloudAdapter does.
  app.post('/api/messages', express.json(), (req, res) => {
    const activity = req.body as Activity;
    received.push(activity);
    if (botStatus !== 200) return void res.sendStatus(botStatus);
    const text =
      activity.type === 'conversationUpdate' ? 'Welcome!' : `You said: ${activity.text ?? activity.type}`;
    res.json({ activities: [{ type: 'message', text, replyToId: activity.id }] });
  });
  app.use(
    createLocalDirectLine({ tokenSecret: 'token-secret-0123456789abcdef-0123', secret: SECRET }).router,
  );
  app.use(jsonErrors());
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v3/directline`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  received.length = 0;
  botStatus = 200;
});

async function call(
  method: string,
  path: string,
  auth?: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(auth ? { authorization: `Bearer ${auth}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** A token from the brand's secret (what a token endpoint does), and the conversation it opens. */
async function startConversation(): Promise<{ token: string; conversationId: string; userId: string }> {
  const generated = await call('POST', '/tokens/generate', SECRET, {});
  const token = generated.body.token as string;
  const started = await call('POST', '/conversations', token, {});
  expect(started.status).toBe(201);
  const userId = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')).user as string;
  return { token, conversationId: started.body.conversationId as string, userId };
}

async function activities(conversationId: string, token: string, watermark?: string) {
  const query = watermark === undefined ? '' : `?watermark=${watermark}`;
  const result = await call('GET', `/conversations/${conversationId}/activities${query}`, token);
  expect(result.status).toBe(200);
  return result.body as { activities: Activity[]; watermark: string };
}

describe('Tokens (POST /tokens/generate, /tokens/refresh)', () => {
  it('generates a token for one new conversation with the secret, and refuses without it', async () => {
    const generated = await call('POST', '/tokens/generate', SECRET, {});
    expect(generated.status).toBe(200);
    expect(generated.body).toEqual({
      conversationId: expect.any(String),
      token: expect.any(String),
      expires_in: expect.any(Number),
    });
    expect(generated.body.expires_in).toBeGreaterThan(3500);
    expect((await call('POST', '/tokens/generate')).status).toBe(403);
    expect((await call('POST', '/tokens/generate', 'not-the-secret')).status).toBe(403);
    // A token cannot mint tokens.
    expect((await call('POST', '/tokens/generate', generated.body.token as string)).status).toBe(403);
  });

  it('refreshes a token: same conversation, new token; a forged one gets 403', async () => {
    const { token, conversationId } = await startConversation();
    const refreshed = await call('POST', '/tokens/refresh', token);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.conversationId).toBe(conversationId);
    expect(typeof refreshed.body.token).toBe('string');
    expect((await call('POST', '/tokens/refresh', `${token.slice(0, -2)}xx`)).status).toBe(403);
  });

  it('a token is signed, bound to its conversation and user, and expires', () => {
    let now = 1_000_000_000_000;
    const tokens = new DirectLineTokens('token-secret-0123456789abcdef-0123', 60, () => now);
    const grant = tokens.newGrant();
    const token = tokens.sign(grant);
    expect(tokens.verify(token)).toEqual(grant);
    const [header, , mac] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ conv: grant.conversationId, user: 'dl_someone_else', exp: grant.expiresAt }),
    ).toString('base64url');
    expect(tokens.verify(`${header}.${forged}.${mac}`)).toBeUndefined();
    expect(new DirectLineTokens('another-secret-0123456789abcdef-01234').verify(token)).toBeUndefined();
    now += 61_000;
    expect(tokens.verify(token)).toBeUndefined();
    expect(() => new DirectLineTokens('short')).toThrow(/at least 32 characters/);
  });
});

describe('Conversations (POST /conversations, GET /conversations/{id})', () => {
  it('needs a token or the secret', async () => {
    expect((await call('POST', '/conversations', undefined, {})).status).toBe(403);
    expect((await call('POST', '/conversations', 'garbage', {})).status).toBe(403);
  });

  it("starts the token's conversation (201, then 200 when resumed) and tells the bot the user joined", async () => {
    const { token, conversationId, userId } = await startConversation();
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      type: 'conversationUpdate',
      membersAdded: [{ id: userId }],
      conversation: { id: conversationId },
      channelId: 'webchat',
    });
    expect(received[0].serviceUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const again = await call('POST', '/conversations', token, {});
    expect(again.status).toBe(200);
    expect(again.body.conversationId).toBe(conversationId);
    expect(received).toHaveLength(1); // no second join
    const resumed = await call('GET', `/conversations/${conversationId}?watermark=`, token);
    expect(resumed.status).toBe(200);
    expect(resumed.body.conversationId).toBe(conversationId);
  });

  it('a token opens only its own conversation (403 for another)', async () => {
    const first = await startConversation();
    const second = await startConversation();
    expect((await call('GET', `/conversations/${second.conversationId}`, first.token)).status).toBe(403);
    expect(
      (await call('GET', `/conversations/${second.conversationId}/activities`, first.token)).status,
    ).toBe(403);
    expect(
      (
        await call('POST', `/conversations/${second.conversationId}/activities`, first.token, {
          type: 'message',
          text: 'hi',
        })
      ).status,
    ).toBe(403);
  });

  it('answers 502 when the bot is down, and opens nothing', async () => {
    botStatus = 500;
    const generated = await call('POST', '/tokens/generate', SECRET, {});
    const started = await call('POST', '/conversations', generated.body.token as string, {});
    expect(started.status).toBe(502);
    expect(started.body).toEqual({ error: { code: 'BotError', message: expect.any(String) } });
    const id = generated.body.conversationId as string;
    expect((await call('GET', `/conversations/${id}/activities`, SECRET)).status).toBe(404);
  });
});

describe('Activities (POST and GET /conversations/{id}/activities)', () => {
  it('the greeting arrives by polling, with a watermark; a poll with that watermark has nothing new', async () => {
    const { token, conversationId } = await startConversation();
    const first = await activities(conversationId, token);
    expect(first.activities.map((a) => a.text)).toEqual(['Welcome!']);
    expect(first.activities[0].from).toMatchObject({ role: 'bot' });
    expect(first.activities[0].id).toMatch(new RegExp(`^${conversationId}\\|`));
    const next = await activities(conversationId, token, first.watermark);
    expect(next).toEqual({ activities: [], watermark: first.watermark });
  });

  it("posts as the token's user whatever the body says; no name reaches the bot; echo then replies, in order", async () => {
    const { token, conversationId, userId } = await startConversation();
    const { watermark } = await activities(conversationId, token);
    const posted = await call('POST', `/conversations/${conversationId}/activities`, token, {
      type: 'message',
      text: 'hello',
      from: { id: 'admin', name: 'Maria Lopez' },
      channelData: { clientActivityID: 'c-1' },
    });
    expect(posted.status).toBe(200);
    const id = posted.body.id as string;
    expect(id).toMatch(new RegExp(`^${conversationId}\\|`));

    const toBot = received.at(-1)!;
    expect(toBot).toMatchObject({ id, type: 'message', text: 'hello', from: { id: userId, role: 'user' } });
    expect(toBot.from).not.toHaveProperty('name');
    expect(JSON.stringify(toBot)).not.toContain('Maria');
    expect(toBot.deliveryMode).toBe('expectReplies');

    const set = await activities(conversationId, token, watermark);
    expect(set.activities.map((a) => [a.from?.role, a.text])).toEqual([
      ['user', 'hello'],
      ['bot', 'You said: hello'],
    ]);
    expect(set.activities[0]).toMatchObject({ id, channelData: { clientActivityID: 'c-1' } });
    expect(set.activities[1].replyToId).toBe(id);
    expect(Number(set.watermark)).toBeGreaterThan(Number(watermark));
  });

  it('masks a tax id or card number in the echo shown to the person (the bot gets the text and redacts it itself)', async () => {
    const { token, conversationId } = await startConversation();
    const { watermark } = await activities(conversationId, token);
    await call('POST', `/conversations/${conversationId}/activities`, token, {
      type: 'message',
      text: 'mi NIF es 12345678Z y mi tarjeta 4111 1111 1111 1111',
      locale: 'es-ES',
    });
    const [echo] = (await activities(conversationId, token, watermark)).activities;
    expect(echo.text).toBe('mi NIF es [identificador fiscal] y mi tarjeta [tarjeta ••••1111]');
  });

  it('forgets what was delivered: the transport keeps no chat history of its own', async () => {
    const { token, conversationId } = await startConversation();
    const { watermark } = await activities(conversationId, token);
    await activities(conversationId, token, watermark);
    expect((await activities(conversationId, token)).activities).toEqual([]);
  });

  it('refuses bad activities with 400 and loses nothing: malformed JSON, wrong type, a non-string text', async () => {
    const { token, conversationId } = await startConversation();
    const path = `/conversations/${conversationId}/activities`;
    expect((await call('POST', path, token, '{"type":')).status).toBe(400);
    const typing = await call('POST', path, token, { type: 'typing' });
    expect(typing.status).toBe(400);
    expect(typing.body).toEqual({ error: { code: 'BadArgument', message: expect.any(String) } });
    expect((await call('POST', path, token, { type: 'message', text: 42 })).status).toBe(400);
    expect((await call('POST', path, token, [1, 2])).status).toBe(400);
    expect(received).toHaveLength(1); // only the join
    const ok = await call('POST', path, token, { type: 'message', text: 'still here' });
    expect(ok.status).toBe(200);
  });

  it('answers 404 for an unknown conversation and 502 when the bot fails, queueing nothing', async () => {
    expect(
      (await call('POST', '/conversations/nope/activities', SECRET, { type: 'message', text: 'x' })).status,
    ).toBe(404);
    const { token, conversationId } = await startConversation();
    const { watermark } = await activities(conversationId, token);
    botStatus = 401; // e.g. the bot's authentication refused the request
    const failed = await call('POST', `/conversations/${conversationId}/activities`, token, {
      type: 'message',
      text: 'hello',
    });
    expect(failed.status).toBe(502);
    expect((await activities(conversationId, token, watermark)).activities).toEqual([]);
  });

  it('uploads are not supported (501)', async () => {
    const { token, conversationId } = await startConversation();
    expect((await call('POST', `/conversations/${conversationId}/upload?userId=x`, token)).status).toBe(501);
  });
});
