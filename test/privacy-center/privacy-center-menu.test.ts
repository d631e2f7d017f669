import type { Server } from 'node:http';
import { BUILT_IN_TEXTS } from '../../src/i18n/localizer';
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

/** One message turn over HTTP on web chat, or on Messenger (`messengerName`: a page-scoped conversation). */
async function say(text: string, userId: string, locale: string, messengerName?: string): Promise<Reply[]> {
  const onMessenger = messengerName !== undefined;
  const response = await fetch(`${base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      text,
      channelId: onMessenger ? 'facebook' : 'webchat',
      from: onMessenger ? { id: userId, name: messengerName } : { id: userId },
      recipient: { id: onMessenger ? 'page' : 'bot' },
      conversation: { id: onMessenger ? `${userId}-page` : `c-${userId}` },
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

describe('what the privacy layer keeps, labelled in the person’s language', () => {
  const english = Object.values(BUILT_IN_TEXTS.en.storedData).filter((label) => label.length > 3);

  const sayOnMessenger = async (text: string, user: { id: string; locale: string; name: string }) =>
    JSON.stringify({ activities: await say(text, user.id, user.locale, user.name) });

  it.each([
    ['es-ES', 'es', 'factura', 'No, gracias'],
    ['sv-SE', 'sv', 'faktura', 'Nej tack'],
  ] as const)(
    'in %s: translated labels on the page, none in English; the JSON file keeps the stored keys',
    async (locale, language, invoiceWord, declineWord) => {
      const texts = BUILT_IN_TEXTS[language].storedData;
      const user = { id: `${Date.now()}${language === 'es' ? 3 : 4}`, locale, name: 'Åsa Berg' };
      await sayOnMessenger('hola', user);
      await sayOnMessenger(invoiceWord, user);
      await sayOnMessenger(declineWord, user); // a declined consent is remembered in the conversation
      const replies = await sayOnMessenger('PRIVACY_CENTER', user);
      const url = /"(http:[^"]+\/privacy\/center\/[A-Za-z0-9_-]+)"/.exec(replies)![1];

      const html = await (await fetch(url)).text();
      const saved = /<section id="saved">(.*?)<\/section>/s.exec(html)![1];
      const labels = [...saved.matchAll(/<dt>(.*?)<\/dt>/g)].map((m) => m[1]);
      const purpose = language === 'es' ? 'Tu NIF, para buscar tus facturas' : 'Ditt person- eller';
      expect(labels).toEqual(
        expect.arrayContaining([
          `${texts.profile} › ${texts.firstName}`,
          `${texts.profile} › ${texts.lastName}`,
          `${texts.profile} › ${texts.nameSource}`,
          expect.stringMatching(
            new RegExp(`^${texts.consentRefusals} › ${purpose}[^›]* › ${texts.refusedVersion}$`),
          ),
        ]),
      );
      expect(saved).toContain(`<dd>${texts.nameFromChannel}</dd>`);
      // Everything shown there is the privacy layer's own, so every label starts with a catalogue text.
      const ownLabels = [
        texts.profile,
        texts.consentRefusals,
        texts.awaitedAnswer,
        texts.accountLink,
        texts.disclosure, // when the person was told the assistant is automated
      ];
      expect(labels.every((label) => ownLabels.some((own) => label.startsWith(`${own} › `)))).toBe(true);
      expect(english.filter((label) => saved.includes(label))).toEqual([]);
      expect(saved).not.toMatch(/Privacy profile|Privacy consent|privacyProfile|channel</);

      // The download is for machines: the keys the bot stored, whatever the page's language.
      const file = (await (await fetch(`${url}/my-data.json`)).json()) as {
        sections: Array<{ kind: string; data: Record<string, unknown> }>;
      };
      const state = Object.assign({}, ...file.sections.filter((s) => s.kind === 'state').map((s) => s.data));
      expect(state.privacyProfile).toEqual(
        expect.objectContaining({ firstName: 'Åsa', lastName: 'Berg', nameSource: 'channel' }),
      );
      expect(Object.keys(state.privacyConsentRefusals as object)).toEqual(['invoice']);
      expect(JSON.stringify(file)).not.toContain(texts.profile);
    },
  );
});
