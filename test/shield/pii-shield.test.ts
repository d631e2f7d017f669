import { randomBytes } from 'node:crypto';
import {
  ActivityTypes,
  AutoSaveStateMiddleware,
  ConversationState,
  TestAdapter,
  UserState,
  type Activity,
  type TurnContext,
} from 'botbuilder-core';
import { createPrivacy } from '../../src/botbuilder';
import { ConfigurationError } from '../../src/core/errors';
import { EnvelopeCipher } from '../../src/core/sensitive/envelope-cipher';
import type { RedisStorage } from '../../src/storage/redis-storage';
import { createPiiShield, type PiiShieldOptions } from '../../src/shield';
import { BUILT_IN_TEXTS } from '../../src/i18n/localizer';
import { readableExport } from '../../src/turn/export-description';
import { INVENTORY } from '../botbuilder/privacy-test-bot';
import { snapshot, testStorage } from '../support/redis';

const CARD = '4111 1111 1111 1111';
const IBAN = 'ES91 2100 0418 4502 0005 1332';
const EMAIL = 'ana.lopez@example.com';
const PHONE = '612 34 56 78';
const DNI = '12345678Z';

const newCipher = () =>
  new EnvelopeCipher([{ kid: `k${randomBytes(3).toString('hex')}`, key: randomBytes(32) }]);

/**
 * A bot with the privacy layer on a real Redis and a shield: `protect <text>` and `restore <text>` record
 * what the shield returned (in `results`), per conversation.
 */
function shieldBot(
  stored: { storage: RedisStorage; prefix: string } & ReturnType<typeof testStorage>,
  shieldOptions: Partial<PiiShieldOptions> = {},
) {
  const { storage } = stored;
  const userState = new UserState(storage);
  const conversationState = new ConversationState(storage);
  const privacy = createPrivacy({
    brand: { name: 'Home Services', policyUrl: 'https://example.com/privacy' },
    userState,
    conversationState,
    erasure: storage,
    dataSources: [storage],
    inventory: INVENTORY,
    sensitiveInput: { tinCountries: ['ES', 'SE'] },
  });
  const shield = createPiiShield(privacy, { cipher: shieldOptions.cipher ?? newCipher(), ...shieldOptions });
  const results: string[] = [];
  const userId = `user-${randomBytes(4).toString('hex')}`;
  const adapterFor = (conversationId: string) => {
    const adapter = new TestAdapter(
      async (context: TurnContext) => {
        if (context.activity.type !== ActivityTypes.Message) return;
        const text = context.activity.text ?? '';
        if (text.startsWith('restore ')) results.push(await shield.restore(context, text.slice(8)));
        // The raw text: the privacy middleware has masked cards and tax ids in activity.text for the logs.
        else results.push(await shield.protectMessage(context));
      },
      {
        channelId: 'webchat',
        locale: 'en-US',
        from: { id: userId, name: '' },
        conversation: { id: conversationId, isGroup: false, name: '', conversationType: 'personal' },
      } as Partial<Activity>,
    );
    adapter.use(privacy.middleware);
    adapter.use(new AutoSaveStateMiddleware(userState, conversationState));
    return adapter;
  };
  return { shield, results, adapterFor, subject: { channelId: 'webchat', userId } };
}

describe('the PII shield in a conversation, on Redis', () => {
  const opened: Array<ReturnType<typeof testStorage>> = [];
  const storageForTest = () => {
    const stored = testStorage();
    opened.push(stored);
    return stored;
  };
  afterAll(async () => {
    await Promise.all(opened.map(({ redis }) => redis.quit()));
  });

  it('gives the same value the same placeholder in every turn, and restores only what it issued', async () => {
    const bot = shieldBot(storageForTest());
    const chat = bot.adapterFor('conv-a');
    await chat.send(`my card ${CARD}, mail ${EMAIL}, phone ${PHONE}, DNI ${DNI}`);
    await chat.send(`again ${CARD.replace(/ /g, '')} and ${EMAIL.toUpperCase()}, IBAN ${IBAN}`);
    await chat.send(
      'restore Charged [CARD_1]; mail [EMAIL_1]; IBAN [IBAN_1]; [TAX_ID_1]; [PHONE_1]; [CARD_9] [EMAIL_3]',
    );
    expect(bot.results).toEqual([
      'my card [CARD_1], mail [EMAIL_1], phone [PHONE_1], DNI [TAX_ID_1]',
      'again [CARD_1] and [EMAIL_1], IBAN [IBAN_1]',
      // Values come back as the person first wrote them; made-up placeholders stay as they are.
      `Charged ${CARD}; mail ${EMAIL}; IBAN ${IBAN}; ${DNI}; ${PHONE}; [CARD_9] [EMAIL_3]`,
    ]);
  });

  it('keeps each conversation’s mapping apart: another conversation cannot restore it', async () => {
    const bot = shieldBot(storageForTest());
    await bot.adapterFor('conv-a').send(`card ${CARD}`);
    await bot.adapterFor('conv-b').send('restore [CARD_1]');
    await bot.adapterFor('conv-b').send('card 5555 5555 5555 4444');
    await bot.adapterFor('conv-a').send('restore [CARD_1]');
    expect(bot.results).toEqual(['card [CARD_1]', '[CARD_1]', 'card [CARD_1]', CARD]);
  });

  it('leaves order numbers, dates, invalid tax ids and allow-listed values as they are', async () => {
    const bot = shieldBot(storageForTest(), { allow: ['+34 900 123 456', 'Help@HomeServices.example'] });
    const text =
      'Order #48213 (ORD-2026-004817) of 2026-03-04, 04/03/2026; ref 12345678A; call 900 123 456 or help@homeservices.example';
    await bot.adapterFor('conv-a').send(text);
    expect(bot.results).toEqual([text]);
  });

  it('keeps the values sealed in Redis, exports the placeholders only, and is erased with the person', async () => {
    const stored = storageForTest();
    const bot = shieldBot(stored);
    const chat = bot.adapterFor('conv-a');
    await chat.send(`mail ${EMAIL}, phone ${PHONE}, IBAN ${IBAN}`);
    const raw = [...(await snapshot(stored.redis, stored.prefix)).values()].join('\n');
    expect(raw).toContain('"issued":["EMAIL_1","PHONE_1","IBAN_1"]');
    for (const value of [EMAIL, PHONE, PHONE.replace(/ /g, ''), IBAN, IBAN.replace(/ /g, '')]) {
      expect(raw).not.toContain(value);
    }
    const sections = await stored.storage.exportSubject(bot.subject);
    const exported = JSON.stringify(sections);
    expect(exported).toContain('"issued":["EMAIL_1","PHONE_1","IBAN_1"]');
    expect(exported).not.toContain(EMAIL);
    // The Privacy Center shows the placeholders issued, not the sealed envelope.
    const saved = readableExport({ exportedAt: '', sections }, BUILT_IN_TEXTS.en).saved;
    expect(saved.map((entry) => entry.value)).toEqual(
      expect.arrayContaining(['EMAIL_1', 'PHONE_1', 'IBAN_1']),
    );
    expect(JSON.stringify(saved)).not.toContain('v1.');

    await stored.storage.eraseSubject(bot.subject);
    expect([...(await snapshot(stored.redis, stored.prefix)).values()].join('\n')).not.toContain(
      'privacyShield',
    );
    await chat.send('restore [EMAIL_1]');
    expect(bot.results.at(-1)).toBe('[EMAIL_1]');
  });

  it('starts a new mapping, without failing the turn, when the key that sealed it is gone', async () => {
    const stored = storageForTest();
    const first = shieldBot(stored);
    await first.adapterFor('conv-a').send(`mail ${EMAIL}`);
    // The same person and conversation, read by a shield whose cipher lacks the old key.
    const second = shieldBot(stored);
    const chat = second.adapterFor('conv-a');
    (chat as unknown as { template: Partial<Activity> }).template.from = {
      id: first.subject.userId,
      name: '',
    };
    await chat.send('restore [EMAIL_1]');
    await chat.send('other@example.com');
    expect(second.results).toEqual(['[EMAIL_1]', '[EMAIL_1]']);
  });

  it('refuses bad options at start-up', () => {
    const stored = storageForTest();
    expect(() => shieldBot(stored, { cipher: undefined as unknown as EnvelopeCipher })).toThrow(
      ConfigurationError,
    );
    expect(() => shieldBot(stored, { phoneRegions: ['spain'] })).toThrow(ConfigurationError);
    expect(() => shieldBot(stored, { tinCountries: ['FR' as 'ES'] })).toThrow(ConfigurationError);
    expect(() => shieldBot(stored, { maxValues: 0 })).toThrow(ConfigurationError);
  });
});
