import { ConfigurationError } from '../../src/core/errors';
import type { DataSubject } from '../../src/core/subject';
import { MemoryAppScopedIdLinks } from '../../src/messenger/memory-app-scoped-id-links';
import { MemoryKeyspace } from '../../src/storage/memory-keyspace';
import { GraphApiError } from '../../src/messenger/graph-api';
import { GraphPageScopedIdResolver } from '../../src/messenger/graph-page-scoped-id-resolver';
import {
  combinePageScopedIdResolvers,
  LinkedPageScopedIdResolver,
  type PageScopedIdResolver,
} from '../../src/messenger/page-scoped-id-resolver';
import { RedisAppScopedIdLinks } from '../../src/messenger/redis-app-scoped-id-links';
import { RedisKeyspace } from '../../src/storage/redis-keyspace';
import { freePort } from '../support/redis-server';
import { testRedis, uniquePrefix } from '../support/redis';
import {
  describePageScopedIdResolverContract,
  type ResolverFixture,
} from './page-scoped-id-resolver-contract';
import { appSecretProof, idMatchingHandler, json, startFakeGraph, type FakeGraph } from './fake-graph';

const APP_ID = '900000000000042';
const APP_SECRET = 'fb-app-secret-for-tests';
const ASID = '10158765432109876';
const P1 = '7004444333322221';
const P2 = '7008888777766665';
const P3 = '7001111111111111';

const fb = (userId: string): DataSubject => ({ channelId: 'facebook', userId });

let graph: FakeGraph;

beforeEach(async () => {
  graph = await startFakeGraph(
    idMatchingHandler({
      appId: APP_ID,
      appSecret: APP_SECRET,
      pageToken: 'page-token',
      idsForPages: { [ASID]: [[P1]], '10150000000000002': [[P1, P2], [P3]] },
      idsForApps: {},
    }),
  );
});
afterEach(() => graph.close());

function resolver(overrides: Partial<ConstructorParameters<typeof GraphPageScopedIdResolver>[0]> = {}) {
  return new GraphPageScopedIdResolver({
    appId: APP_ID,
    appSecret: APP_SECRET,
    graphBaseUrl: graph.url,
    timeoutMs: 300,
    ...overrides,
  });
}

/** The failure's message, checked to carry no id and no secret. */
async function failureOf(promise: Promise<unknown>): Promise<GraphApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GraphApiError);
  const message = (error as Error).message;
  for (const secret of [ASID, P1, APP_SECRET, appSecretProof(`${APP_ID}|${APP_SECRET}`, APP_SECRET)]) {
    expect(message).not.toContain(secret);
  }
  return error as GraphApiError;
}

describe('GraphPageScopedIdResolver', () => {
  it("asks ids_for_pages with the app access token and appsecret_proof, and answers the person's PSIDs", async () => {
    expect(await resolver().resolve(ASID)).toEqual([fb(P1)]);
    expect(graph.requests).toHaveLength(1);
    const [request] = graph.requests;
    expect(request.method).toBe('GET');
    expect(request.path).toBe(`/v25.0/${ASID}/ids_for_pages`);
    expect(request.query.get('access_token')).toBe(`${APP_ID}|${APP_SECRET}`);
    expect(request.query.get('appsecret_proof')).toBe(appSecretProof(`${APP_ID}|${APP_SECRET}`, APP_SECRET));
  });

  it('follows paging.next to the last page, with its own token and proof', async () => {
    expect(await resolver().resolve('10150000000000002')).toEqual([fb(P1), fb(P2), fb(P3)]);
    expect(graph.requests.map((r) => r.query.get('after'))).toEqual([null, '1']);
    for (const request of graph.requests) {
      expect(request.query.getAll('access_token')).toEqual([`${APP_ID}|${APP_SECRET}`]);
      expect(request.query.getAll('appsecret_proof')).toHaveLength(1);
    }
  });

  it('answers an empty list for a person Graph knows no page-scoped id of', async () => {
    expect(await resolver().resolve('10150000000009999')).toEqual([]);
  });

  it('keeps only the pages asked for', async () => {
    expect(await resolver({ pageIds: ['123'] }).resolve(ASID)).toEqual([]);
  });

  it('uses the Graph version given', async () => {
    await resolver({ graphVersion: 'v24.0' }).resolve(ASID);
    expect(graph.requests[0].path).toBe(`/v24.0/${ASID}/ids_for_pages`);
  });

  it('rejects (never "nobody") when Graph refuses the credentials', async () => {
    const wrong = resolver({ appSecret: 'another-secret' });
    const error = await failureOf(wrong.resolve(ASID));
    expect(error.kind).toBe('http');
    expect(error.status).toBe(400);
    expect(error.graphCode).toBe(190);
  });

  it('rejects when Graph answers 500, without quoting the id Graph names in its message', async () => {
    graph.handler = (request, res) =>
      json(res, 500, {
        error: { message: `An unexpected error occurred for ${request.path.split('/')[2]}`, code: 2 },
      });
    const error = await failureOf(resolver().resolve(ASID));
    expect(error).toMatchObject({ kind: 'http', status: 500, graphCode: 2 });
  });

  it('rejects within the timeout when Graph hangs', async () => {
    graph.handler = () => undefined; // never answers
    const started = Date.now();
    const error = await failureOf(resolver().resolve(ASID));
    expect(error.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('rejects when Graph cannot be reached', async () => {
    const down = resolver({ graphBaseUrl: `http://127.0.0.1:${await freePort()}` });
    expect((await failureOf(down.resolve(ASID))).kind).toBe('network');
  });

  it.each<[string, unknown]>([
    ['no data array', { paging: {} }],
    ['an entry without an id', { data: [{ page: { id: '1' } }] }],
    ['a next page on another origin', { data: [{ id: P1 }], paging: { next: 'https://evil.example/x' } }],
  ])('rejects an answer with %s', async (_, body) => {
    graph.handler = (_request, res) => json(res, 200, body);
    expect((await failureOf(resolver().resolve(ASID))).kind).toBe('invalid-response');
  });

  it('gives up on paging that never ends', async () => {
    graph.handler = (request, res) =>
      json(res, 200, {
        data: [{ id: P1 }],
        paging: {
          next: `${request.origin}${request.path}?after=${Number(request.query.get('after') ?? 0) + 1}`,
        },
      });
    expect((await failureOf(resolver().resolve(ASID))).kind).toBe('invalid-response');
    expect(graph.requests).toHaveLength(20);
  });

  it('checks its configuration at construction', () => {
    expect(() => new GraphPageScopedIdResolver({ appId: '', appSecret: APP_SECRET })).toThrow(
      ConfigurationError,
    );
    expect(() => new GraphPageScopedIdResolver({ appId: 'my app', appSecret: APP_SECRET })).toThrow(/appId/);
    expect(() => new GraphPageScopedIdResolver({ appId: APP_ID, appSecret: '' })).toThrow(/appSecret/);
    expect(
      () => new GraphPageScopedIdResolver({ appId: APP_ID, appSecret: APP_SECRET, graphVersion: '25' }),
    ).toThrow(/v25\.0/);
  });
});

describe('LinkedPageScopedIdResolver', () => {
  it('answers the recorded links and forgets them', async () => {
    const links = new MemoryAppScopedIdLinks({ keyspace: new MemoryKeyspace() });
    await links.link(ASID, fb(P1));
    const linked = new LinkedPageScopedIdResolver(links);
    expect(await linked.resolve(ASID)).toEqual([fb(P1)]);
    await linked.forget(ASID);
    expect(await linked.resolve(ASID)).toEqual([]);
  });
});

describe('combinePageScopedIdResolvers', () => {
  const fixed = (subjects: DataSubject[]): PageScopedIdResolver => ({ resolve: async () => subjects });

  it('answers the union, each subject once', async () => {
    const combined = combinePageScopedIdResolvers([fixed([fb(P1), fb(P2)]), fixed([fb(P2), fb(P3)])]);
    expect(await combined.resolve(ASID)).toEqual([fb(P1), fb(P2), fb(P3)]);
  });

  it('fails as a whole when one source fails, so nobody is erased in part', async () => {
    const failing: PageScopedIdResolver = {
      resolve: async () => {
        throw new GraphApiError('Graph API could not be reached (ECONNREFUSED).', 'network');
      },
    };
    await expect(combinePageScopedIdResolvers([fixed([fb(P1)]), failing]).resolve(ASID)).rejects.toThrow(
      GraphApiError,
    );
  });

  it('forgets through every source that keeps something', async () => {
    const links = new MemoryAppScopedIdLinks({ keyspace: new MemoryKeyspace() });
    await links.link(ASID, fb(P1));
    const combined = combinePageScopedIdResolvers([fixed([]), new LinkedPageScopedIdResolver(links)]);
    await combined.forget!(ASID);
    expect(await links.subjectsFor(ASID)).toEqual([]);
  });
});

describe('MemoryAppScopedIdLinks in the memory keyspace', () => {
  it("erasing a subject erases their links with a verified receipt, and leaves other people's", async () => {
    const keyspace = new MemoryKeyspace({ subjectSecret: 'test-secret' });
    const links = new MemoryAppScopedIdLinks({ keyspace });
    await links.link(ASID, fb(P1));
    await links.link('10150000000000002', fb(P2));
    const receipt = await keyspace.eraseSubject(fb(P1));
    expect(receipt).toMatchObject({ keysRemoved: 1, verified: true });
    expect(JSON.stringify(receipt)).not.toContain(P1);
    expect(await links.subjectsFor(ASID)).toEqual([]);
    expect(await links.subjectsFor('10150000000000002')).toEqual([fb(P2)]);
  });
});

/** A fake Graph whose ID matching knows what the test teaches it. */
async function graphSource(): Promise<{
  graph: FakeGraph;
  know(asid: string, psids: string[]): Promise<void>;
  resolver: GraphPageScopedIdResolver;
}> {
  const idsForPages: Record<string, string[][]> = {};
  const fake = await startFakeGraph(
    idMatchingHandler({ appId: APP_ID, appSecret: APP_SECRET, pageToken: 'p', idsForPages, idsForApps: {} }),
  );
  return {
    graph: fake,
    // One Graph answer page per id, to go through paging every time.
    know: async (asid, psids) => {
      idsForPages[asid] = psids.map((psid) => [psid]);
    },
    resolver: new GraphPageScopedIdResolver({
      appId: APP_ID,
      appSecret: APP_SECRET,
      graphBaseUrl: fake.url,
      timeoutMs: 300,
    }),
  };
}

/** Recorded links in Redis, on a client of their own (so the source can be taken down). */
function redisLinks() {
  const redis = testRedis();
  const keyspace = new RedisKeyspace({ redis, prefix: uniquePrefix('psr'), subjectSecret: 'test-secret' });
  const links = new RedisAppScopedIdLinks({ keyspace });
  return {
    links,
    know: async (asid: string, psids: string[]) => {
      for (const psid of psids) await links.link(asid, { channelId: 'facebook', userId: psid });
    },
    breakSource: async () => redis.disconnect(),
    close: async () => {
      if (redis.status !== 'end') await redis.quit();
    },
  };
}

describePageScopedIdResolverContract('GraphPageScopedIdResolver', async (): Promise<ResolverFixture> => {
  const source = await graphSource();
  return {
    resolver: source.resolver,
    know: source.know,
    breakSource: async () => {
      source.graph.handler = (_, res) => json(res, 500, { error: { message: 'Down', code: 2 } });
    },
    close: () => source.graph.close(),
  };
});

describePageScopedIdResolverContract('LinkedPageScopedIdResolver (memory links)', async () => {
  const links = new MemoryAppScopedIdLinks({ keyspace: new MemoryKeyspace() });
  return {
    resolver: new LinkedPageScopedIdResolver(links),
    forgetsAll: true,
    know: async (asid, psids) => {
      for (const psid of psids) await links.link(asid, fb(psid));
    },
    close: async () => undefined,
  };
});

describePageScopedIdResolverContract('LinkedPageScopedIdResolver (Redis links)', async () => {
  const source = redisLinks();
  return {
    resolver: new LinkedPageScopedIdResolver(source.links),
    forgetsAll: true,
    know: source.know,
    breakSource: source.breakSource,
    close: source.close,
  };
});

describePageScopedIdResolverContract('combined Graph and Redis links', async () => {
  const graphPart = await graphSource();
  const linked = redisLinks();
  return {
    resolver: combinePageScopedIdResolvers([
      graphPart.resolver,
      new LinkedPageScopedIdResolver(linked.links),
    ]),
    // The first id comes from Graph, the rest from recorded links.
    know: async (asid, [first, ...rest]) => {
      await graphPart.know(asid, [first]);
      await linked.know(asid, rest);
    },
    breakSource: async () => graphPart.graph.close(),
    close: async () => {
      await graphPart.graph.close();
      await linked.close();
    },
  };
});
