import { ConversationState, MemoryStorage, TestAdapter, UserState, type Activity } from 'botbuilder-core';
import { sensitiveInput } from '../../src/turn/consent/sensitive-input';
import { createPrivacy } from '../../src/botbuilder';
import { ConfigurationError } from '../../src/core/errors';
import { INVENTORY } from '../botbuilder/privacy-test-bot';
import { snapshot } from '../support/redis';
import {
  createConsentTestBot,
  FILED_CARD,
  FILED_TAX_ID,
  type ConsentTestBot,
  type ConsentTestBotOptions,
} from './consent-test-bot';

let bots: ConsentTestBot[] = [];
afterEach(async () => {
  await Promise.all(bots.map((b) => b.close()));
  bots = [];
});
function bot(options: ConsentTestBotOptions = {}): ConsentTestBot {
  const b = createConsentTestBot(options);
  bots.push(b);
  return b;
}

async function everything(b: ConsentTestBot): Promise<string> {
  await b.transcripts.flush();
  const stored = [...(await snapshot(b.redis, b.prefix))].map(([key, value]) => `${key} ${value}`);
  return [...stored, JSON.stringify(b.events)].join('\n');
}

describe('a tax id or card number sent unprompted', () => {
  it('is redacted before history, Redis and metrics, and the bot says it did not keep it', async () => {
    const b = bot({ channelId: 'webchat' });
    await b.adapter
      .send('my card is 4111 1111 1111 1111, exp 12/30')
      .assertReply(
        'For your safety, I did not keep the card number you sent. Please never send card details in the chat.',
      )
      .assertReply('Hello!')
      .startTest();
    expect(b.seen).toEqual(['my card is [card ••••1111], exp 12/30']);
    const all = await everything(b);
    expect(all).toContain('[card ••••1111]'); // the history keeps the message, masked
    expect(all).not.toContain('4111 1111 1111 1111');
    expect(all).not.toContain('4111111111111111');
    expect(b.events.some((e) => e.name === 'message.in')).toBe(true);
  });

  it('is redacted from Messenger’s raw copy of the message too (es)', async () => {
    const b = bot({ channelId: 'facebook', locale: 'es-ES' });
    await b.adapter
      .send({
        type: 'message',
        text: 'mi DNI es 12345678Z',
        channelData: { sender: { id: b.user.id }, message: { mid: 'm-1', text: 'mi DNI es 12345678Z' } },
      } as Partial<Activity>)
      .assertReply(
        'Por tu seguridad, no he guardado el identificador fiscal que has enviado. Te lo pediré cuando haga falta.',
      )
      .assertReply('Hello!')
      .startTest();
    expect(b.seen).toEqual(['mi DNI es [identificador fiscal]']);
    const all = await everything(b);
    expect(all).toContain('mi DNI es [identificador fiscal]');
    expect(all).not.toContain('12345678Z');
  });

  it('leaves other numbers alone and says nothing', async () => {
    const b = bot({ channelId: 'webchat', locale: 'sv-SE' });
    await b.adapter
      .send('echo 3 rum, 12 kvm, kod 4711')
      .assertReply('You said: 3 rum, 12 kvm, kod 4711')
      .startTest();
  });
});

describe('what the bot sends', () => {
  it('is redacted too, for bots that echo what their back office holds', async () => {
    const b = bot({ channelId: 'webchat' });
    await b.adapter.send('file').assertReply('On file: [tax id] and [card ••••4444].').startTest();
    const all = await everything(b);
    expect(all).toContain('On file: [tax id] and [card ••••4444].');
    expect(all).not.toContain(FILED_TAX_ID);
    expect(all).not.toContain(FILED_CARD);
  });
});

describe('sensitive input configuration', () => {
  const base = () => {
    const storage = new MemoryStorage();
    return {
      brand: { name: 'Home Services', policyUrl: 'https://example.com/privacy' },
      userState: new UserState(storage),
      conversationState: new ConversationState(storage),
      erasure: { eraseSubject: async () => ({}) as never },
      inventory: INVENTORY,
    };
  };

  it('rejects unsupported countries at start-up', () => {
    expect(() => createPrivacy({ ...base(), sensitiveInput: { tinCountries: ['FR' as never] } })).toThrow(
      ConfigurationError,
    );
  });

  it('redacts only the configured countries, and can leave outgoing text alone', async () => {
    const privacy = createPrivacy({
      ...base(),
      sensitiveInput: { tinCountries: ['SE'], redactOutgoing: false },
    });
    const raw: Array<string | undefined> = [];
    const adapter = new TestAdapter(async (context) => {
      raw.push(sensitiveInput(context));
      await context.sendActivity(`got ${context.activity.text}; filed ${FILED_TAX_ID}`);
    });
    adapter.use(privacy.middleware);
    await adapter
      .send('12345678Z')
      .assertReply(`got 12345678Z; filed ${FILED_TAX_ID}`)
      .send('811228-9874')
      .assertReply((r) => expect(r.text).toContain('did not keep the tax id'))
      .assertReply(`got [tax id]; filed ${FILED_TAX_ID}`)
      .startTest();
    // The raw text stays reachable in the turn for a prompt that asked for it.
    expect(raw).toEqual([undefined, '811228-9874']);
  });
});
