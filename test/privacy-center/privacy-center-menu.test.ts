import type { Server } from 'node:http';
import { configFromEnv, createBotApp, type BotApp } from '../../examples/home-services-bot/app';
import { freePort } from '../support/redis-server';

// The menu entry in every built-in language, the web chat link button, and the in-memory example
// (no Redis): its links die with the person too.

interface Reply {
  text?: string;
  suggestedActions?: { actions: Array<{ title: string; value: string }> };
  attachments?: Array<{
    contentType: string;
    content?: { text?: string; buttons?: Array<{ type: string; title: string; value: string }> };
  }>;
}

let botApp: BotApp;
let server: Server;
let base: string;

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  botApp = createBotApp({ ...configFromEnv({}), port, publicUrl: base, privacyCenterSecret: 'x'.repeat(40) });
  expect(botApp.storageKind).toBe('memory');
  server = await new Promise<Server>((resolve) => {
    const s = botApp.app.listen(port, '127.0.0.1', () => resolve(s));
  });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await botApp.close();
});

async function say(text: string, userId: string, locale: string): Promise<Reply[]> {
  const response = await fetch(`${base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      text,
      channelId: 'webchat',
      from: { id: userId },
      recipient: { id: 'bot' },
      conversation: { id: `c-${userId}` },
      serviceUrl: 'http://127.0.0.1:1',
      deliveryMode: 'expectReplies',
      locale,
    }),
  });
  return ((await response.json()) as { activities: Reply[] }).activities;
}

it.each([
  ['en-US', 'privacy', 'Privacy Center', 'Open Privacy Center'],
  ['es-ES', 'privacidad', 'Centro de privacidad', 'Abrir centro'],
  ['sv-SE', 'integritet', 'Integritetscenter', 'Öppna'],
])('offers the Privacy Center in %s and answers with a link button', async (locale, word, entry, button) => {
  const user = `u-${locale}-${Date.now()}`;
  const menu = await say(word, user, locale);
  const actions = menu.flatMap((r) => r.suggestedActions?.actions ?? []);
  expect(actions).toContainEqual(expect.objectContaining({ title: entry, value: 'PRIVACY_CENTER' }));
  const replies = await say(entry, user, locale);
  const card = replies.flatMap((r) => r.attachments ?? []).find((a) => a.contentType.includes('hero'));
  const open = card?.content?.buttons?.[0];
  expect(open).toEqual(expect.objectContaining({ type: 'openUrl', title: button }));
  expect(open!.value).toMatch(new RegExp(`^${base}/privacy/center/[A-Za-z0-9_-]+$`));
  expect(open!.value).not.toContain(user);
  const page = await fetch(open!.value);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain(`<html lang="${locale.slice(0, 2)}">`);
});

it('in memory, deleting from the chat kills the link (410)', async () => {
  const user = `u-mem-${Date.now()}`;
  await say('book', user, 'en-US');
  const replies = await say('PRIVACY_CENTER', user, 'en-US');
  const url = replies.flatMap((r) => r.attachments ?? [])[0]?.content?.buttons?.[0]?.value ?? '';
  expect((await fetch(url)).status).toBe(200);
  await say('PRIVACY_DELETE', user, 'en-US');
  await say('PRIVACY_DELETE_CONFIRM', user, 'en-US');
  const after = await fetch(url);
  expect(after.status).toBe(410);
  expect(await after.text()).toContain('This link has expired or is no longer valid');
});
