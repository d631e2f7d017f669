import { ConfigurationError } from '../../src/core/errors';
import type { GraphFailureKind } from '../../src/messenger/graph-api';
import { MessengerUserProfileProvider } from '../../src/messenger/user-profile-provider';
import { json, startFakeGraph, type FakeGraph } from './fake-graph';

const TOKEN = 'page-token-SECRET-123';
const PSID = '7001234567890123';
const subject = { channelId: 'facebook', userId: PSID };

let graph: FakeGraph;
beforeAll(async () => {
  graph = await startFakeGraph();
});
afterAll(() => graph.close());
beforeEach(() => {
  graph.requests.length = 0;
});

function provider(options: { timeoutMs?: number; appSecret?: string; failures?: unknown[] } = {}) {
  return new MessengerUserProfileProvider({
    pageAccessToken: TOKEN,
    graphBaseUrl: graph.url,
    timeoutMs: options.timeoutMs,
    appSecret: options.appSecret,
    onFailure: (failure: { kind: GraphFailureKind; status?: number }) => options.failures?.push(failure),
  });
}

describe('MessengerUserProfileProvider', () => {
  it('asks the User Profile API for first and last name with the page token, and returns them', async () => {
    graph.handler = (_, res) => json(res, 200, { first_name: 'Ana', last_name: 'García', id: PSID });
    await expect(provider().getName(subject)).resolves.toEqual({ firstName: 'Ana', lastName: 'García' });

    expect(graph.requests).toHaveLength(1);
    const [request] = graph.requests;
    expect(request.method).toBe('GET');
    expect(request.path).toBe(`/v25.0/${PSID}`);
    expect(request.query.get('fields')).toBe('first_name,last_name');
    expect(request.query.get('access_token')).toBe(TOKEN);
    expect(request.query.has('appsecret_proof')).toBe(false);
  });

  it('sends appsecret_proof when an app secret is configured', async () => {
    graph.handler = (_, res) => json(res, 200, { first_name: 'Ana' });
    await expect(provider({ appSecret: 'app-secret' }).getName(subject)).resolves.toEqual({
      firstName: 'Ana',
    });
    // HMAC-SHA256 of the token with the app secret, hex, as Meta documents it.
    const expected = require('node:crypto').createHmac('sha256', 'app-secret').update(TOKEN).digest('hex');
    expect(graph.requests[0].query.get('appsecret_proof')).toBe(expected);
  });

  it.each([
    [
      '400 with a Graph error',
      400,
      { error: { message: `(#100) No profile available for ${PSID}`, code: 100 } },
    ],
    ['500', 500, { error: { message: 'Internal', code: 2 } }],
    ['200 without names', 200, { id: PSID }],
    ['200 with names that are not strings', 200, { first_name: 42, last_name: ['x'] }],
  ])('returns undefined on %s', async (_, status, body) => {
    graph.handler = (__, res) => json(res, status, body);
    const failures: unknown[] = [];
    await expect(provider({ failures }).getName(subject)).resolves.toBeUndefined();
    expect(failures).toHaveLength(1);
    expect(JSON.stringify(failures)).not.toContain(PSID);
  });

  it('returns undefined on a body that is not JSON', async () => {
    graph.handler = (_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"first_name": "An');
    };
    const failures: unknown[] = [];
    await expect(provider({ failures }).getName(subject)).resolves.toBeUndefined();
    expect(failures).toEqual([{ kind: 'invalid-response', status: 200 }]);
  });

  it('returns undefined within the timeout when the server never answers', async () => {
    graph.handler = () => undefined; // keeps the connection open, sends nothing
    const failures: unknown[] = [];
    await expect(provider({ timeoutMs: 150, failures }).getName(subject)).resolves.toBeUndefined();
    expect(failures).toEqual([{ kind: 'timeout' }]);
  });

  it('returns undefined within the timeout when the server stops in the middle of the body', async () => {
    graph.handler = (_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"first_name": "An');
    };
    const failures: unknown[] = [];
    await expect(provider({ timeoutMs: 150, failures }).getName(subject)).resolves.toBeUndefined();
    expect(failures).toEqual([{ kind: 'timeout', status: 200 }]);
  });

  it('returns undefined when nothing listens at the Graph URL', async () => {
    const closed = await startFakeGraph();
    await closed.close();
    const failures: unknown[] = [];
    const lookup = new MessengerUserProfileProvider({
      pageAccessToken: TOKEN,
      graphBaseUrl: closed.url,
      onFailure: (f) => failures.push(f),
    });
    await expect(lookup.getName(subject)).resolves.toBeUndefined();
    expect(failures).toEqual([{ kind: 'network' }]);
  });

  it('does not call Graph for other channels or for ids that are not PSIDs', async () => {
    const lookup = provider();
    await expect(lookup.getName({ channelId: 'webchat', userId: PSID })).resolves.toBeUndefined();
    await expect(
      lookup.getName({ channelId: 'facebook', userId: '../me/accounts' }),
    ).resolves.toBeUndefined();
    await expect(lookup.getName(undefined as never)).resolves.toBeUndefined();
    expect(graph.requests).toHaveLength(0);
  });

  it('trims names and drops control characters', async () => {
    graph.handler = (_, res) => json(res, 200, { first_name: '  Åsa\u0000 ', last_name: '' });
    await expect(provider().getName(subject)).resolves.toEqual({ firstName: 'Åsa' });
  });

  it('rejects bad configuration at construction', () => {
    expect(() => new MessengerUserProfileProvider({ pageAccessToken: '' })).toThrow(ConfigurationError);
    expect(
      () => new MessengerUserProfileProvider({ pageAccessToken: 't', graphBaseUrl: 'not a url' }),
    ).toThrow(/graphBaseUrl/);
    expect(() => new MessengerUserProfileProvider({ pageAccessToken: 't', graphVersion: '21' })).toThrow(
      /v25\.0/,
    );
  });
});
