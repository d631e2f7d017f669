import fc from 'fast-check';
import { snapshot, testRedis, testRedisUrl, uniquePrefix } from '../support/redis';
import { captureConsole, postRaw, serveExample } from './serve-example';

// Malformed activities against the example bot over real HTTP and a real Redis: a 400 naming the field
// before any turn runs, nothing stored, nothing logged as a crash; and a fuzz that never gets a 5xx.

const valid = {
  type: 'message',
  text: 'hola',
  channelId: 'webchat',
  from: { id: 'u-malformed', name: 'Ana' },
  recipient: { id: 'bot' },
  conversation: { id: 'c-malformed' },
  serviceUrl: 'http://127.0.0.1:1',
  deliveryMode: 'expectReplies',
  locale: 'es-ES',
};

function omit(field: 'from' | 'conversation' | 'channelId' | 'type' | 'recipient'): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...valid };
  delete copy[field];
  return copy;
}

describe('the example bot and malformed activities', () => {
  const prefix = uniquePrefix('malformed');
  const redis = testRedis();
  let server: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    server = await serveExample({ redisUrl: testRedisUrl(), redisPrefix: prefix });
  });
  afterAll(async () => {
    await server.close();
    await redis.quit();
  });

  it.each([
    ['from', omit('from')],
    ['from.id', { ...valid, from: { name: 'Ana' } }],
    ['conversation', omit('conversation')],
    ['conversation.id', { ...valid, conversation: {} }],
    ['channelId', omit('channelId')],
    ['type', omit('type')],
    ['recipient', omit('recipient')],
    ['serviceUrl', { ...valid, deliveryMode: undefined, serviceUrl: undefined }],
    ['from.id', { ...valid, from: { id: 42 } }],
    ['timestamp', { ...valid, timestamp: 'not a date' }],
  ])('answers 400 naming %s, runs no turn, stores and logs nothing', async (field, body) => {
    const before = await snapshot(redis, prefix);
    const { result, lines } = await captureConsole(() => postRaw(server.url, body));
    expect(result.status).toBe(400);
    expect(result.json).toEqual({ error: expect.stringContaining(`"${field}"`), field });
    expect(result.json.activities).toBeUndefined(); // no "Sorry, something went wrong" turn
    expect(lines).toEqual([]);
    expect(await snapshot(redis, prefix)).toEqual(before);
  });

  it('still runs well-formed turns', async () => {
    const reply = await postRaw(server.url, valid);
    expect(reply.status).toBe(200);
    expect(JSON.stringify(reply.json)).not.toContain('something went wrong');
  });

  it('fuzz: random and broken activities get 2xx or 4xx, never 5xx, and the server stays up', async () => {
    const scalar = fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.double(),
      fc.string(),
      fc.string({ minLength: 5_000, maxLength: 20_000 }),
      fc.constantFrom('', ' ', '\u0000', 'expectReplies', 'message', 'facebook', '{}', '__proto__'),
    );
    const anything = fc.oneof(scalar, fc.jsonValue({ maxDepth: 3 }), fc.dictionary(fc.string(), scalar));
    // Start from a valid activity and break some of its fields, or send arbitrary JSON.
    const broken = fc
      .record(
        Object.fromEntries(
          [
            ...Object.keys(valid),
            'value',
            'channelData',
            'attachments',
            'membersAdded',
            'timestamp',
            'entities',
          ].map((key) => [key, fc.option(anything, { nil: undefined, freq: 2 })]),
        ),
        { requiredKeys: [] },
      )
      .map((changes) => {
        const body: Record<string, unknown> = { ...valid };
        for (const [key, value] of Object.entries(changes)) {
          if (value === undefined) delete body[key];
          else body[key] = value;
        }
        return body;
      });
    const bodies = fc.oneof(
      { weight: 4, arbitrary: broken },
      { weight: 1, arbitrary: fc.jsonValue() },
      { weight: 1, arbitrary: fc.string().map((s) => `{"type":${s}`) },
    );
    const { lines } = await captureConsole(() =>
      fc.assert(
        fc.asyncProperty(bodies, async (body) => {
          const { status } = await postRaw(server.url, body);
          return status >= 200 && status < 500;
        }),
        { numRuns: 300, seed: Number(process.env.FUZZ_SEED ?? 20261129) },
      ),
    );
    expect(lines.filter((line) => /HTTP 500|Turn failed|TypeError/.test(line))).toEqual([]);
    expect((await postRaw(server.url, valid)).status).toBe(200);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  }, 60_000);
});
