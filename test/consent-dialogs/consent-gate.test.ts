import { StorageUnavailableError } from '../../src/core/errors';
import { createRedisClient } from '../../src/storage/redis-client';
import { RedisConsentStore } from '../../src/storage/redis-consent-store';
import { RedisKeyspace } from '../../src/storage/redis-keyspace';
import { buttons, payloads } from '../botbuilder/privacy-test-bot';
import { testStorage, uniquePrefix } from '../support/redis';
import { startRedisServer } from '../support/redis-server';
import {
  CARD,
  createConsentTestBot,
  eventsNamed,
  INVOICE,
  QUOTE,
  resultOf,
  type ConsentTestBot,
  type ConsentTestBotOptions,
} from './consent-test-bot';

let bots: ConsentTestBot[] = [];
let shares: Array<ReturnType<typeof testStorage>> = [];
afterEach(async () => {
  await Promise.all(bots.map((b) => b.close()));
  await Promise.all(shares.map((s) => s.redis.quit()));
  bots = [];
  shares = [];
});
/** One Redis store for several bots (e.g. before and after a configuration change). */
function sharedStorage() {
  const storage = testStorage();
  shares.push(storage);
  return storage;
}
function bot(options: ConsentTestBotOptions = {}): ConsentTestBot {
  const b = createConsentTestBot(options);
  bots.push(b);
  return b;
}

const LANGUAGES = [
  {
    locale: 'en-US',
    purpose: 'Your tax id, to put it on your invoices.',
    kept: 'How long we keep it: 30 days',
    who: 'Who receives it: Holded (invoicing)',
    yes: 'Yes, I agree',
    no: 'No, thanks',
    refused: 'You can carry on without it',
    askTin: 'Please write your tax id',
  },
  {
    locale: 'es-ES',
    purpose: 'Tu identificador fiscal, para ponerlo en tus facturas.',
    kept: 'Cuánto tiempo lo guardamos: 30 días',
    who: 'Quién lo recibe: Holded (invoicing)',
    yes: 'Sí, acepto',
    no: 'No, gracias',
    refused: 'Puedes seguir sin ello',
    askTin: 'Escribe tu identificador fiscal',
  },
  {
    locale: 'sv-SE',
    purpose: 'Ditt skatteregistreringsnummer, för dina fakturor.',
    kept: 'Hur länge vi sparar det: 30 dagar',
    who: 'Vem som får det: Holded (invoicing)',
    yes: 'Ja, jag godkänner',
    no: 'Nej tack',
    refused: 'Du kan fortsätta utan det',
    askTin: 'Skriv ditt skatteregistreringsnummer',
  },
];

describe.each(LANGUAGES)('consent gate in $locale', (lang) => {
  it('says what, why, how long and who, and a yes records a receipt and goes on to the question', async () => {
    const b = bot({ locale: lang.locale });
    await b.adapter
      .send('invoice')
      .assertReply((r) => {
        expect(r.text).toContain(lang.purpose);
        expect(r.text).toContain(lang.kept);
        expect(r.text).toContain(lang.who);
        expect(r.text).toContain('https://example.com/privacy#invoices');
        expect(r.text).toContain('Home Services');
        expect(buttons(r)).toEqual([lang.yes, lang.no]);
        expect(payloads(r)).toEqual(['PRIVACY_CONSENT_YES', 'PRIVACY_CONSENT_NO']);
        for (const title of buttons(r)) expect([...title].length).toBeLessThanOrEqual(20);
      })
      .send(lang.yes)
      .assertReply((r) => expect(r.text).toContain(lang.askTin))
      .startTest();
    const [receipt] = await b.consentStore.list(b.subject);
    expect(receipt).toMatchObject({
      purposeId: INVOICE.id,
      state: 'given',
      policyVersion: '2024-05',
      language: lang.locale.slice(0, 2),
      jurisdiction: 'ES',
      controller: 'Home Services',
      collectionMethod: 'text',
    });
    expect(receipt.notice).toContain(lang.purpose);
    expect(eventsNamed(b.events, 'consent.')).toEqual([
      `consent.asked:${INVOICE.id}`,
      `consent.given:${INVOICE.id}`,
    ]);
  });

  it('takes a no without penalty: the bot carries on and does not ask again in the conversation', async () => {
    const b = bot({ locale: lang.locale });
    await b.adapter
      .send('invoice')
      .assertReply((r) => expect(buttons(r)).toEqual([lang.yes, lang.no]))
      .send(lang.no)
      .assertReply((r) => expect(r.text).toContain(lang.refused))
      .assertReply((r) => expect(resultOf(r)).toEqual({ status: 'declined', purposeId: INVOICE.id }))
      .send('hi')
      .assertReply('Hello!')
      .send('invoice')
      .assertReply((r) => expect(resultOf(r)).toEqual({ status: 'declined', purposeId: INVOICE.id }))
      .startTest();
    expect((await b.consentStore.list(b.subject)).map((r) => r.state)).toEqual(['refused']);
    expect(eventsNamed(b.events, 'consent.')).toEqual([
      `consent.asked:${INVOICE.id}`,
      `consent.refused:${INVOICE.id}`,
    ]);
  });
});

describe('consent gate', () => {
  it('does not ask again once given, in this or a later conversation', async () => {
    const shared = sharedStorage();
    const first = bot({ storage: shared, userId: 'user-given' });
    await first.adapter
      .send('invoice')
      .assertReply((r) => expect(buttons(r)).toHaveLength(2))
      .send({
        type: 'message',
        text: 'PRIVACY_CONSENT_YES',
        channelData: { postback: { payload: 'PRIVACY_CONSENT_YES' } },
      })
      .assertReply((r) => expect(r.text).toContain('Please write your tax id'))
      .send('cancel')
      .assertReply((r) => expect(r.text).toContain('without your tax id'))
      .assertReply((r) => expect(resultOf(r).status).toBe('declined'))
      .send('invoice')
      .assertReply((r) => expect(r.text).toContain('Please write your tax id'))
      .startTest();
    expect((await first.consentStore.list(first.subject))[0].collectionMethod).toBe('messenger_postback');
    const later = bot({ storage: shared, userId: 'user-given', channelId: 'facebook' });
    await later.adapter
      .send('invoice')
      .assertReply((r) => expect(r.text).toContain('Please write your tax id'))
      .startTest();
  });

  it('asks again when the policy version changes', async () => {
    const shared = sharedStorage();
    const before = bot({ storage: shared, userId: 'user-bump' });
    await before.adapter
      .send('gate invoice_tax_id')
      .assertReply((r) => expect(r.text).toContain('needs your consent'))
      .send('yes')
      .assertReply((r) => expect(resultOf(r)).toEqual({ status: 'granted', purposeId: INVOICE.id }))
      .send('gate invoice_tax_id')
      .assertReply((r) => expect(resultOf(r)).toEqual({ status: 'granted', purposeId: INVOICE.id }))
      .startTest();
    const after = bot({
      storage: shared,
      userId: 'user-bump',
      purposes: [{ ...INVOICE, policyVersion: '2025-01' }, QUOTE, CARD],
    });
    await after.adapter
      .send('gate invoice_tax_id')
      .assertReply((r) => expect(r.text).toContain('needs your consent'))
      .send('yes')
      .assertReply((r) => expect(resultOf(r)).toEqual({ status: 'granted', purposeId: INVOICE.id }))
      .startTest();
    const receipts = await after.consentStore.list(after.subject);
    expect(receipts.map((r) => `${r.policyVersion}:${r.state}`).sort()).toEqual([
      '2024-05:given',
      '2025-01:given',
    ]);
  });

  it('asks again after a refusal when the policy version changes', async () => {
    const shared = sharedStorage();
    const before = bot({ storage: shared, userId: 'user-bump-no' });
    await before.adapter
      .send('gate invoice_tax_id')
      .assertReply((r) => expect(r.text).toContain('needs your consent'))
      .send('no')
      .assertReply((r) => expect(r.text).toContain('carry on without it'))
      .assertReply((r) => expect(resultOf(r).status).toBe('declined'))
      .startTest();
    const after = bot({
      storage: shared,
      userId: 'user-bump-no',
      purposes: [{ ...INVOICE, policyVersion: '2025-01' }, QUOTE, CARD],
    });
    await after.adapter
      .send('gate invoice_tax_id')
      .assertReply((r) => expect(r.text).toContain('needs your consent'))
      .startTest();
  });

  it('never lets the consent for invoices stand for payment', async () => {
    const b = bot({ channelId: 'webchat' });
    await b.adapter
      .send('gate invoice_tax_id')
      .assertReply((r) => expect(r.text).toContain('tax id, to put it on your invoices'))
      .send('yes')
      .assertReply((r) => expect(resultOf(r)).toEqual({ status: 'granted', purposeId: INVOICE.id }))
      .send('pay')
      .assertReply((r) => {
        expect(r.text).toContain('Your card, to charge the visit.');
        expect(r.text).toContain('Who receives it: Stripe');
      })
      .send('no')
      .assertReply((r) => expect(r.text).toContain('carry on without it'))
      .assertReply((r) => expect(resultOf(r)).toEqual({ status: 'declined', purposeId: CARD.id }))
      .startTest();
    expect(b.cards).toEqual([]);
  });

  it('takes no answer after three tries as a no for now, without recording a refusal', async () => {
    const b = bot();
    await b.adapter
      .send('gate invoice_tax_id')
      .assertReply((r) => expect(buttons(r)).toHaveLength(2))
      .send('what?')
      .assertReply((r) => expect(r.text).toMatch(/^Please answer yes or no\./))
      .send('hmm')
      .assertReply((r) => expect(r.text).toMatch(/^Please answer yes or no\./))
      .send('maybe')
      .assertReply((r) => expect(r.text).toContain('carry on without it'))
      .assertReply((r) => expect(resultOf(r).status).toBe('declined'))
      .send('gate invoice_tax_id')
      .assertReply((r) => expect(resultOf(r).status).toBe('declined'))
      .startTest();
    expect(await b.consentStore.list(b.subject)).toEqual([]);
  });

  it('fails closed with a clear message when the consent store cannot be reached', async () => {
    const server = await startRedisServer();
    const deadRedis = createRedisClient(server.url, 300);
    deadRedis.on('error', () => undefined);
    const keyspace = new RedisKeyspace({
      redis: deadRedis,
      prefix: uniquePrefix('dead'),
      operationTimeoutMs: 300,
    });
    const b = bot({ consentStore: new RedisConsentStore({ keyspace }) });
    try {
      await deadRedis.ping();
      process.kill(server.pid, 'SIGSTOP'); // a hung Redis: connected, never answering
      await expect(keyspace.bounded(deadRedis.ping(), 'ping')).rejects.toThrow(StorageUnavailableError);
      await b.adapter
        .send('invoice')
        .assertReply((r) => {
          expect(r.text).toContain('our system is not available');
          expect(r.text).toContain('Nothing was asked or recorded');
          expect(buttons(r)).toEqual([]);
        })
        .assertReply((r) => expect(resultOf(r)).toEqual({ status: 'unavailable', purposeId: INVOICE.id }))
        .send('12345678Z')
        .assertReply((r) => expect(r.text).toContain('did not keep the tax id'))
        .assertReply('Hello!')
        .startTest();
      expect(b.tins).toEqual([]);
      expect(eventsNamed(b.events, 'consent.')).toEqual([]);
    } finally {
      deadRedis.disconnect();
      process.kill(server.pid, 'SIGCONT');
      await server.stop();
    }
  });
});
