import { buttons, payloads } from '../botbuilder/privacy-test-bot';
import { snapshot } from '../support/redis';
import {
  createConsentTestBot,
  eventsNamed,
  INVOICE,
  QUOTE,
  resultOf,
  type ConsentTestBot,
} from './consent-test-bot';

let bots: ConsentTestBot[] = [];
afterEach(async () => {
  await Promise.all(bots.map((b) => b.close()));
  bots = [];
});
function bot(locale = 'en-US'): ConsentTestBot {
  const b = createConsentTestBot({ locale });
  bots.push(b);
  return b;
}

/** Gives consent for invoices (tax id kept 30 days) and refuses it for quotes. */
async function giveAndRefuse(b: ConsentTestBot, yes = 'yes', no = 'no'): Promise<void> {
  await b.adapter
    .send('invoice')
    .assertReply((r) => expect(buttons(r)).toHaveLength(2))
    .send(yes)
    .assertReply((r) => expect(r.text).toBeTruthy())
    .send('12345678Z')
    .assertReply((r) => expect(r.text).toBeTruthy())
    .assertReply((r) => expect(resultOf(r)).toMatchObject({ status: 'granted', stored: true }))
    .send('quote')
    .assertReply((r) => expect(buttons(r)).toHaveLength(2))
    .send(no)
    .assertReply((r) => expect(r.text).toBeTruthy())
    .assertReply((r) => expect(resultOf(r).status).toBe('declined'))
    .startTest();
}

async function sensitiveKeys(b: ConsentTestBot): Promise<string[]> {
  return [...(await snapshot(b.redis, b.prefix)).keys()].filter((key) => key.includes(':sensitive:'));
}

describe('My consents', () => {
  it('lists each purpose with state and date, and withdraws one with one choice, erasing its data', async () => {
    const b = bot();
    await giveAndRefuse(b);
    expect(await sensitiveKeys(b)).toHaveLength(1);
    await b.adapter
      .send('privacy')
      .assertReply((r) => expect(buttons(r)).toContain('My consents'))
      .send('My consents')
      .assertReply((r) => {
        const lines = (r.text ?? '').split('\n');
        expect(lines[0]).toBe('Your consents:');
        expect(lines[1]).toMatch(
          /^1\. Your tax id, to put it on your invoices\. — given on \w{3} \d{1,2}, \d{4}$/,
        );
        expect(lines[2]).toMatch(/^2\. Your tax id, to check the quote with the tax office\. — refused on /);
        expect(r.text).toContain('it takes effect at once');
        expect(buttons(r)).toEqual(['Withdraw 1', 'Keep them']);
        expect(payloads(r)).toEqual(['PRIVACY_WITHDRAW_1', 'PRIVACY_CONSENTS_KEEP']);
      })
      .send({
        type: 'message',
        text: 'Withdraw 1',
        channelData: { message: { quick_reply: { payload: 'PRIVACY_WITHDRAW_1' } } },
      })
      .assertReply((r) => {
        expect(r.text).toContain('Done, consent withdrawn: Your tax id, to put it on your invoices.');
        expect(r.text).toContain('We deleted what we kept only for it');
      })
      .startTest();
    // At once: the tax id kept for it is gone, the receipt says withdrawn, and the gate asks again.
    expect(await b.sensitiveStore.get(b.subject, INVOICE.id)).toBeUndefined();
    expect(await sensitiveKeys(b)).toEqual([]);
    const states = (await b.consentStore.list(b.subject)).map((r) => `${r.purposeId}:${r.state}`).sort();
    expect(states).toEqual([`${INVOICE.id}:withdrawn`, `${QUOTE.id}:refused`]);
    const withdrawn = (await b.consentStore.list(b.subject)).find((r) => r.purposeId === INVOICE.id)!;
    expect(withdrawn.history.map((h) => `${h.state}/${h.collectionMethod}`)).toEqual([
      'given/text',
      'withdrawn/privacy_menu',
    ]);
    expect(eventsNamed(b.events, 'consent.withdrawn')).toEqual([`consent.withdrawn:${INVOICE.id}`]);
    await b.adapter
      .send('invoice')
      .assertReply((r) => expect(r.text).toContain('needs your consent'))
      .startTest();
  });

  it('changes nothing when the person keeps their consents (es)', async () => {
    const b = bot('es-ES');
    await giveAndRefuse(b, 'sí', 'no');
    await b.adapter
      .send('PRIVACY_CONSENTS')
      .assertReply((r) => {
        expect(r.text).toMatch(/^Tus consentimientos:\n1\. .* — dado el /);
        expect(buttons(r)).toEqual(['Retirar 1', 'Mantenerlos']);
      })
      .send('cancelar')
      .assertReply('No se ha cambiado nada.')
      .startTest();
    expect(await b.sensitiveStore.get(b.subject, INVOICE.id)).toBe('12345678Z');
  });

  it('says so when there is nothing to list, or nothing to withdraw (sv)', async () => {
    const b = bot('sv-SE');
    await b.adapter
      .send('PRIVACY_CONSENTS')
      .assertReply('Du har inte gett eller nekat något samtycke.')
      .send('quote')
      .assertReply((r) => expect(buttons(r)).toEqual(['Ja, jag godkänner', 'Nej tack']))
      .send('nej')
      .assertReply((r) => expect(r.text).toContain('Inga problem'))
      .assertReply((r) => expect(resultOf(r).status).toBe('declined'))
      .send('PRIVACY_CONSENTS')
      .assertReply((r) => {
        expect(r.text).toMatch(/— nekat /);
        expect(r.text).toContain('Det finns inget samtycke att återkalla.');
        expect(buttons(r)).toEqual([]);
      })
      .startTest();
  });
});

describe('withdrawal while the tax id question waits', () => {
  it('takes effect at once: the answer that follows is not used', async () => {
    const b = createConsentTestBot({ channelId: 'webchat' });
    bots.push(b);
    await b.adapter
      .send('invoice')
      .assertReply((r) => expect(buttons(r)).toHaveLength(2))
      .send('PRIVACY_CONSENT_YES')
      .assertReply((r) => expect(r.text).toContain('Please write your tax id'))
      .send('PRIVACY_CONSENTS')
      .assertReply((r) => expect(buttons(r)).toEqual(['Withdraw 1', 'Keep them']))
      .send('PRIVACY_WITHDRAW_1') // a web chat button sends its payload as text
      .assertReply((r) => expect(r.text).toContain('consent withdrawn'))
      .send('12345678Z')
      .assertReply('OK, we will carry on without your tax id.')
      .assertReply((r) => expect(resultOf(r)).toEqual({ status: 'declined', purposeId: INVOICE.id }))
      .startTest();
    expect(b.tins).toEqual([]);
    expect(await b.sensitiveStore.get(b.subject, INVOICE.id)).toBeUndefined();
    expect(b.seen).toContain('[hidden answer]');
  });
});

describe('My data', () => {
  it('shows the consent receipts and, masked, which sensitive values are kept', async () => {
    const b = bot();
    await giveAndRefuse(b);
    await b.adapter.send('PRIVACY_EXPORT').startTest();
    const replies = b.adapter.activeQueue.splice(0);
    expect(replies[0].text).toContain('This is everything Home Services holds about you');
    const file = replies.find((r) => r.attachments?.length)?.attachments?.[0];
    const json = Buffer.from(String(file?.contentUrl).split(',')[1], 'base64').toString('utf8');
    const sections = (JSON.parse(json) as { sections: Array<{ kind: string; label: string; data: any }> })
      .sections;
    const consents = sections.filter((s) => s.kind === 'consent');
    expect(consents.map((s) => `${s.data.purposeId}:${s.data.state}`).sort()).toEqual([
      `${INVOICE.id}:given`,
      `${QUOTE.id}:refused`,
    ]);
    expect(consents[0].data.notice).toContain('needs your consent');
    const sensitive = sections.filter((s) => s.kind === 'sensitive');
    expect(sensitive).toEqual([
      {
        kind: 'sensitive',
        label: `sensitive/${INVOICE.id}`,
        data: { purpose: INVOICE.id, stored: true, expires: expect.any(String) },
      },
    ]);
    const days = (Date.parse(sensitive[0].data.expires) - Date.now()) / (24 * 3600_000);
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    expect(json).not.toContain('12345678Z');
  });
});
