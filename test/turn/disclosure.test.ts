import {
  ActivityTypes,
  AutoSaveStateMiddleware,
  ConversationState,
  TestAdapter,
  UserState,
  type Activity,
  type TurnContext,
} from 'botbuilder-core';
import { randomBytes } from 'node:crypto';
import { createPrivacy } from '../../src/botbuilder';
import { ConfigurationError } from '../../src/core/errors';
import type { MetricEvent } from '../../src/core/metrics/metric-event';
import { renderTerms } from '../../src/core/terms';
import { BUILT_IN_TEXTS } from '../../src/i18n/localizer';
import type { PrivacyOptions } from '../../src/turn/privacy-options';
import { INVENTORY } from '../botbuilder/privacy-test-bot';
import { snapshot, testStorage } from '../support/redis';

// The automated-agent notice (EU AI Act Art. 50; Meta's Messenger policy): said with the first reply of
// a conversation, after a long silence and when a human agent hands the chat back (see handover tests).

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  jest.restoreAllMocks();
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** A bot that greets (and welcomes new members), with the privacy layer on Redis. */
function bot(options: { channelId?: string; locale?: string; privacy?: Partial<PrivacyOptions> } = {}) {
  const { storage, redis, prefix } = testStorage();
  closers.push(() => redis.quit());
  const events: MetricEvent[] = [];
  const userState = new UserState(storage);
  const conversationState = new ConversationState(storage);
  const privacy = createPrivacy({
    brand: { name: 'Home Services', policyUrl: 'https://example.com/privacy' },
    userState,
    conversationState,
    erasure: storage,
    dataSources: [storage],
    inventory: INVENTORY,
    metrics: { record: (event) => void events.push(event) },
    ...options.privacy,
  });
  const user = { id: `user-${randomBytes(4).toString('hex')}`, name: '' };
  const logic = async (context: TurnContext) => {
    if (context.activity.type === ActivityTypes.ConversationUpdate) {
      await context.sendActivity('Welcome!');
    } else if (context.activity.type === ActivityTypes.Message) {
      await context.sendActivity({ type: 'typing' });
      await context.sendActivity(`You said: ${context.activity.text}`);
    }
  };
  const adapter = new TestAdapter(logic, {
    channelId: options.channelId ?? 'facebook',
    locale: options.locale ?? 'en-US',
    from: user,
    conversation: { id: `conv-${user.id}` },
  } as Partial<Activity>)
    .use(privacy.middleware)
    .use(new AutoSaveStateMiddleware(userState, conversationState));
  const subject = { channelId: options.channelId ?? 'facebook', userId: user.id };
  return { adapter, privacy, storage, redis, prefix, events, subject };
}

/** The texts of the messages the bot sends for `text` (typing indicators left out). */
async function say(adapter: TestAdapter, text: string): Promise<string[]> {
  const before = adapter.activeQueue.length;
  await adapter.send(text).startTest();
  const replies = adapter.activeQueue.splice(before);
  return replies.filter((a) => a.type === 'message').map((a) => a.text ?? '');
}

const NOTICE =
  'Just so you know: you are chatting with the automated assistant of Home Services, not a person.';

/** Moves the clock `hours` ahead (the notice reads Date.now). */
function later(hours: number): void {
  const real = Date.now.bind(Date);
  jest.spyOn(Date, 'now').mockImplementation(() => real() + hours * 3600_000);
}

it('says it is automated just before the first reply on Messenger, and only then', async () => {
  const { adapter, events } = bot();
  expect(await say(adapter, 'hi')).toEqual([NOTICE, 'You said: hi']);
  expect(await say(adapter, 'and again')).toEqual(['You said: and again']);
  expect(await say(adapter, 'once more')).toEqual(['You said: once more']);
  const shown = events.filter((e) => e.name === 'disclosure.shown');
  expect(shown).toEqual([
    { name: 'disclosure.shown', dimension: 'first', channel: 'facebook', locale: 'en' },
  ]);
});

it('says it again after the idle gap (24 hours by default), not before', async () => {
  const { adapter, events } = bot();
  await say(adapter, 'hi');
  later(23);
  expect(await say(adapter, 'still there?')).toEqual(['You said: still there?']);
  jest.restoreAllMocks();
  later(23 + 24.5);
  expect(await say(adapter, 'back after a day')).toEqual([NOTICE, 'You said: back after a day']);
  expect(await say(adapter, 'and now')).toEqual(['You said: and now']);
  expect(events.filter((e) => e.name === 'disclosure.shown').map((e) => e.dimension)).toEqual([
    'first',
    'idle',
  ]);
});

it('honours a shorter idle gap', async () => {
  const { adapter } = bot({ privacy: { disclosure: { afterIdleMinutes: 30 } } });
  await say(adapter, 'hi');
  later(0.25);
  expect(await say(adapter, 'quarter of an hour')).toEqual(['You said: quarter of an hour']);
  jest.restoreAllMocks();
  later(0.25 + 0.6);
  expect((await say(adapter, 'forty minutes later'))[0]).toBe(NOTICE);
});

it('speaks the person’s language, or the brand’s own words', async () => {
  const es = bot({ locale: 'es-ES' });
  expect((await say(es.adapter, 'hola'))[0]).toBe(
    'Para que lo sepas: estás hablando con el asistente automático de Home Services, no con una persona.',
  );
  const sv = bot({ locale: 'sv-SE' });
  expect((await say(sv.adapter, 'hej'))[0]).toContain('automatiska assistenten hos Home Services');
  const own = bot({
    locale: 'es-ES',
    privacy: { disclosure: { text: { en: 'I am a bot.', es: 'Soy un bot de {brand}.' } } },
  });
  expect(await say(own.adapter, 'hola')).toEqual(['Soy un bot de Home Services.', 'You said: hola']);
  const overridden = bot({
    privacy: { localization: { texts: { en: { disclosure: { automated: 'Beep: {brand} bot here.' } } } } },
  });
  expect((await say(overridden.adapter, 'hi'))[0]).toBe('Beep: Home Services bot here.');
});

it('is said on Messenger and web chat by default, elsewhere only when configured, never when off', async () => {
  expect((await say(bot({ channelId: 'webchat' }).adapter, 'hi'))[0]).toBe(NOTICE);
  expect(await say(bot({ channelId: 'msteams' }).adapter, 'hi')).toEqual(['You said: hi']);
  const teams = bot({ channelId: 'msteams', privacy: { disclosure: { channels: ['msteams'] } } });
  expect((await say(teams.adapter, 'hi'))[0]).toBe(NOTICE);
  expect(await say(bot({ privacy: { disclosure: false } }).adapter, 'hi')).toEqual(['You said: hi']);
});

it('goes with a web chat welcome (the first reply), and is not said again at the first message', async () => {
  const { adapter } = bot({ channelId: 'webchat' });
  await adapter
    .send({
      type: ActivityTypes.ConversationUpdate,
      membersAdded: [{ id: 'someone', name: '' }],
    } as Partial<Activity>)
    .assertReply(NOTICE)
    .assertReply('Welcome!')
    .send('hi')
    .assertReply((activity) => expect(activity.type).toBe('typing'))
    .assertReply('You said: hi')
    .startTest();
});

it('is recorded in the person’s own state: exported with them, and erased with them', async () => {
  const { adapter, storage, redis, prefix, subject } = bot();
  await say(adapter, 'hi');
  const exported = JSON.stringify(await storage.exportSubject(subject));
  expect(exported).toContain('"privacyDisclosure"');
  expect(exported).toMatch(/"toldAt":"\d{4}-\d\d-\d\dT[^"]+Z"/);
  expect(exported).toMatch(/"seenAt":"\d{4}-\d\d-\d\dT[^"]+Z"/);
  await storage.eraseSubject(subject);
  expect([...(await snapshot(redis, prefix)).values()].join('\n')).not.toContain('toldAt');
  // Erased: a new conversation with the same person starts with the notice again.
  expect((await say(adapter, 'hello again'))[0]).toBe(NOTICE);
});

it('the Terms of use say the assistant is automated, and which model provider receives what', async () => {
  const { adapter } = bot({
    privacy: {
      disclosure: {
        modelProvider: {
          name: 'Example AI (EU)',
          receives: { en: 'the text of questions in your own words, with card numbers and tax ids replaced' },
        },
      },
    },
  });
  await say(adapter, 'hi');
  const terms = (await say(adapter, 'PRIVACY_TERMS')).join('\n');
  expect(terms).toContain('This assistant is automated: a program answers you, not a person');
  expect(terms).toContain(
    'the assistant sends the text of questions in your own words, with card numbers and tax ids replaced to Example AI (EU)',
  );
  const off = bot({ privacy: { disclosure: false } });
  const termsOff = (await say(off.adapter, 'PRIVACY_TERMS')).join('\n');
  expect(termsOff).not.toContain('automated');
  const texts = { ...BUILT_IN_TEXTS.es.terms, legalBasis: BUILT_IN_TEXTS.es.legalBasis };
  expect(renderTerms(INVENTORY, texts, 'es', { name: 'X', policyUrl: 'https://x.example' }, {})).toContain(
    'Este asistente es automático',
  );
});

it('rejects a bad disclosure option at start-up with a clear error', () => {
  const { storage, redis } = testStorage();
  const base = {
    brand: { name: 'B', policyUrl: 'https://example.com/p' },
    userState: new UserState(storage),
    conversationState: new ConversationState(storage),
    erasure: storage,
    inventory: INVENTORY,
  };
  closers.push(() => redis.quit());
  for (const [disclosure, message] of [
    [{ afterIdleMinutes: 0 }, /afterIdleMinutes/],
    [{ channels: 'facebook' }, /channels/],
    [{ onHandback: 'yes' }, /onHandback/],
    [{ text: { en: '' } }, /text/],
    [{ modelProvider: { name: '', receives: 'x' } }, /modelProvider.name/],
    [{ modelProvider: { name: 'X' } }, /receives/],
    ['on', /object/],
  ] as const) {
    expect(() => createPrivacy({ ...base, disclosure: disclosure as never })).toThrow(ConfigurationError);
    expect(() => createPrivacy({ ...base, disclosure: disclosure as never })).toThrow(message);
  }
});
