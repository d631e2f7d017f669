import { format } from 'node:util';
import { buttons } from '../botbuilder/privacy-test-bot';
import { snapshot } from '../support/redis';
import {
  createConsentTestBot,
  FILED_CARD,
  FILED_TAX_ID,
  resultOf,
  type ConsentTestBot,
} from './consent-test-bot';

// Known tax ids and card numbers go through every flow; then every Redis key and value, the captured
// logs, the emitted metric events and the data export are scanned for them.

const TAX_IDS = [
  '12345678Z',
  '12345678-Z',
  '12345678A',
  '811228-9874',
  '8112289874',
  FILED_TAX_ID,
  '536904399',
];
const CARDS = [
  '4111 1111 1111 1111',
  '4111111111111111',
  '5555 5555 5555 4444',
  '5555555555554444',
  '3782 822463 10005',
  '378282246310005',
  FILED_CARD,
];

const logs: string[] = [];
const LEVELS = ['log', 'info', 'warn', 'error', 'debug'] as const;
beforeAll(() => {
  for (const level of LEVELS) {
    jest.spyOn(console, level).mockImplementation((...args: unknown[]) => void logs.push(format(...args)));
  }
});
afterAll(() => jest.restoreAllMocks());

let bots: ConsentTestBot[] = [];
afterAll(async () => {
  await Promise.all(bots.map((b) => b.close()));
});

it('keeps no tax id or card number in plaintext in Redis, logs, metrics or the export', async () => {
  const messenger = createConsentTestBot({ channelId: 'facebook' });
  const web = createConsentTestBot({ channelId: 'webchat', locale: 'es-ES' });
  bots = [messenger, web];

  await messenger.adapter
    // unprompted, both kinds in one message
    .send('DNI 12345678Z and card 4111 1111 1111 1111')
    .assertReply((r) => expect(r.text).toContain('did not keep the card number'))
    .assertReply('Hello!')
    // tax id kept for invoices, after an invalid try
    .send('invoice')
    .assertReply((r) => expect(buttons(r)).toHaveLength(2))
    .send('yes')
    .assertReply((r) => expect(r.text).toContain('Please write your tax id'))
    .send('12345678A')
    .assertReply((r) => expect(r.text).toContain('not valid'))
    .send('12345678-Z')
    .assertReply((r) => expect(r.text).toContain('We keep it encrypted'))
    .assertReply((r) => expect(resultOf(r).status).toBe('granted'))
    // tax id passed on, not kept
    .send('quote')
    .assertReply((r) => expect(buttons(r)).toHaveLength(2))
    .send('yes')
    .assertReply((r) => expect(r.text).toContain('Please write your tax id'))
    .send('811228-9874')
    .assertReply((r) => expect(r.text).toContain('did not keep it'))
    .assertReply((r) => expect(resultOf(r).status).toBe('granted'))
    // payment link, then a card typed anyway
    .send('pay')
    .assertReply((r) => expect(buttons(r)).toHaveLength(2))
    .send('yes')
    .assertReply((r) => expect(r.attachments).toHaveLength(1))
    .assertReply((r) => expect(resultOf(r).method).toBe('link'))
    .send('5555 5555 5555 4444')
    .assertReply((r) => expect(r.text).toContain('did not keep the card number'))
    .assertReply('Hello!')
    // a bot that reads out its back office
    .send('file')
    .assertReply('On file: [tax id] and [card ••••4444].')
    .startTest();

  await web.adapter
    .send('pay')
    .assertReply((r) => expect(buttons(r)).toHaveLength(2))
    .send('sí')
    .assertReply((r) => expect(r.text).toContain('número de la tarjeta seguido de su fecha de caducidad'))
    .send('3782 822463 10005 12/30')
    .assertReply((r) => expect(r.text).toContain('acabada en 0005'))
    .assertReply((r) => expect(resultOf(r).method).toBe('in_chat'))
    .send('echo 4111111111111111')
    .assertReply((r) => expect(r.text).toContain('no he guardado el número de tarjeta'))
    .assertReply('You said: [tarjeta ••••1111]')
    .startTest();

  // The export, then withdrawal (which erases the kept tax id).
  await messenger.adapter.send('PRIVACY_EXPORT').startTest();
  const exported = messenger.adapter.activeQueue.splice(0);
  expect(exported.some((r) => r.attachments?.length)).toBe(true);
  await messenger.adapter
    .send('PRIVACY_CONSENTS')
    .assertReply((r) => expect(buttons(r)).toContain('Withdraw 1'))
    .send('PRIVACY_WITHDRAW_1')
    .assertReply((r) => expect(r.text).toContain('consent withdrawn'))
    .startTest();

  // The values did reach the brand's callbacks, so the scan below is not vacuous.
  expect(messenger.tins.map((t) => t.value)).toEqual(['12345678Z', '811228-9874']);
  expect(web.cards.map((c) => c.number)).toEqual(['378282246310005']);

  const scanned: string[] = [];
  for (const b of [messenger, web]) {
    await b.transcripts.flush();
    for (const [key, value] of await snapshot(b.redis, b.prefix)) scanned.push(key, value);
    scanned.push(JSON.stringify(b.events));
  }
  scanned.push(...logs);
  for (const reply of exported) {
    scanned.push(reply.text ?? '');
    for (const attachment of reply.attachments ?? []) {
      scanned.push(Buffer.from(String(attachment.contentUrl).split(',')[1], 'base64').toString('utf8'));
    }
  }
  const everything = scanned.join('\n');
  expect(everything).toContain('[hidden answer]'); // answers to the questions, masked in the history
  expect(everything).toContain('[card ••••1111]');
  expect(everything).toContain('consent.given');
  for (const secret of [...TAX_IDS, ...CARDS]) expect(everything).not.toContain(secret);
  expect(everything.replace(/\D+/g, ' ')).not.toMatch(
    /\b(?:4111111111111111|5555555555554444|378282246310005)\b/,
  );
});
