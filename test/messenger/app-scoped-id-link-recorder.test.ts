import { AutoSaveStateMiddleware, TestAdapter, UserState, type Activity, type Storage } from 'botbuilder';
import type { Redis } from 'ioredis';
import type { DataSubject } from '../../src/core/subject';
import { SubjectScopeMiddleware } from '../../src/turn/subject-scope-middleware';
import {
  AppScopedIdLinkRecorder,
  type AppScopedIdLinkRecorderOptions,
} from '../../src/messenger/app-scoped-id-link-recorder';
import type { AppScopedIdLinks } from '../../src/messenger/app-scoped-id-links';
import { MemoryAppScopedIdLinks } from '../../src/messenger/memory-app-scoped-id-links';
import { RedisAppScopedIdLinks } from '../../src/messenger/redis-app-scoped-id-links';
import { MemoryPrivacyStorage } from '../../src/storage/memory-privacy-storage';
import { SubjectKeyRing } from '../../src/core/subject-key-ring';
import { RedisStorage } from '../../src/storage/redis-storage';
import { freePort } from '../support/redis-server';
import { snapshot, testStorage } from '../support/redis';
import { appSecretProof, idMatchingHandler, startFakeGraph, type FakeGraph } from './fake-graph';

const APP_ID = '900000000000042';
const APP_SECRET = 'fb-app-secret-for-tests';
const PAGE_TOKEN = 'page-token-for-tests';
const ASID = '10158765432109876';
const P1 = '7004444333322221';
const P2 = '7008888777766665';
const p1: DataSubject = { channelId: 'facebook', userId: P1 };

let graph: FakeGraph;
let storage: RedisStorage;
let redis: Redis;
let prefix: string;
let links: RedisAppScopedIdLinks;
let failures: Array<{ kind: string }>;

beforeEach(async () => {
  graph = await startFakeGraph(
    idMatchingHandler({
      appId: APP_ID,
      appSecret: APP_SECRET,
      pageToken: PAGE_TOKEN,
      idsForPages: {},
      idsForApps: { [P1]: [ASID, '10150000000000777@900000000000099'] },
    }),
  );
  ({ storage, redis, prefix } = testStorage());
  links = new RedisAppScopedIdLinks({ keyspace: storage.keyspace });
  failures = [];
});
afterEach(async () => {
  await graph.close();
  await redis.quit();
});

/** A bot with the recorder, its user state saved at the end of each turn, as the example does. */
function bot(
  options: Partial<AppScopedIdLinkRecorderOptions> = {},
  state: Storage = storage,
  store: AppScopedIdLinks = links,
) {
  const userState = new UserState(state);
  const adapter = new TestAdapter(async (context) => {
    await context.sendActivity('ok');
  })
    .use(new SubjectScopeMiddleware())
    .use(new AutoSaveStateMiddleware(userState))
    .use(
      new AppScopedIdLinkRecorder({
        links: store,
        userState,
        pageAccessToken: PAGE_TOKEN,
        appId: APP_ID,
        appSecret: APP_SECRET,
        graphBaseUrl: graph.url,
        timeoutMs: 300,
        onFailure: (failure) => failures.push(failure),
        ...options,
      }),
    );
  return {
    say: (userId = P1, extra: Partial<Activity> = {}) =>
      adapter
        .send({
          type: 'message',
          text: 'hola',
          channelId: 'facebook',
          from: { id: userId, name: 'Paula' },
          recipient: { id: 'page', name: 'Home Services' },
          conversation: { id: `${userId}-page`, isGroup: false, conversationType: 'personal', name: '' },
          ...extra,
        } as Partial<Activity>)
        .assertReply('ok'),
  };
}

describe('AppScopedIdLinkRecorder', () => {
  it("records the person's app-scoped id at their first message, asking ids_for_apps with the page token", async () => {
    await bot().say();
    expect(graph.requests).toHaveLength(1);
    const [request] = graph.requests;
    expect(request.path).toBe(`/v25.0/${P1}/ids_for_apps`);
    expect(request.query.get('access_token')).toBe(PAGE_TOKEN);
    expect(request.query.get('appsecret_proof')).toBe(appSecretProof(PAGE_TOKEN, APP_SECRET));
    expect(await links.subjectsFor(ASID)).toEqual([p1]);
    // Only this app's id: the other app of the business is not linked.
    expect(await links.subjectsFor('10150000000000777')).toEqual([]);
    // The link record is the person's own: listed in their index.
    const owned = await storage.keyspace.subjectKeys(p1);
    expect(owned.some((key) => key.includes(':asid:'))).toBe(true);
  });

  it('asks Graph only once per person', async () => {
    const chat = bot();
    await chat.say();
    await chat.say();
    await chat.say();
    expect(graph.requests).toHaveLength(1);
  });

  it('records the links again under the newest subject key after a rotation, so they outlive the old key', async () => {
    await bot().say();
    expect(graph.requests).toHaveLength(1);
    const ring = (text: string) =>
      new RedisStorage({ redis, prefix, subjectSecret: SubjectKeyRing.parse(text) });
    const NEW = 'k2:a-new-subject-secret-0123456789abcdefghij';
    const rotated = ring(`${NEW},default:test-secret`);
    const rotatedLinks = new RedisAppScopedIdLinks({ keyspace: rotated.keyspace });
    const chat = bot({}, rotated, rotatedLinks);
    await chat.say();
    expect(graph.requests).toHaveLength(2); // looked up again, once
    await chat.say();
    expect(graph.requests).toHaveLength(2);
    // The old key leaves the ring: the callback still finds the person.
    const newOnly = ring(NEW);
    expect(await new RedisAppScopedIdLinks({ keyspace: newOnly.keyspace }).subjectsFor(ASID)).toEqual([p1]);
  });

  it('records every app id Graph lists when no appId is given', async () => {
    await bot({ appId: undefined }).say();
    expect(await links.subjectsFor('10150000000000777')).toEqual([p1]);
  });

  it('does not slow or fail the turn when Graph hangs: no link, looked up again later', async () => {
    graph.handler = () => undefined; // never answers
    const started = Date.now();
    await bot({ recheckAfterSeconds: 0 }).say();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await links.subjectsFor(ASID)).toEqual([]);
    expect(failures.map((f) => f.kind)).toContain('timeout');
    expect(JSON.stringify(failures)).not.toContain(P1);

    // Graph is back: the next message links.
    graph.handler = idMatchingHandler({
      appId: APP_ID,
      appSecret: APP_SECRET,
      pageToken: PAGE_TOKEN,
      idsForPages: {},
      idsForApps: { [P1]: [ASID] },
    });
    await bot({ recheckAfterSeconds: 0 }).say();
    expect(await links.subjectsFor(ASID)).toEqual([p1]);
  });

  it('does not look again before recheckAfterSeconds when Graph failed', async () => {
    graph.handler = (_, res) => {
      res.writeHead(500);
      res.end();
    };
    const chat = bot();
    await chat.say();
    await chat.say();
    expect(graph.requests).toHaveLength(1);
    expect(failures).toEqual([{ kind: 'http' }]);
  });

  it('goes on without a link when Graph cannot be reached', async () => {
    await bot({ graphBaseUrl: `http://127.0.0.1:${await freePort()}` }).say();
    expect(await links.subjectsFor(ASID)).toEqual([]);
    expect(failures).toEqual([{ kind: 'network' }]);
  });

  it('leaves other channels and non-message activities alone', async () => {
    const chat = bot();
    await chat.say(P1, { channelId: 'webchat' });
    await bot()
      .say(P1, { type: 'event', name: 'x' } as Partial<Activity>)
      .catch(() => undefined);
    expect(graph.requests).toHaveLength(0);
  });

  it('is erased with the person: link record, lookup entry and the look-up mark', async () => {
    await bot().say();
    await bot().say(P2);
    const before = await snapshot(redis, prefix);
    expect([...before.values()].join('\n')).toContain(P1);
    const receipt = await storage.eraseSubject(p1);
    expect(receipt.verified).toBe(true);
    expect(await links.subjectsFor(ASID)).toEqual([]);
    const after = await snapshot(redis, prefix);
    const dump = [...after].join('\n');
    expect(dump).not.toContain(P1);
    expect(dump).not.toContain(ASID);
    // Every key of p1 is gone (only the erasure epoch, the anti-resurrection tombstone, stays).
    const p1Tag = `{${storage.keyspace.digester.digest(p1)}}`;
    const p1Keys = [...before.keys()].filter((key) => key.includes(p1Tag) && !key.endsWith(':epoch'));
    expect(p1Keys.length).toBeGreaterThanOrEqual(3); // user state with the mark, index, link record
    expect([...after.keys()].filter((key) => key.includes(p1Tag) && !key.endsWith(':epoch'))).toEqual([]);
    // p2's keys are byte-for-byte as they were.
    for (const [key, value] of before) {
      if (key.includes(`{${storage.keyspace.digester.digest({ channelId: 'facebook', userId: P2 })}}`)) {
        expect(after.get(key)).toBe(value);
      }
    }
  });

  it('in memory mode, the link goes with the erasure of the person too', async () => {
    const state = new MemoryPrivacyStorage();
    const memoryLinks = new MemoryAppScopedIdLinks({ keyspace: state.keyspace });
    await bot({}, state, memoryLinks).say();
    expect(await memoryLinks.subjectsFor(ASID)).toEqual([p1]);
    const receipt = await state.keyspace.eraseSubject(p1);
    expect(receipt.verified).toBe(true);
    expect(await memoryLinks.subjectsFor(ASID)).toEqual([]);
  });

  it('checks its configuration at construction', () => {
    const userState = new UserState(storage);
    const base = { links, userState, pageAccessToken: PAGE_TOKEN };
    expect(() => new AppScopedIdLinkRecorder({ ...base, pageAccessToken: '' })).toThrow(/pageAccessToken/);
    expect(() => new AppScopedIdLinkRecorder({ ...base, recheckAfterSeconds: -1 })).toThrow(/recheck/);
    expect(() => new AppScopedIdLinkRecorder({ ...base, graphBaseUrl: 'graph' })).toThrow(/graphBaseUrl/);
  });
});
