import { snapshot } from '../support/redis';
import { createConsentTestBot, INVOICE, QUOTE, resultOf, type ConsentTestBot } from './consent-test-bot';
import { startFakeBrandApi, type FakeBrandApi } from './fake-brand-api';

let bots: ConsentTestBot[] = [];
let api: FakeBrandApi;
beforeEach(async () => {
  api = await startFakeBrandApi();
});
afterEach(async () => {
  await Promise.all(bots.map((b) => b.close()));
  bots = [];
  await api.close();
});

/** A bot whose onTin hands the tax id to the brand's (fake) customer API. */
function bot(locale = 'en-US'): ConsentTestBot {
  const b = createConsentTestBot({
    locale,
    consent: {
      tin: {
        purposeId: INVOICE.id,
        onTin: (_context, tin) =>
          api.post('/customers/tax-id', { purpose: tin.purposeId, value: tin.value, kind: tin.kind }),
      },
    },
  });
  bots.push(b);
  return b;
}

async function everythingStored(b: ConsentTestBot): Promise<string> {
  await b.transcripts.flush();
  return [...(await snapshot(b.redis, b.prefix))].map(([key, value]) => `${key} ${value}`).join('\n');
}

const COUNTRIES = [
  {
    country: 'ES',
    invalid: '12345678A',
    retry: 'That tax id is not valid: please check the digits and the letter.',
    valid: '12345678-z',
    normalized: '12345678Z',
    kind: 'es_dni',
    holder: 'person',
  },
  {
    country: 'SE',
    invalid: '811228-9875',
    retry: 'That tax id is not valid: please check the digits and the letter.',
    valid: '8112289874',
    normalized: '811228-9874',
    kind: 'se_personnummer',
    holder: 'person',
  },
  {
    country: 'US',
    invalid: '000-12-3456',
    retry: 'That does not look like a tax id.',
    valid: '04-2103594',
    normalized: '042103594',
    kind: 'us_ein',
    holder: 'organization',
  },
];

describe.each(COUNTRIES)('tax id of $country', (c) => {
  it('re-prompts an invalid one with the reason, then hands the valid one on without keeping it', async () => {
    const b = bot();
    await b.adapter
      .send('quote')
      .assertReply((r) => expect(r.text).toContain('to check the quote with the tax office'))
      .send('yes')
      .assertReply((r) =>
        expect(r.text).toContain('Please write your tax id (Spanish DNI, NIE or NIF; Swedish'),
      )
      .send(c.invalid)
      .assertReply((r) => {
        expect(r.text).toMatch(new RegExp(`^${c.retry.replace(/[.:]/g, '\\$&')}`));
        expect(r.text).toContain('Please write your tax id');
      })
      .send(c.valid)
      .assertReply('Thank you, your tax id is valid. We passed it on and did not keep it.')
      .assertReply((r) =>
        expect(resultOf(r)).toEqual({
          status: 'granted',
          purposeId: QUOTE.id,
          country: c.country,
          kind: c.kind,
          holder: c.holder,
          stored: false,
        }),
      )
      .startTest();
    expect(api.bodies).toEqual([{ purpose: QUOTE.id, value: c.normalized, kind: c.kind }]);
    // The bot's own logic and every store saw a mask, never the number.
    expect(b.seen).toEqual(['quote', 'yes', '[hidden answer]', '[hidden answer]']);
    const stored = await everythingStored(b);
    expect(stored).toContain('[hidden answer]'); // the transcript is there, masked
    for (const secret of [c.invalid, c.valid, c.normalized]) expect(stored).not.toContain(secret);
    expect(stored).not.toContain(':sensitive:');
  });
});

describe('tax id dialog', () => {
  it('keeps the tax id encrypted, for the retention its purpose declares', async () => {
    const b = bot('es-ES');
    await b.adapter
      .send('invoice')
      .assertReply((r) => expect(r.text).toContain('Cuánto tiempo lo guardamos: 30 días'))
      .send('sí')
      .assertReply((r) => expect(r.text).toContain('Escribe tu identificador fiscal'))
      .send('X1234567L')
      .assertReply('Gracias, tu identificador fiscal es válido. Lo guardamos cifrado (30 días).')
      .assertReply((r) =>
        expect(resultOf(r)).toMatchObject({ status: 'granted', kind: 'es_nie', stored: true }),
      )
      .startTest();
    expect(await b.sensitiveStore.get(b.subject, INVOICE.id)).toBe('X1234567L');
    const stored = await everythingStored(b);
    expect(stored).not.toContain('X1234567L');
    const key = [...(await snapshot(b.redis, b.prefix)).keys()].find((k) =>
      k.endsWith(`:sensitive:${INVOICE.id}`),
    );
    const ttl = await b.redis.pttl(key!);
    expect(ttl).toBeGreaterThan(29.9 * 24 * 3600_000);
    expect(ttl).toBeLessThanOrEqual(30 * 24 * 3600_000);
  });

  it('gives up after three invalid answers and carries on without it', async () => {
    const b = bot('sv-SE');
    await b.adapter
      .send('quote')
      .assertReply((r) => expect(r.text).toContain('Godkänner du det?'))
      .send('ja')
      .assertReply((r) => expect(r.text).toContain('Skriv ditt skatteregistreringsnummer'))
      .send('123')
      .assertReply((r) => expect(r.text).toMatch(/^Det ser inte ut som ett skatteregistreringsnummer\./))
      .send('811228-9875')
      .assertReply((r) => expect(r.text).toMatch(/^Numret är inte giltigt/))
      .send('abc')
      .assertReply('Vi kunde inte kontrollera numret, så vi fortsätter utan det. Du kan försöka igen senare.')
      .assertReply((r) => expect(resultOf(r)).toEqual({ status: 'invalid', purposeId: QUOTE.id }))
      .send('hej')
      .assertReply('Hello!')
      .startTest();
    expect(api.bodies).toEqual([]);
  });

  it('ends unavailable, keeping nothing, when the brand API fails', async () => {
    const b = bot();
    api.status = 500;
    await b.adapter
      .send('invoice')
      .assertReply((r) => expect(r.text).toContain('needs your consent'))
      .send('yes')
      .assertReply((r) => expect(r.text).toContain('Please write your tax id'))
      .send('536-90-4399')
      .assertReply(
        'Sorry, we could not process your tax id right now. It was not kept; please try again later.',
      )
      .assertReply((r) => expect(resultOf(r)).toEqual({ status: 'unavailable', purposeId: INVOICE.id }))
      .startTest();
    expect(await b.sensitiveStore.get(b.subject, INVOICE.id)).toBeUndefined();
    const stored = await everythingStored(b);
    expect(stored).not.toContain('536-90-4399');
    expect(stored).not.toContain('536904399');
    expect(stored).not.toContain(':sensitive:');
  });

  it('lets the person cancel the question', async () => {
    const b = bot();
    await b.adapter
      .send('quote')
      .assertReply((r) => expect(r.text).toContain('needs your consent'))
      .send('yes')
      .assertReply((r) => expect(r.text).toContain('Please write your tax id'))
      .send('Cancel')
      .assertReply('OK, we will carry on without your tax id.')
      .assertReply((r) => expect(resultOf(r)).toEqual({ status: 'declined', purposeId: QUOTE.id }))
      .startTest();
  });
});
