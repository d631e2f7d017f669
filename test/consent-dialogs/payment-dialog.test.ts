import type { Activity } from 'botbuilder-core';
import { ConfigurationError } from '../../src/core/errors';
import { buttons } from '../botbuilder/privacy-test-bot';
import { snapshot } from '../support/redis';
import {
  CARD,
  createConsentTestBot,
  PAYMENT_PAGE,
  resultOf,
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

async function everythingStored(b: ConsentTestBot): Promise<string> {
  await b.transcripts.flush();
  return [...(await snapshot(b.redis, b.prefix))].map(([key, value]) => `${key} ${value}`).join('\n');
}

/** The URL buttons of a reply's cards. */
function urlButtons(activity: Partial<Activity>): Array<{ type: string; title: string; value: string }> {
  return (activity.attachments ?? []).flatMap(
    (a) => (a.content as { buttons?: Array<{ type: string; title: string; value: string }> }).buttons ?? [],
  );
}

describe('payment on Messenger', () => {
  it('sends a secure payment link button after consent and never asks for the card in chat', async () => {
    const b = bot({ channelId: 'facebook' });
    await b.adapter
      .send('pay')
      .assertReply((r) => expect(r.text).toContain('Your card, to charge the visit.'))
      .send('yes')
      .assertReply((r) => {
        expect(r.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.hero');
        expect(JSON.stringify(r.attachments)).toContain('Never send your card number in the chat');
        expect(urlButtons(r)).toEqual([{ type: 'openUrl', title: 'Pay securely', value: PAYMENT_PAGE }]);
        expect(r.text ?? '').not.toMatch(/card number, please|expiry/i);
      })
      .assertReply((r) =>
        expect(resultOf(r)).toEqual({ status: 'granted', purposeId: CARD.id, method: 'link' }),
      )
      .send('4111 1111 1111 1111')
      .assertReply((r) => expect(r.text).toContain('I did not keep the card number you sent'))
      .assertReply('Hello!')
      .startTest();
    expect(b.cards).toEqual([]);
    expect(b.seen[b.seen.length - 1]).toBe('[card ••••1111]');
    expect(await everythingStored(b)).not.toContain('4111 1111 1111 1111');
  });

  it('refuses to configure in-chat card entry on Messenger', () => {
    expect(() =>
      bot({
        consent: {
          payment: {
            link: () => PAYMENT_PAGE,
            inChatChannels: ['webchat', 'facebook'],
            onCard: () => undefined,
          },
        },
      }),
    ).toThrow(ConfigurationError);
    expect(() =>
      bot({ consent: { payment: { link: () => PAYMENT_PAGE, inChatChannels: ['webchat'] } } }),
    ).toThrow(/payment.onCard must be a function/);
  });

  it('ends unavailable, asking nothing, when the payment page cannot be had', async () => {
    const b = bot({
      channelId: 'facebook',
      consent: {
        payment: {
          purposeId: CARD.id,
          link: () => {
            throw new Error('payment provider down');
          },
        },
      },
    });
    await b.adapter
      .send('pay')
      .assertReply((r) => expect(buttons(r)).toEqual(['Yes, I agree', 'No, thanks']))
      .send('yes')
      .assertReply('Sorry, the payment could not be processed right now. Your card number was not kept.')
      .assertReply((r) => expect(resultOf(r)).toEqual({ status: 'unavailable', purposeId: CARD.id }))
      .startTest();
  });
});

const ASK_CARD =
  'Please write the card number followed by its expiry date, like this: XXXX XXXX XXXX XXXX MM/YY';

describe('payment in web chat with in-chat entry', () => {
  it('checks number and expiry, hands the card on, and keeps only brand and last four digits', async () => {
    const b = bot({ channelId: 'webchat' });
    await b.adapter
      .send('pay')
      .assertReply((r) => expect(r.text).toContain('needs your consent'))
      .send('yes')
      .assertReply(ASK_CARD)
      .send('4111 1111 1111 1112 12/30')
      .assertReply((r) => expect(r.text).toMatch(/^That card number is not valid/))
      .send('4111 1111 1111 1111, exp 01/20')
      .assertReply((r) => expect(r.text).toMatch(/^That card has expired\./))
      .send('4111-1111-1111-1111 12/30')
      .assertReply('Thank you: Visa card ending in 1111. We keep only the brand and the last four digits.')
      .assertReply((r) =>
        expect(resultOf(r)).toEqual({
          status: 'granted',
          purposeId: CARD.id,
          method: 'in_chat',
          card: { brand: 'visa', brandName: 'Visa', last4: '1111' },
        }),
      )
      .startTest();
    expect(b.cards).toEqual([
      {
        purposeId: CARD.id,
        number: '4111111111111111',
        brand: 'visa',
        brandName: 'Visa',
        last4: '1111',
        expiry: { month: 12, year: 2030 },
      },
    ]);
    expect(JSON.parse((await b.sensitiveStore.get(b.subject, CARD.id))!)).toEqual({
      brand: 'visa',
      brandName: 'Visa',
      last4: '1111',
    });
    const stored = await everythingStored(b);
    for (const secret of ['4111111111111111', '4111-1111-1111-1111', '4111 1111 1111 1112', '411111111111']) {
      expect(stored).not.toContain(secret);
    }
    expect(stored).not.toMatch(/12\/30|"month":12|"year":2030/);
    expect(stored).toContain('[hidden answer]');
    expect(b.seen.filter((text) => /\d{4}/.test(text))).toEqual([]);
  });

  it.each([
    ['leaves after the question', []],
    ['cancels', ['cancel']],
    ['opens the privacy menu instead', ['privacy']],
    ['answers wrongly until it gives up', ['4111 1111 1111 1111 13/30', '12/30 x']],
  ])('keeps no card detail in conversation state when the person %s', async (_how, messages) => {
    const b = bot({ channelId: 'webchat' });
    let flow = b.adapter
      .send('pay')
      .assertReply((r) => expect(r.text).toContain('needs your consent'))
      .send('yes')
      .assertReply(() => undefined) // the question
      .send('12/30') // the expiry alone first, as people do
      .assertReply(() => undefined);
    for (const message of messages) flow = flow.send(message);
    await flow.startTest();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const state = (await everythingStored(b)).split('\n').filter((line) => !line.includes(':tx:'));
    expect(state.join('\n')).toContain('DialogState'); // the bot's state was saved
    expect(state.join('\n')).not.toMatch(/12\/30|"month":|"year":/);
    expect(b.cards).toEqual([]);
  });

  it('uses the payment link on channels without in-chat entry', async () => {
    const b = bot({ channelId: 'directline', locale: 'sv-SE' });
    await b.adapter
      .send('pay')
      .assertReply((r) => expect(r.text).toContain('Ditt kort, för att ta betalt för besöket.'))
      .send('ja')
      .assertReply((r) =>
        expect(urlButtons(r)).toEqual([{ type: 'openUrl', title: 'Betala säkert', value: PAYMENT_PAGE }]),
      )
      .assertReply((r) => expect(resultOf(r)).toMatchObject({ status: 'granted', method: 'link' }))
      .startTest();
  });
});
