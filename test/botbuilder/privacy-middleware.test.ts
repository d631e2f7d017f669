import { TestAdapter, TurnContext, type Activity } from 'botbuilder-core';
import { ConfigurationError } from '../../src/core/errors';
import { MessengerUserProfileProvider } from '../../src/messenger/user-profile-provider';
import { json, startFakeGraph, type FakeGraph } from '../messenger/fake-graph';
import { snapshot, testStorage } from '../support/redis';
import { buttons, createTestBot, INVENTORY, type TestBot } from './privacy-test-bot';

let bots: TestBot[] = [];
let graph: FakeGraph | undefined;
afterEach(async () => {
  await Promise.all(bots.map((b) => b.close()));
  bots = [];
  await graph?.close();
  graph = undefined;
});
function bot(options: Parameters<typeof createTestBot>[0]): TestBot {
  const b = createTestBot(options);
  bots.push(b);
  return b;
}

async function stored(b: TestBot): Promise<string> {
  return [...(await snapshot(b.redis, b.prefix))].join('\n');
}

describe('first interaction: the name', () => {
  it('is taken from the channel on Messenger and used to greet', async () => {
    const b = bot({ channelId: 'facebook', userName: 'Lucía Fernández' });
    await b.adapter.send('hola').assertReply('Hello Lucía!').startTest();
    expect(await stored(b)).toContain('Lucía');
  });

  it('is never collected on web chat, even when the channel sends one', async () => {
    const b = bot({ channelId: 'webchat', userName: 'Walter White' });
    await b.adapter
      .send('hi')
      .assertReply('Hello!')
      .send('PRIVACY_MENU')
      .assertReply((r) => {
        expect(buttons(r)).not.toContain('Correct my name');
      })
      .startTest();
    expect(await stored(b)).not.toContain('Walter');
  });

  it('comes from the Messenger profile API when the channel sends the id as the name', async () => {
    graph = await startFakeGraph((req, res) =>
      req.path.endsWith('/psid-123') && req.query.get('fields') === 'first_name,last_name'
        ? json(res, 200, { first_name: 'Björn', last_name: 'Ek', id: 'psid-123' })
        : json(res, 404, { error: { message: 'no such user' } }),
    );
    const provider = new MessengerUserProfileProvider({
      pageAccessToken: 'page-token',
      graphBaseUrl: graph.url,
    });
    const b = bot({
      channelId: 'facebook',
      userId: 'psid-123',
      userName: 'psid-123',
      profileProvider: provider,
    });
    await b.adapter
      .send('hej')
      .assertReply('Hello Björn!')
      .send('again')
      .assertReply('Hello Björn!')
      .startTest();
    expect(graph.requests).toHaveLength(1); // looked up once, then kept
  });

  it.each([
    [
      'an error',
      (res: Parameters<Parameters<typeof startFakeGraph>[0] & object>[1]) => json(res, 500, { error: {} }),
    ],
    ['a server that never answers', () => undefined],
  ])('is left out when the profile API gives %s, without blocking the turn', async (_label, handler) => {
    graph = await startFakeGraph((_req, res) => handler(res));
    const provider = new MessengerUserProfileProvider({
      pageAccessToken: 'page-token',
      graphBaseUrl: graph.url,
    });
    const b = bot({ channelId: 'facebook', userId: 'psid-9', profileProvider: provider });
    const start = Date.now();
    await b.adapter.send('hi').assertReply('Hello!').startTest();
    expect(Date.now() - start).toBeLessThan(5000); // bounded by the 300 ms capture timeout, not the server
  });
});

describe('triggers', () => {
  it("opens the menu with a keyword of another language, answering in the person's own", async () => {
    const b = bot({ locale: 'en-US' });
    await b.adapter
      .send('PRIVACIDAD')
      .assertReply((r) => expect(r.text).toContain('what would you like to do'))
      .startTest();
  });

  it('falls back to English for an unsupported locale', async () => {
    const b = bot({ locale: 'fr-FR' });
    await b.adapter
      .send('privacy')
      .assertReply((r) => expect(r.text).toContain('what would you like to do'))
      .startTest();
  });

  it('accepts the menu payload from an event value', async () => {
    const b = bot({});
    await b.adapter
      .send({ type: 'event', name: 'postback', value: { payload: 'PRIVACY_MENU' } } as Partial<Activity>)
      .assertReply((r) => expect(r.text).toContain('what would you like to do'))
      .startTest();
  });

  it('closes the menu after repeated answers it does not understand, and the bot carries on', async () => {
    const b = bot({});
    await b.adapter
      .send('privacy')
      .assertReply((r) => expect(r.text).toContain('what would you like to do'))
      .send('banana')
      .assertReply((r) => expect(r.text).toContain('did not get that'))
      .send('apple')
      .assertReply((r) => expect(r.text).toContain('did not get that'))
      .send('pear')
      .assertReply('Closing the privacy menu.')
      .send('hi')
      .assertReply('Hello!')
      .startTest();
  });

  it('uses brand texts where the brand overrides them', async () => {
    const b = bot({
      privacy: {
        localization: { texts: { es: { menu: { prompt: '¿En qué te ayuda {brand} con tu privacidad?' } } } },
      },
      locale: 'es-MX',
    });
    await b.adapter
      .send('privacidad')
      .assertReply((r) => expect(r.text).toBe('¿En qué te ayuda Home Services con tu privacidad?'))
      .startTest();
  });
});

describe('erasure', () => {
  it("removes one person's data and leaves another's intact", async () => {
    const shared = testStorage();
    const ana = createTestBot({ storage: shared, userName: 'Ana Alpha', userId: 'psid-ana' });
    const ben = createTestBot({
      storage: { ...shared, redis: shared.redis.duplicate() },
      userName: 'Ben Beta',
      userId: 'psid-ben',
    });
    bots.push(ana, ben);
    await ben.adapter
      .send('hi')
      .assertReply('Hello Ben!')
      .send('book')
      .assertReply('What day would you like the visit?')
      .startTest();
    const before = await snapshot(shared.redis, shared.prefix);
    const benKeys = [...before].filter(([k, v]) => k.includes('s:facebook') && v.includes('Ben'));
    await ana.adapter
      .send('hi')
      .assertReply('Hello Ana!')
      .send('PRIVACY_DELETE')
      .assertReply((r) => expect(r.text).toContain('Do you want to delete'))
      .send('PRIVACY_DELETE_CONFIRM')
      .assertReply((r) => expect(r.text).toContain('confirmation code'))
      .startTest();
    const after = await snapshot(shared.redis, shared.prefix);
    const text = [...after].join('\n');
    expect(text).not.toContain('psid-ana');
    expect(text).not.toContain('Ana');
    for (const [key, value] of benKeys) expect(after.get(key)).toBe(value);
  });

  it('honours a deleteUserData activity', async () => {
    const b = bot({ userName: 'Dora Delta' });
    await b.adapter.send('hi').assertReply('Hello Dora!').startTest();
    expect(await stored(b)).toContain('Dora');
    await b.adapter.send({ type: 'deleteUserData' } as Partial<Activity>).startTest();
    const text = await stored(b);
    expect(text).not.toContain('Dora');
    expect(text).not.toContain(b.user.id);
  });
});

describe('malformed activities', () => {
  const activity = (overrides: Partial<Activity>): Partial<Activity> => ({
    type: 'message',
    text: 'hi',
    channelId: 'facebook',
    from: { id: 'psid-m', name: 'Mal Formed' },
    recipient: { id: 'bot', name: 'bot' },
    conversation: { id: 'conv-m', isGroup: false, name: '', conversationType: 'personal' },
    ...overrides,
  });

  async function run(
    b: TestBot,
    input: Partial<Activity>,
  ): Promise<{ replies: string[]; reachedBot: boolean }> {
    const replies: string[] = [];
    const context = new TurnContext(new TestAdapter(), input);
    context.onSendActivities(async (_ctx, activities) => {
      replies.push(...activities.map((a) => a.text ?? ''));
      return activities.map(() => ({ id: '1' }));
    });
    let reachedBot = false;
    await b.privacyMiddleware.onTurn(context, async () => {
      reachedBot = true;
    });
    return { replies, reachedBot };
  }

  it.each([
    ['no sender', activity({ from: undefined })],
    ['no channel id', activity({ channelId: undefined })],
    ['an empty sender id', activity({ from: { id: '', name: '' } })],
    ['empty text', activity({ text: '' })],
    ['no text at all', activity({ text: undefined })],
  ])('passes an activity with %s to the bot without crashing or storing anything', async (_label, input) => {
    const b = bot({});
    const { reachedBot } = await run(b, input);
    expect(reachedBot).toBe(true);
  });

  it('answers a 100 KB message with a clear refusal, without reaching the bot or storing it', async () => {
    const b = bot({});
    const { replies, reachedBot } = await run(b, activity({ text: 'x'.repeat(100 * 1024) }));
    expect(reachedBot).toBe(false);
    expect(replies).toEqual(['That message is too long for me. Please send something shorter.']);
    expect(await stored(b)).not.toContain('xxxxxxxxxx');
  });
});

describe('configuration is checked at start-up', () => {
  it.each([
    ['an unknown fallback language', { localization: { fallbackLanguage: 'fr' } }, /fallback language "fr"/],
    ['a missing policy URL', { brand: { name: 'X', policyUrl: '' } }, /policyUrl/],
    [
      'a bad inventory entry',
      { inventory: [{ ...INVENTORY[0], legalBasis: 'because' }] },
      /inventory item 1 \("name"\).*legalBasis/,
    ],
    [
      'an inventory text without one of the languages the bot speaks',
      { inventory: [{ ...INVENTORY[0], why: { en: 'to greet you', es: 'para saludarte' } }] },
      /inventory item 1 \("name"\) has no "sv" text for "why"/,
    ],
    [
      'an unknown text key',
      { localization: { texts: { en: { menu: { promt: 'x' } } } } },
      /Unknown text "menu.promt"/,
    ],
    [
      'a button title over 20 characters',
      { localization: { texts: { sv: { menu: { closeTitle: 'Stäng integritetsmenyn nu' } } } } },
      /longer than 20/,
    ],
  ])('rejects %s', (_label, privacy, message) => {
    expect(() => createTestBot({ privacy: privacy as never })).toThrow(ConfigurationError);
    expect(() => createTestBot({ privacy: privacy as never })).toThrow(message);
  });
});
