import express from 'express';
import {
  AutoSaveStateMiddleware,
  ConversationState,
  TestAdapter,
  UserState,
  type Activity,
} from 'botbuilder-core';
import type { Redis } from 'ioredis';
import { createPrivacy } from '../../src/botbuilder';
import { privacyCenterBackend } from '../../src/turn/privacy-center-backend';
import type { SubjectErasure } from '../../src/core/erasure';
import type { DataSubject } from '../../src/core/subject';
import { createSubjectScope, runInSubjectScope } from '../../src/core/subject-scope';
import { facebookDataDeletionRouter } from '../../src/messenger/data-deletion';
import { RedisDeletionStatusStore } from '../../src/messenger/redis-deletion-status-store';
import { createSignedRequest } from '../../src/messenger/signed-request';
import { FanOutMetricsRecorder } from '../../src/metrics/fan-out-recorder';
import { PrometheusMetricSink } from '../../src/metrics/prometheus-sink';
import { metricsRoute } from '../../src/server/metrics-route';
import type { RedisStorage } from '../../src/storage/redis-storage';
import { INVENTORY } from '../botbuilder/privacy-test-bot';
import { listen } from '../messenger/listen';
import { testStorage } from '../support/redis';

// Every erasure source (privacy menu, Bot Framework's deleteUserData, Meta's data-deletion callback,
// Privacy Center) is counted once, under its own source, as someone scraping /metrics sees it.

const SECRET = 'fb-app-secret';
const ASID = '10158765432109876';

let storage: RedisStorage;
let redis: Redis;
let server: { url: string; close(): Promise<void> } | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
  await redis?.quit();
});

/** The privacy layer on a real Redis, /metrics and the data-deletion callback served over HTTP. */
async function start(erasure?: SubjectErasure) {
  ({ storage, redis } = testStorage());
  const prometheus = new PrometheusMetricSink();
  const metrics = new FanOutMetricsRecorder({ sinks: [prometheus] });
  const userState = new UserState(storage);
  const conversationState = new ConversationState(storage);
  const privacy = createPrivacy({
    brand: { name: 'Home Services', policyUrl: 'https://example.com/privacy' },
    userState,
    conversationState,
    erasure: erasure ?? storage,
    inventory: INVENTORY,
    metrics,
  });
  const subjectsOfCallback: DataSubject[] = [];
  const app = express();
  app.get('/metrics', metricsRoute(prometheus.registry));
  app.use(
    facebookDataDeletionRouter({
      appSecret: SECRET,
      eraser: erasure ?? storage,
      metrics,
      resolver: { resolve: async () => subjectsOfCallback },
      statuses: new RedisDeletionStatusStore({ keyspace: storage.keyspace }),
      statusBaseUrl: 'https://bot.example.com',
    }),
  );
  server = await listen(app);
  return { privacy, userState, conversationState, subjectsOfCallback };
}

type Bot = Awaited<ReturnType<typeof start>>;

function adapterFor({ privacy, userState, conversationState }: Bot, userId: string): TestAdapter {
  const adapter = new TestAdapter(async (context) => void (await context.sendActivity('Hello!')), {
    channelId: 'facebook',
    locale: 'es-ES',
    from: { id: userId, name: '' },
    conversation: { id: `conv-${userId}`, isGroup: false, name: '', conversationType: 'personal' },
  } as Partial<Activity>);
  adapter.use(privacy.middleware);
  adapter.use(new AutoSaveStateMiddleware(userState, conversationState));
  return adapter;
}

const postback = (payload: string): Partial<Activity> => ({
  type: 'message',
  text: payload,
  channelData: { postback: { payload } },
});

async function chatAs(subject: DataSubject): Promise<void> {
  await runInSubjectScope(createSubjectScope(subject, { id: `conv-${subject.userId}` }), () =>
    storage.write({ [`facebook/users/${subject.userId}/`]: { seen: true } }),
  );
}

async function facebookCallback(): Promise<number> {
  const signed = createSignedRequest(
    { algorithm: 'HMAC-SHA256', user_id: ASID, issued_at: Math.floor(Date.now() / 1000) },
    SECRET,
  );
  const res = await fetch(`${server!.url}/privacy/facebook/data-deletion`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ signed_request: signed }).toString(),
  });
  await res.text();
  return res.status;
}

/** `bbp_events_total` of the erasure events, as `event source` -> count, read from /metrics. */
async function erasureCounts(): Promise<Record<string, number>> {
  const text = await (await fetch(`${server!.url}/metrics`)).text();
  const counts: Record<string, number> = {};
  for (const line of text.split('\n')) {
    if (!line.startsWith('bbp_events_total{')) continue;
    const event = /event="(erasure\.[a-z]+)"/.exec(line)?.[1];
    if (!event) continue;
    const source = /dimension="([^"]*)"/.exec(line)?.[1];
    counts[`${event} ${source}`] = Number(line.split(' ').pop());
  }
  return counts;
}

describe('erasure metrics', () => {
  it('count each source once: menu, deleteUserData, Facebook callback, Privacy Center', async () => {
    const bot = await start();
    const menuUser = { channelId: 'facebook', userId: 'menu-user-1' };
    const callbackUser = { channelId: 'facebook', userId: 'callback-user-1' };
    const centerUser = { channelId: 'facebook', userId: 'center-user-1' };

    await adapterFor(bot, menuUser.userId)
      .send(postback('PRIVACY_DELETE'))
      // The first reply on Messenger comes after the notice that the assistant is automated.
      .assertReply((reply) => expect(reply.text).toContain('asistente automático'))
      .assertReply(() => undefined)
      .send(postback('PRIVACY_DELETE_CONFIRM'))
      .assertReply((reply) => expect(reply.text).toMatch(/[A-Z2-9]{12}/))
      .startTest();
    await adapterFor(bot, 'bf-user-1')
      .send({ type: 'deleteUserData' } as Partial<Activity>)
      .startTest();
    await chatAs(callbackUser);
    bot.subjectsOfCallback.push(callbackUser);
    expect(await facebookCallback()).toBe(200);
    await chatAs(centerUser);
    const receipt = await privacyCenterBackend(bot.privacy).erase(centerUser);
    expect(receipt.verified).toBe(true);

    expect(await erasureCounts()).toEqual({
      'erasure.requested menu': 1,
      'erasure.completed menu': 1,
      'erasure.requested delete_user_data': 1,
      'erasure.completed delete_user_data': 1,
      'erasure.requested facebook_callback': 1,
      'erasure.completed facebook_callback': 1,
      'erasure.requested privacy_center': 1,
      'erasure.completed privacy_center': 1,
    });
    expect(await storage.keyspace.subjectKeys(callbackUser)).toEqual([]);
    expect(await storage.keyspace.subjectKeys(menuUser)).toEqual([]);
  });

  it('count an erasure that leaves something behind as failed, whatever its source', async () => {
    // A store whose re-check finds a key left: the erasure returns, but unverified.
    const leaky: SubjectErasure = {
      eraseSubject: async (subject) => ({ ...(await storage.eraseSubject(subject)), verified: false }),
    };
    const bot = await start(leaky);
    const callbackUser = { channelId: 'facebook', userId: 'callback-user-2' };

    await adapterFor(bot, 'menu-user-2')
      .send(postback('PRIVACY_DELETE'))
      // The first reply on Messenger comes after the notice that the assistant is automated.
      .assertReply((reply) => expect(reply.text).toContain('asistente automático'))
      .assertReply(() => undefined)
      .send(postback('PRIVACY_DELETE_CONFIRM'))
      .assertReply((reply) => expect(reply.text).toContain('no hemos podido borrar'))
      .startTest();
    bot.subjectsOfCallback.push(callbackUser);
    expect(await facebookCallback()).toBe(200);
    await privacyCenterBackend(bot.privacy).erase({ channelId: 'webchat', userId: 'center-2' });

    expect(await erasureCounts()).toEqual({
      'erasure.requested menu': 1,
      'erasure.failed menu': 1,
      'erasure.requested facebook_callback': 1,
      'erasure.failed facebook_callback': 1,
      'erasure.requested privacy_center': 1,
      'erasure.failed privacy_center': 1,
    });
  });
});
