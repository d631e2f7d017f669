import {
  AutoSaveStateMiddleware,
  ConversationState,
  TestAdapter,
  UserState,
  type TurnContext,
} from 'botbuilder-core';
import type { Redis } from 'ioredis';
import { RedisStorage } from '../../src/storage/redis-storage';
import { SubjectScopeMiddleware } from '../../src/turn/subject-scope-middleware';
import { MetricsMiddleware, recordFeature, recordTurnEvent } from '../../src/turn/metrics-middleware';
import { FanOutMetricsRecorder } from '../../src/metrics/fan-out-recorder';
import { MeteredErasure } from '../../src/core/metrics/metered-erasure';
import { RedisMetricCounters } from '../../src/metrics/redis-counters';
import { snapshot, testStorage } from '../support/redis';
import { findPersonalData, PERSONAL, TEST_LABELS } from './fixtures';

let redis: Redis;
let storage: RedisStorage;
let prefix: string;
let counters: RedisMetricCounters;
let recorder: FanOutMetricsRecorder;

beforeAll(async () => {
  ({ storage, redis, prefix } = testStorage());
  await redis.ping();
  counters = new RedisMetricCounters({ redis, prefix, flushIntervalMs: 60_000 });
  recorder = new FanOutMetricsRecorder({ declared: TEST_LABELS, sinks: [counters] });
});
afterAll(async () => {
  await counters.close();
  await redis.quit();
});

function botFor(user: { id: string; name: string }, conversationId: string): TestAdapter {
  const userState = new UserState(storage);
  const conversationState = new ConversationState(storage);
  const profile = userState.createProperty<{ name?: string; taxId?: string }>('profile');
  const turns = conversationState.createProperty<number>('turns');
  const logic = async (ctx: TurnContext) => {
    const text = ctx.activity.text ?? '';
    await profile.set(ctx, {
      name: ctx.activity.from.name,
      taxId: text.startsWith('NIF') ? text.slice(4) : undefined,
    });
    await turns.set(ctx, ((await turns.get(ctx, 0)) ?? 0) + 1);
    if (text === 'book') {
      recordFeature(recorder, ctx, 'started', 'book-appointment');
      recordFeature(recorder, ctx, 'completed', 'book-appointment');
    }
    if (text === 'CONSENT_YES') recordTurnEvent(recorder, ctx, 'consent.given', 'marketing');
    await ctx.sendActivity('ok');
  };
  return new TestAdapter(logic, {
    channelId: 'facebook',
    locale: 'es-ES',
    from: user,
    conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
  })
    .use(new SubjectScopeMiddleware())
    .use(new MetricsMiddleware(recorder))
    .use(new AutoSaveStateMiddleware(userState, conversationState));
}

async function converse(adapter: TestAdapter): Promise<void> {
  await adapter
    .send({ type: 'message', text: 'Privacy', channelData: { postback: { payload: 'PRIVACY_MENU' } } })
    .assertReply('ok')
    .send('CONSENT_YES')
    .assertReply('ok')
    .send('book')
    .assertReply('ok')
    .send(`NIF ${PERSONAL.tins[0]}`)
    .assertReply('ok')
    .send(`my card is ${PERSONAL.cards[0]}`)
    .assertReply('ok')
    .startTest();
}

async function counterHashes(): Promise<Record<string, Record<string, string>>> {
  const all: Record<string, Record<string, string>> = {};
  for (const key of [...(await snapshot(redis, prefix)).keys()].filter((k) => k.startsWith(`${prefix}:m:`))) {
    all[key] = await redis.hgetall(key);
  }
  return all;
}

describe('anonymous counters and erasure', () => {
  it('leave every counter a user contributed to unchanged when the user is erased, and count the erasure', async () => {
    const alice = { id: PERSONAL.userIds[0], name: PERSONAL.names[0] };
    const bob = { id: PERSONAL.userIds[1], name: PERSONAL.names[1] };
    await converse(botFor(alice, PERSONAL.conversationIds[0]));
    await converse(botFor(bob, 'conv-bob-1'));
    await counters.flush();
    const subject = { channelId: 'facebook', userId: alice.id };
    expect((await storage.keyspace.subjectKeys(subject)).length).toBeGreaterThan(0);
    const before = await counterHashes();
    const [counterKey] = Object.keys(before);
    expect(before[counterKey]['c|click|PRIVACY_MENU']).toBe('2');
    expect(before[counterKey]['c|feature.completed|book-appointment']).toBe('2');

    // No subject's index lists a counter key, so erasure cannot reach it.
    const everything = await snapshot(redis, prefix);
    for (const [key, value] of everything) {
      if (key.endsWith(':index')) expect(value).not.toContain(`${prefix}:m:`);
    }

    const erasure = new MeteredErasure(storage, recorder, 'menu');
    const receipt = await erasure.eraseSubject(subject);
    expect(receipt.keysRemoved).toBeGreaterThan(0);
    expect(await storage.keyspace.subjectKeys(subject)).toEqual([]);
    await counters.flush();

    const after = await counterHashes();
    expect(Object.keys(after)).toEqual(Object.keys(before));
    const expected = { ...before[counterKey] };
    expected['c|erasure.requested|menu'] = '1';
    expected['c|erasure.completed|menu'] = '1';
    expect(after[counterKey]).toEqual(expected);

    // and nothing in the counters names anyone
    expect(findPersonalData(JSON.stringify(after))).toEqual([]);
  });
});
