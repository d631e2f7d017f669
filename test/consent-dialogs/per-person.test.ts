import { snapshot } from '../support/redis';
import { createConsentTestBot, INVOICE, resultOf, type ConsentTestBot } from './consent-test-bot';

let bots: ConsentTestBot[] = [];
afterEach(async () => {
  jest.restoreAllMocks();
  await Promise.all(bots.map((b) => b.close()));
  bots = [];
});

async function everythingStored(b: ConsentTestBot): Promise<string> {
  await b.transcripts.flush();
  return [...(await snapshot(b.redis, b.prefix))].map(([key, value]) => `${key} ${value}`).join('\n');
}

/** Two people in one group conversation with the test bot. */
function groupBot(): { b: ConsentTestBot; as: (user: 'ana' | 'bo') => void } {
  const b = createConsentTestBot({ channelId: 'webchat' });
  bots.push(b);
  const members = { ana: { id: `ana-${b.user.id}`, name: '' }, bo: { id: `bo-${b.user.id}`, name: '' } };
  const group = { id: `group-${b.user.id}`, isGroup: true, conversationType: 'group', name: '' };
  const as = (user: 'ana' | 'bo') => {
    // The test adapter merges its template over every activity: switch the sender there.
    Object.assign(b.adapter.template, { from: members[user], conversation: group });
  };
  return { b, as };
}

const NOTICE = 'Your tax id, to put it on your invoices.';
const ASK = 'Please write your tax id';

describe('in a group conversation', () => {
  it("one member's no does not silence the question for the others", async () => {
    const { b, as } = groupBot();
    as('ana');
    await b.adapter
      .send(`gate ${INVOICE.id}`)
      .assertReply((r) => expect(r.text).toContain(NOTICE))
      .send('no')
      .assertReply((r) => expect(r.text).toContain('carry on'))
      .assertReply((r) => expect(resultOf(r)).toEqual({ status: 'declined', purposeId: INVOICE.id }))
      .startTest();
    as('bo');
    await b.adapter
      .send(`gate ${INVOICE.id}`)
      .assertReply((r) => expect(r.text).toContain(NOTICE))
      .send('yes')
      .assertReply((r) => expect(resultOf(r)).toEqual({ status: 'granted', purposeId: INVOICE.id }))
      .startTest();
    // Ana's no still holds for Ana in this conversation.
    as('ana');
    await b.adapter
      .send(`gate ${INVOICE.id}`)
      .assertReply((r) => expect(resultOf(r)).toEqual({ status: 'declined', purposeId: INVOICE.id }))
      .startTest();
  });

  it("a question waiting for one member's tax id neither hides nor takes another member's messages", async () => {
    const { b, as } = groupBot();
    as('ana');
    await b.adapter
      .send('invoice')
      .assertReply((r) => expect(r.text).toContain(NOTICE))
      .send('yes')
      .assertReply((r) => expect(r.text).toContain(ASK))
      .startTest();
    as('bo');
    await b.adapter
      .send('we are in room 12, door code 4711')
      .send('my DNI is 12345678Z')
      .assertReply((r) => expect(r.text).toContain('did not keep the tax id'))
      .startTest();
    expect(b.tins).toEqual([]); // Bo's tax id is not taken as Ana's answer
    as('ana');
    await b.adapter
      .send('87654321X')
      .assertReply((r) => expect(r.text).toContain('your tax id is valid'))
      .assertReply((r) => expect(resultOf(r)).toMatchObject({ status: 'granted', kind: 'es_dni' }))
      .startTest();
    expect(b.tins.map((t) => t.value)).toEqual(['87654321X']);
    const stored = await everythingStored(b);
    expect(stored).toContain('we are in room 12, door code 4711'); // Bo's message, not hidden as an answer
    expect(stored).toContain('my DNI is [tax id]');
    expect(stored).toContain('[hidden answer]'); // Ana's answer
    expect(stored).not.toContain('12345678Z');
    expect(stored).not.toContain('87654321X');
  });
});

describe('a sensitive question', () => {
  it('hides its answer from the history however late it comes', async () => {
    const b = createConsentTestBot({ channelId: 'webchat' });
    bots.push(b);
    await b.adapter
      .send('invoice')
      .assertReply((r) => expect(r.text).toContain(NOTICE))
      .send('yes')
      .assertReply((r) => expect(r.text).toContain(ASK))
      .startTest();
    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(now + 6 * 3600_000); // six hours later
    await b.adapter
      .send('12345678A') // a typo: no valid tax id, so only the waiting question can hide it
      .assertReply((r) => expect(r.text).toContain('not valid'))
      .send('12 345 678 Z')
      .assertReply((r) => expect(r.text).toContain('your tax id is valid'))
      .assertReply((r) => expect(resultOf(r)).toMatchObject({ status: 'granted', kind: 'es_dni' }))
      .startTest();
    expect(b.seen.slice(-2)).toEqual(['[hidden answer]', '[hidden answer]']);
    const stored = await everythingStored(b);
    expect(stored).not.toContain('12345678A');
    expect(stored).not.toMatch(/12 ?345 ?678 ?Z/);
    expect(stored).not.toContain('did not keep');
  });

  it('stops hiding messages once its dialog is gone', async () => {
    const b = createConsentTestBot({ channelId: 'webchat' });
    bots.push(b);
    await b.adapter
      .send('invoice')
      .assertReply((r) => expect(r.text).toContain(NOTICE))
      .send('yes')
      .assertReply((r) => expect(r.text).toContain(ASK))
      .startTest();
    // The bot loses its dialog state (e.g. it resets conversations): nothing reads the next answer.
    const keys = [...(await snapshot(b.redis, b.prefix)).keys()];
    const dialogKeys: string[] = [];
    for (const key of keys) {
      const value = await b.redis.get(key).catch(() => null);
      if (value?.includes('"DialogState"')) dialogKeys.push(key);
    }
    expect(dialogKeys.length).toBeGreaterThan(0);
    await b.redis.del(...dialogKeys);
    await b.adapter
      .send('flat 2, 3rd floor, 1000 kr')
      .assertReply('Hello!')
      .send('echo order 2024 and 3 rooms')
      .assertReply('You said: order 2024 and 3 rooms')
      .startTest();
    expect(b.seen.slice(-2)).toEqual(['[hidden answer]', 'echo order 2024 and 3 rooms']);
  });
});
