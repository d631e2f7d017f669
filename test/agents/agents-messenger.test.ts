import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { SubjectDigester } from '../../src/core/subject';
import { createSignedRequest } from '../../src/messenger/signed-request';
import { idMatchingHandler, startFakeGraph, type FakeGraph } from '../messenger/fake-graph';
import { snapshot, testRedis, testRedisUrl, uniquePrefix } from '../support/redis';
import { startAgent, type RunningAgent } from './agent-process';

// Messenger on the Agents SDK example, end to end: the agent as its own process on real Redis, a fake
// Graph API over real HTTP (ID matching, credentials checked), and Meta's data-deletion callback.

const APP_ID = '900000000000077';
const APP_SECRET = 'agents-e2e-app-secret';
const PAGE_TOKEN = 'agents-e2e-page-token';
const PSID = '7005555666677778';
const ASID = '10158765432100005';
const SUBJECT_SECRET = `agents-messenger-${randomBytes(6).toString('hex')}`;
const PREFIX = uniquePrefix('agentsfb');
const tag = `{${new SubjectDigester(SUBJECT_SECRET).digest({ channelId: 'facebook', userId: PSID })}}`;

async function say(url: string, text: string): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      text,
      channelId: 'facebook',
      from: { id: PSID, name: 'Paula Prueba' },
      recipient: { id: 'page', name: 'Home Services' },
      conversation: { id: `${PSID}-page` },
      serviceUrl: 'http://127.0.0.1:1',
      deliveryMode: 'expectReplies',
      locale: 'es-ES',
    }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { activities?: Array<{ text?: string }> };
  return (body.activities ?? []).map((a) => a.text ?? '').join('\n');
}

describe('Messenger on the Agents SDK example (Redis, fake Graph)', () => {
  let graph: FakeGraph;
  let agent: RunningAgent;
  let redis: Redis;
  const keysOfPaula = async () =>
    [...(await snapshot(redis, PREFIX)).keys()].filter((key) => key.includes(tag) && !key.endsWith(':epoch'));

  beforeAll(async () => {
    graph = await startFakeGraph(
      idMatchingHandler({
        appId: APP_ID,
        appSecret: APP_SECRET,
        pageToken: PAGE_TOKEN,
        idsForPages: {},
        idsForApps: { [PSID]: [ASID] },
      }),
    );
    agent = await startAgent({
      REDIS_URL: testRedisUrl(),
      REDIS_PREFIX: PREFIX,
      PRIVACY_SUBJECT_SECRET: SUBJECT_SECRET,
      FACEBOOK_APP_ID: APP_ID,
      FACEBOOK_APP_SECRET: APP_SECRET,
      PAGE_ACCESS_TOKEN: PAGE_TOKEN,
      GRAPH_BASE_URL: graph.url,
      PUBLIC_URL: 'https://agent.example.com',
    });
    redis = testRedis();
  }, 40_000);

  afterAll(async () => {
    await redis?.quit();
    await agent?.stop();
    await graph?.close();
  });

  it('greets by first name, records the app-scoped id, and the deletion callback erases everything of hers', async () => {
    expect(await say(agent.url, 'hola')).toContain('Paula');
    await say(agent.url, 'reservar');
    await say(agent.url, 'Fontanería');
    const marker = `jueves ${randomBytes(3).toString('hex')}`;
    expect(await say(agent.url, marker)).toContain(marker);

    // The recorder asked Graph for her app-scoped id at her first message and linked it in her keyspace.
    const deadline = Date.now() + 5_000;
    while (!(await keysOfPaula()).some((key) => key.includes(':asid:')) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await keysOfPaula()).some((key) => key.includes(':asid:'))).toBe(true);
    expect(graph.requests.some((r) => r.path.endsWith(`/${PSID}/ids_for_apps`))).toBe(true);

    const signed = createSignedRequest(
      { algorithm: 'HMAC-SHA256', user_id: ASID, issued_at: Math.floor(Date.now() / 1000) },
      APP_SECRET,
    );
    const url = agent.url.replace('/api/messages', '/privacy/facebook/data-deletion');
    const response = await fetch(url, {
      method: 'POST',
      body: new URLSearchParams({ signed_request: signed }),
    });
    expect(response.status).toBe(200);
    expect((await response.json()) as object).toMatchObject({ confirmation_code: expect.any(String) });

    expect(await keysOfPaula()).toEqual([]);
    const everything = [...(await snapshot(redis, PREFIX))].join('\n');
    expect(everything).not.toContain(marker);
    expect(everything).not.toContain(PSID);
    expect(everything).not.toContain('Paula');
  }, 60_000);
});
