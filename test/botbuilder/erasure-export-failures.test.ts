import type { Activity } from 'botbuilder-core';
import { createPrivacy } from '../../src/botbuilder';
import { ConfigurationError } from '../../src/core/errors';
import type { MetricEvent } from '../../src/core/metrics/metric-event';
import { OperationFailedError, type PrivacyErrorInfo } from '../../src/core/operation-error';
import type { DataSubject } from '../../src/core/subject';
import { createRedisClient } from '../../src/storage/redis-client';
import { RedisStorage } from '../../src/storage/redis-storage';
import { uniquePrefix } from '../support/redis';
import { createTestBot, INVENTORY, type TestBot } from './privacy-test-bot';

/** A store on a Redis that is not there (a closed port): every call fails fast. */
function deadStore(): RedisStorage {
  const redis = createRedisClient('redis://127.0.0.1:1', 300, {
    lazyConnect: true,
    retryStrategy: () => null,
  });
  dead.push(redis);
  return new RedisStorage({ redis, prefix: uniquePrefix('dead'), subjectSecret: 'test-secret' });
}
const dead: Array<{ disconnect(): void }> = [];

/** An erasure or export source that fails with the person's id in its message, as some libraries do. */
const leakyFailure = {
  eraseSubject: async (subject: DataSubject): Promise<never> => {
    throw new Error(`ERR script failed for user ${subject.userId}`);
  },
  exportSubject: async (subject: DataSubject): Promise<never> => {
    throw new Error(`ECONNRESET while reading ${subject.channelId}/users/${subject.userId}`);
  },
};

let bots: TestBot[] = [];
afterEach(async () => {
  await Promise.all(bots.map((b) => b.close()));
  bots = [];
  for (const redis of dead.splice(0)) redis.disconnect();
});

function failingBot(
  failure: 'erasure' | 'export',
  locale = 'en-US',
  source: 'dead' | 'leaky' = 'dead',
): {
  b: TestBot;
  events: MetricEvent[];
  errors: Array<[Error, PrivacyErrorInfo]>;
} {
  const events: MetricEvent[] = [];
  const errors: Array<[Error, PrivacyErrorInfo]> = [];
  const broken = source === 'dead' ? deadStore() : leakyFailure;
  const b = createTestBot({
    locale,
    privacy: {
      metrics: { record: (event) => void events.push(event) },
      onError: (error, info) => void errors.push([error, info]),
      ...(failure === 'erasure'
        ? { erasure: [broken] }
        : { dataSources: [{ exportSubject: (s) => broken.exportSubject(s) }] }),
    },
  });
  bots.push(b);
  return { b, events, errors };
}

const named = (events: MetricEvent[], prefix: string) =>
  events.filter((e) => e.name.startsWith(prefix)).map((e) => `${e.name}:${e.dimension ?? ''}`);

const postback = (payload: string): Partial<Activity> => ({
  type: 'message',
  text: payload,
  channelData: { postback: { payload } },
});

describe('a failed erasure in the privacy menu', () => {
  it.each([
    ['en-US', 'Sorry, deleting your data failed, so it may not all be deleted yet. Please try again'],
    ['es-ES', 'Lo sentimos, no hemos podido borrar tus datos'],
    ['sv-SE', 'Tyvärr gick det inte att radera dina uppgifter'],
  ])('is told plainly (%s), counted as erasure.failed and reported without ids', async (locale, told) => {
    const { b, events, errors } = failingBot('erasure', locale);
    await b.adapter
      .send(postback('PRIVACY_DELETE'))
      .assertReply(() => undefined) // the explanation and the confirm buttons
      .send(postback('PRIVACY_DELETE_CONFIRM'))
      .assertReply((r) => expect(r.text).toContain(told))
      .startTest();
    expect(named(events, 'erasure.')).toEqual(['erasure.requested:menu', 'erasure.failed:menu']);
    expect(errors).toHaveLength(1);
    const [error, info] = errors[0];
    expect(info).toEqual({ operation: 'erasure', source: 'menu', channel: 'facebook' });
    expect(error.name).toBe('StorageUnavailableError');
  });

  it('hands the hook an error without the id a store put in its message', async () => {
    const { b, errors } = failingBot('erasure', 'en-US', 'leaky');
    await b.adapter
      .send(postback('PRIVACY_DELETE'))
      .assertReply(() => undefined)
      .send(postback('PRIVACY_DELETE_CONFIRM'))
      .assertReply((r) => expect(r.text).toContain('try again'))
      .startTest();
    const [error] = errors[0];
    expect(error).toBeInstanceOf(OperationFailedError);
    const everything = `${error.message} ${error.stack} ${JSON.stringify(error)} ${JSON.stringify(errors)}`;
    expect(everything).not.toContain(b.user.id);
    expect(error.message).toBe('The erasure failed (Error).');
  });
});

describe('an erasure whose re-check finds something left', () => {
  it('is not announced as done: the person is asked to try again, and it counts as failed', async () => {
    const events: MetricEvent[] = [];
    const errors: Array<[Error, PrivacyErrorInfo]> = [];
    const unverified = {
      eraseSubject: async () => ({
        confirmationCode: 'ABCDEFGHJKLM',
        subjectDigest: 'digest',
        erasedAt: new Date().toISOString(),
        keysRemoved: 3,
        verified: false,
        durable: true,
      }),
    };
    const b = createTestBot({
      privacy: {
        metrics: { record: (event) => void events.push(event) },
        onError: (error, info) => void errors.push([error, info]),
        erasure: [unverified],
      },
    });
    bots.push(b);
    await b.adapter
      .send(postback('PRIVACY_DELETE'))
      .assertReply(() => undefined)
      .send(postback('PRIVACY_DELETE_CONFIRM'))
      .assertReply((r) => {
        expect(r.text).toContain('try again');
        expect(r.text).not.toContain('ABCDEFGHJKLM');
      })
      .startTest();
    expect(named(events, 'erasure.')).toEqual(['erasure.requested:menu', 'erasure.failed:menu']);
    expect(errors.map(([, info]) => info.operation)).toEqual(['erasure']);
  });
});

describe('a failed export in the privacy menu', () => {
  it.each([
    ['en-US', 'Sorry, we could not read your data right now. Please try again'],
    ['es-ES', 'Lo sentimos, ahora no podemos leer tus datos. Inténtalo de nuevo'],
    ['sv-SE', 'Tyvärr kan vi inte läsa dina uppgifter just nu. Försök igen'],
  ])('is told plainly (%s), counted as export.failed and reported', async (locale, told) => {
    const { b, events, errors } = failingBot('export', locale, 'leaky');
    await b.adapter
      .send(postback('PRIVACY_EXPORT'))
      .assertReply((r) => expect(r.text).toContain(told))
      .startTest();
    expect(named(events, 'export.')).toEqual(['export.failed:menu']);
    expect(errors.map(([error, info]) => [error.message, info])).toEqual([
      ['The export failed (Error).', { operation: 'export', source: 'menu', channel: 'facebook' }],
    ]);
  });

  it('fails the same way when the store is down', async () => {
    const { b, events, errors } = failingBot('export', 'en-US', 'dead');
    await b.adapter
      .send(postback('PRIVACY_EXPORT'))
      .assertReply((r) => expect(r.text).toContain('Please try again'))
      .startTest();
    expect(named(events, 'export.')).toEqual(['export.failed:menu']);
    expect(errors[0][0].name).toBe('StorageUnavailableError');
  });
});

describe('deleteUserData', () => {
  it('records its source on the erasure events', async () => {
    const events: MetricEvent[] = [];
    const b = createTestBot({ privacy: { metrics: { record: (event) => void events.push(event) } } });
    bots.push(b);
    await b.adapter.send({ type: 'deleteUserData' } as Partial<Activity>).startTest();
    expect(named(events, 'erasure.')).toEqual([
      'erasure.requested:delete_user_data',
      'erasure.completed:delete_user_data',
    ]);
  });

  it('that fails is counted, reported and answered plainly instead of crashing the turn', async () => {
    const { b, events, errors } = failingBot('erasure', 'es-ES');
    await b.adapter
      .send({ type: 'deleteUserData' } as Partial<Activity>)
      .assertReply((r) => expect(r.text).toContain('Lo sentimos, no hemos podido borrar tus datos'))
      .startTest();
    expect(named(events, 'erasure.')).toEqual([
      'erasure.requested:delete_user_data',
      'erasure.failed:delete_user_data',
    ]);
    expect(errors.map(([, info]) => info)).toEqual([
      { operation: 'erasure', source: 'delete_user_data', channel: 'facebook' },
    ]);
  });
});

describe('onError', () => {
  it('may throw without breaking the turn', async () => {
    const b = createTestBot({
      privacy: {
        erasure: [leakyFailure],
        onError: () => {
          throw new Error('logger down');
        },
      },
    });
    bots.push(b);
    await b.adapter
      .send(postback('PRIVACY_DELETE'))
      .assertReply(() => undefined)
      .send(postback('PRIVACY_DELETE_CONFIRM'))
      .assertReply((r) => expect(r.text).toContain('try again'))
      .startTest();
  });

  it('must be a function', () => {
    const b = createTestBot();
    bots.push(b);
    expect(() =>
      createPrivacy({
        brand: { name: 'Home Services', policyUrl: 'https://example.com/privacy' },
        userState: {} as never,
        conversationState: { storage: {} } as never,
        erasure: b.storage,
        inventory: INVENTORY,
        onError: 'log' as never,
      }),
    ).toThrow(ConfigurationError);
  });
});
