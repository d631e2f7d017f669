import {
  ActivityTypes,
  CardFactory,
  ConversationState,
  MemoryStorage,
  MemoryTranscriptStore,
  TestAdapter,
  TranscriptLoggerMiddleware,
  UserState,
  type Activity,
} from 'botbuilder-core';
import { createPrivacy } from '../../src/botbuilder';
import { INVENTORY } from '../botbuilder/privacy-test-bot';
import { snapshot } from '../support/redis';
import { createConsentTestBot, type ConsentTestBot } from './consent-test-bot';

const CARD = '4111 1111 1111 1111';
const IBAN = 'ES91 2100 0418 4502 0005 1332';
const DNI = '12345678Z';

/** Every trace of the raw values, whatever separators they were written with. */
function rawValuesIn(text: string): string[] {
  const compact = text.replace(/[\s.\-\u00A0]/g, '');
  return ['4111111111111111', 'ES9121000418450200051332', DNI].filter((raw) => compact.includes(raw));
}

/** A bot on in-memory storage whose transcript keeps every activity of every type. */
function memoryBot(logic: ConstructorParameters<typeof TestAdapter>[0]) {
  const storage = new MemoryStorage();
  const transcripts = new MemoryTranscriptStore();
  const privacy = createPrivacy({
    brand: { name: 'Home Services', policyUrl: 'https://example.com/privacy' },
    userState: new UserState(storage),
    conversationState: new ConversationState(storage),
    erasure: { eraseSubject: async () => ({}) as never },
    inventory: INVENTORY,
    sensitiveInput: { jurisdiction: 'EU' },
  });
  const adapter = new TestAdapter(logic);
  adapter.use(privacy.middleware);
  adapter.use(new TranscriptLoggerMiddleware(transcripts));
  const logged = async (): Promise<string> => {
    await new Promise((resolve) => setTimeout(resolve, 20)); // the logger writes after the turn
    const { conversation } = adapter.conversation;
    const page = await transcripts.getTranscriptActivities(adapter.conversation.channelId, conversation.id);
    return JSON.stringify(page.items);
  };
  return { adapter, logged, storage };
}

describe('every incoming activity is screened before the transcript', () => {
  it('messageUpdate, invoke, value, attachments and channelData strings', async () => {
    const seen: Array<Partial<Activity>> = [];
    const { adapter, logged } = memoryBot(async (context) => {
      seen.push(JSON.parse(JSON.stringify(context.activity)) as Partial<Activity>);
    });
    await adapter
      .send({ type: ActivityTypes.MessageUpdate, text: `corrected: my card is ${CARD}` })
      .assertReply((r) => expect(r.text).toContain('did not keep the card number'))
      .startTest();
    await adapter.processActivity({
      type: ActivityTypes.Invoke,
      name: 'adaptiveCard/action',
      value: { action: { data: { card: CARD, iban: IBAN, nested: [{ note: `dni ${DNI}` }] } } },
    });
    await adapter
      .send({
        type: ActivityTypes.Message,
        text: 'see the form',
        value: { dni: DNI, room: 'room 12' },
        attachments: [{ contentType: 'text/plain', name: 'note.txt', content: `IBAN: ${IBAN}` }],
        channelData: {
          sender: { id: '4111111111111111' }, // an id, left alone
          message: { mid: 'm-1', text: 'see the form', nlp: { entities: { number: [{ body: CARD }] } } },
        },
      } as Partial<Activity>)
      .assertReply((r) => expect(r.text).toContain('did not keep the card number'))
      .startTest();

    const transcript = await logged();
    expect(rawValuesIn(transcript.replace('"id":"4111111111111111"', ''))).toEqual([]);
    expect(transcript).toContain('[card ••••1111]');
    expect(transcript).toContain('[IBAN ••••1332]');
    expect(transcript).toContain('"room":"room 12"');
    expect(transcript).toContain('"id":"4111111111111111"');
    // The bot gets the same screened activity.
    expect(rawValuesIn(JSON.stringify(seen).replace('"id":"4111111111111111"', ''))).toEqual([]);
  });

  it('what the bot sends or updates: attachments, speak, channelData, and updated activities', async () => {
    const { adapter, logged } = memoryBot(async (context) => {
      const card = CardFactory.heroCard('Your details', `Card ${CARD}, IBAN ${IBAN}`);
      const sent = await context.sendActivity({
        type: ActivityTypes.Message,
        text: 'On file:',
        speak: `your DNI is ${DNI}`,
        attachments: [card],
        channelData: { note: `IBAN ${IBAN}` },
      });
      await context.updateActivity({
        id: sent?.id,
        type: ActivityTypes.Message,
        text: `Updated: card ${CARD}`,
        conversation: context.activity.conversation,
      });
    });
    await adapter
      .send('show me')
      .assertReply((r) => expect(r.text).toBe('Updated: card [card ••••1111]')) // the test adapter keeps the update
      .startTest();
    const transcript = await logged();
    expect(rawValuesIn(transcript)).toEqual([]);
    expect(transcript).toContain('Updated: card [card ••••1111]');
    expect(transcript).toContain('Card [card ••••1111], IBAN [IBAN ••••1332]');
    expect(transcript).toContain('your DNI is [tax id]');
    expect(transcript).toContain('"note":"IBAN [IBAN ••••1332]"');
  });
});

describe('an EU bot', () => {
  let b: ConsentTestBot | undefined;
  afterEach(async () => {
    await b?.close();
    b = undefined;
  });

  it('does not take a Spanish mobile number for a US tax id, and says nothing about it', async () => {
    b = createConsentTestBot({
      channelId: 'webchat',
      locale: 'es-ES',
      consent: { jurisdiction: 'EU', tinCountries: undefined },
    });
    await b.adapter
      .send('echo llámame al 612345678 o al 612 345 678')
      .assertReply('You said: llámame al 612345678 o al 612 345 678')
      .send('mi DNI es 12 345 678 Z')
      .assertReply((r) => expect(r.text).toContain('no he guardado el identificador fiscal'))
      .assertReply('Hello!')
      .startTest();
    await b.transcripts.flush();
    const stored = [...(await snapshot(b.redis, b.prefix)).values()].join('\n');
    expect(stored).toContain('llámame al 612345678 o al 612 345 678');
    expect(stored).toContain('mi DNI es [identificador fiscal]');
  });
});
