import type { Redis } from 'ioredis';
import { captureConsole, sayOnMessenger, serveExample } from './serve-example';
import { startFakeModel, type ModelRequest } from '../shield/fake-model-server';
import { snapshot, testRedis, testRedisUrl, uniquePrefix } from '../support/redis';

/** What the person writes: one of each kind of personal data, and an order number and a date that stay. */
const CARD = '4111 1111 1111 1111';
const IBAN = 'ES91 2100 0418 4502 0005 1332';
const TAX_ID = '12345678Z';
const EMAIL = 'ana.lopez@example.com';
const PHONE = '+34 612 34 56 78';
const MESSAGE = `Hi, I am ${TAX_ID}, mail ${EMAIL} or call ${PHONE}. Refund order 4471 of 2026-03-04 to ${IBAN}, not card ${CARD}`;

/** Every way a value could reach the model: as written, and without separators. */
function traces(value: string): string[] {
  return [value, value.replace(/[\s-]/g, '')];
}
const VALUES = [CARD, IBAN, TAX_ID, EMAIL, PHONE];

describe('the example with MODEL_URL', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = testRedis();
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('sends the model placeholders only, and shows the answer with the values put back', async () => {
    const model = await startFakeModel();
    const prefix = uniquePrefix('model');
    const bot = await serveExample({
      redisUrl: testRedisUrl(),
      redisPrefix: prefix,
      modelUrl: model.url,
      modelApiKey: 'sk-test',
      modelName: 'test-model',
    });
    try {
      const user = 'psid-model-1';
      const replies = await sayOnMessenger(bot.url, MESSAGE, user);
      // The model was asked once, as an OpenAI-compatible API, with the person's text as the last user message.
      expect(model.requests).toHaveLength(1);
      const [request] = model.requests;
      expect(request).toMatchObject({ method: 'POST', path: '/v1/chat/completions' });
      expect(request.headers.authorization).toBe('Bearer sk-test');
      const sent = JSON.parse(request.body) as {
        model: string;
        messages: Array<{ role: string; content: string }>;
      };
      expect(sent.model).toBe('test-model');
      expect(sent.messages.at(-1)).toEqual({
        role: 'user',
        content:
          'Hi, I am [TAX_ID_1], mail [EMAIL_1] or call [PHONE_1]. Refund order 4471 of 2026-03-04 to [IBAN_1], not card [CARD_1]',
      });
      // No value of the person reached it, in any writing.
      for (const value of VALUES)
        for (const trace of traces(value)) expect(request.body).not.toContain(trace);
      // The answer shown has the values back: e-mail and phone as written; card, IBAN and tax id as the
      // layer shows them in any reply (masked, so the transcript never holds them), never as placeholders.
      const answer = replies.find((reply) => reply.startsWith('Answer: '));
      expect(answer).toBe(
        `Answer: Hi, I am [tax id], mail ${EMAIL} or call ${PHONE}. Refund order 4471 of 2026-03-04 to [IBAN ••••1332], not card [card ••••1111] [CARD_9]`,
      );
      // A second message: the same values keep their placeholders.
      await sayOnMessenger(bot.url, `Again: ${EMAIL}, ${CARD.replace(/ /g, '')} and new@example.com`, user);
      expect(JSON.parse(model.requests[1].body).messages.at(-1).content).toBe(
        'Again: [EMAIL_1], [CARD_1] and [EMAIL_2]',
      );
      // The mapping is in the person's conversation state, sealed: no value in plain text. Nothing in Redis
      // holds the card, IBAN or tax id (e-mail and phone are in the history, which the layer keeps as written).
      const stored = [...(await snapshot(redis, prefix)).values()];
      const shieldState = stored.filter((value) => value.includes('privacyShield'));
      expect(shieldState).toHaveLength(1);
      expect(shieldState[0]).toContain(
        '"issued":["TAX_ID_1","EMAIL_1","PHONE_1","IBAN_1","CARD_1","EMAIL_2"]',
      );
      for (const value of VALUES)
        for (const trace of traces(value)) expect(shieldState[0]).not.toContain(trace);
      for (const value of [CARD, IBAN, TAX_ID])
        for (const trace of traces(value)) expect(stored.join('\n')).not.toContain(trace);
    } finally {
      await bot.close();
      await model.close();
    }
  });

  it('tells the person politely when the model fails, and goes on serving', async () => {
    let failing = true;
    const model = await startFakeModel((request: ModelRequest) =>
      failing ? { status: 500, body: { error: { message: 'internal' } } } : echo(request),
    );
    const bot = await serveExample({ modelUrl: model.url });
    try {
      const { result: replies, lines } = await captureConsole(() =>
        sayOnMessenger(bot.url, `What are your hours? My mail is ${EMAIL}`, 'psid-model-2'),
      );
      expect(replies).toContain('Sorry, I cannot answer that right now. Write book, invoice or pay.');
      expect(lines.join('\n')).toContain('HTTP 500');
      expect(lines.join('\n')).not.toContain(EMAIL);
      failing = false;
      const next = await sayOnMessenger(bot.url, `And now? ${EMAIL}`, 'psid-model-2');
      expect(next).toContain(`Answer: And now? ${EMAIL} [CARD_9]`);
      // The Terms of use name who receives free text, and what of it.
      const terms = (await sayOnMessenger(bot.url, 'PRIVACY_TERMS', 'psid-model-2')).join('\n');
      expect(terms).toContain(new URL(model.url).host);
      expect(terms).toMatch(/placeholders/);
    } finally {
      await bot.close();
      await model.close();
    }
  });

  it('without MODEL_URL, answers free text as before and asks no model', async () => {
    const model = await startFakeModel();
    const bot = await serveExample({});
    try {
      expect(await sayOnMessenger(bot.url, 'what are your hours?', 'psid-model-3')).toEqual([
        'Just so you know: you are chatting with the automated assistant of Home Services, not a person.',
        'Hello Paula! Write book, invoice or pay.',
      ]);
      expect(model.requests).toEqual([]);
      const terms = (await sayOnMessenger(bot.url, 'PRIVACY_TERMS', 'psid-model-3')).join('\n');
      expect(terms).not.toContain(new URL(model.url).host);
    } finally {
      await bot.close();
      await model.close();
    }
  });
});

function echo(request: ModelRequest) {
  const messages = (JSON.parse(request.body) as { messages: Array<{ role: string; content: string }> })
    .messages;
  const content = `Answer: ${messages.at(-1)?.content ?? ''} [CARD_9]`;
  return { body: { choices: [{ message: { role: 'assistant', content } }] } };
}
