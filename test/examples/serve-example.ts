import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  configFromEnv,
  createBotApp,
  type BotApp,
  type BotAppConfig,
} from '../../examples/home-services-bot/app';

/** A built bot app on a free loopback port; `close` ends open connections, the server and the app. */
export async function serveBotApp(botApp: BotApp): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = await new Promise((resolve) => {
    const s = botApp.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => void botApp.close().then(resolve));
      }),
  };
}

/** The example bot's express app on a free loopback port, as the tests of test/examples use it. */
export function serveExample(
  config: Partial<BotAppConfig> = {},
): Promise<{ url: string; close(): Promise<void> }> {
  return serveBotApp(createBotApp({ ...configFromEnv({}), ...config }));
}

/**
 * A Messenger message from `userId` in their one-to-one conversation with the page, with the replies asked
 * for in the HTTP answer (`expectReplies`). `extra` overrides any field (locale, conversation...).
 */
export function messengerMessage(text: string, userId: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'message',
    text,
    channelId: 'facebook',
    from: { id: userId, name: 'Paula Prueba' },
    recipient: { id: 'page', name: 'Home Services' },
    conversation: { id: `${userId}-page` },
    serviceUrl: 'http://127.0.0.1:1',
    deliveryMode: 'expectReplies',
    locale: 'en-US',
    ...extra,
  };
}

/** Sends {@link messengerMessage} to the bot at `url` (its origin) and returns the texts of its replies. */
export async function sayOnMessenger(
  url: string,
  text: string,
  userId: string,
  extra: Record<string, unknown> = {},
): Promise<string[]> {
  const response = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(messengerMessage(text, userId, extra)),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { activities?: Array<{ text?: string }> };
  return (body.activities ?? []).map((activity) => activity.text ?? '');
}

/** Posts a raw body (any JSON value, or a string sent as is) to /api/messages. */
export async function postRaw(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Not JSON (e.g. botbuilder's plain-text 401): the tests look at the status.
  }
  return { status: response.status, json };
}

/** Records what is written to console.error/warn/log while `run` runs (and keeps it off the test output). */
export async function captureConsole<T>(run: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = [];
  const spies = (['error', 'warn', 'log'] as const).map((level) =>
    jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      lines.push(`${level}: ${args.map(String).join(' ')}`);
    }),
  );
  try {
    return { result: await run(), lines };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}
