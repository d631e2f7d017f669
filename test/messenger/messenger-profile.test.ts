import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMessengerSetup } from '../../scripts/messenger-setup';
import { ConfigurationError } from '../../src/core/errors';
import { GraphApiError } from '../../src/messenger/graph-api';
import { buildMessengerProfile, setupMessengerProfile } from '../../src/messenger/messenger-profile';
import { json, startFakeGraph, type FakeGraph } from './fake-graph';

const TOKEN = 'EAAB-page-token-secret';

let graph: FakeGraph;
beforeAll(async () => {
  graph = await startFakeGraph();
});
afterAll(() => graph.close());
beforeEach(() => {
  graph.requests.length = 0;
  graph.handler = (_, res) => json(res, 200, { result: 'success' });
});

const locales = [{ locale: 'default' }, { locale: 'en_US' }, { locale: 'es_ES' }, { locale: 'sv_SE' }];

describe('setupMessengerProfile', () => {
  it('POSTs the Get Started button and a localized persistent menu ending with Privacy', async () => {
    const book = { type: 'postback' as const, title: 'Book a visit', payload: 'BOOK' };
    const set = await setupMessengerProfile({
      pageAccessToken: TOKEN,
      graphBaseUrl: graph.url,
      locales: [
        { locale: 'default', items: [book] },
        { locale: 'es_ES', items: [{ ...book, title: 'Reservar una visita' }] },
        { locale: 'sv_SE', privacyTitle: 'Dataskydd' },
      ],
      extraMenuItems: [{ type: 'web_url', title: 'Website', url: 'https://example.com' }],
    });

    expect(graph.requests).toHaveLength(1);
    const [request] = graph.requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v25.0/me/messenger_profile');
    expect(request.query.get('access_token')).toBe(TOKEN);
    const body = JSON.parse(request.body);
    expect(body).toEqual(set);
    expect(body.get_started).toEqual({ payload: 'GET_STARTED' });
    const menu = Object.fromEntries(body.persistent_menu.map((m: { locale: string }) => [m.locale, m]));
    expect(Object.keys(menu)).toEqual(['default', 'es_ES', 'sv_SE']);
    expect(menu.default).toEqual({
      locale: 'default',
      composer_input_disabled: false,
      call_to_actions: [
        book,
        { type: 'web_url', title: 'Website', url: 'https://example.com' },
        { type: 'postback', title: 'Privacy', payload: 'PRIVACY_MENU' },
      ],
    });
    expect(menu.es_ES.call_to_actions.map((a: { title: string }) => a.title)).toEqual([
      'Reservar una visita',
      'Website',
      'Privacidad',
    ]);
    expect(menu.sv_SE.call_to_actions.at(-1)).toEqual({
      type: 'postback',
      title: 'Dataskydd',
      payload: 'PRIVACY_MENU',
    });
  });

  it("reports Graph's error message and code, never the token", async () => {
    graph.handler = (_, res) =>
      json(res, 400, {
        error: {
          message: `Invalid OAuth access token - ${TOKEN}`,
          type: 'OAuthException',
          code: 190,
          fbtrace_id: 'Ab1',
        },
      });
    const error = await setupMessengerProfile({
      pageAccessToken: TOKEN,
      graphBaseUrl: graph.url,
      locales,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphApiError);
    const graphError = error as GraphApiError;
    expect(graphError.message).toMatch(
      /^Setting the Messenger profile failed: Graph API answered HTTP 400: Invalid OAuth/,
    );
    expect(graphError.message).toContain('code 190');
    expect(graphError.message).not.toContain(TOKEN);
    expect(graphError).toMatchObject({ status: 400, graphCode: 190, fbtraceId: 'Ab1' });
  });

  it('reports a Graph answer that is not JSON', async () => {
    graph.handler = (_, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>Bad gateway</html>');
    };
    await expect(
      setupMessengerProfile({ pageAccessToken: TOKEN, graphBaseUrl: graph.url, locales }),
    ).rejects.toThrow(/HTTP 502/);
  });

  it.each<[string, Parameters<typeof buildMessengerProfile>[0], RegExp]>([
    ['no default locale', { locales: [{ locale: 'en_US' }] }, /"default"/],
    ['a bad locale name', { locales: [{ locale: 'default' }, { locale: 'es-ES' }] }, /like "es_ES"/],
    ['a locale twice', { locales: [{ locale: 'default' }, { locale: 'default' }] }, /twice/],
    [
      'a locale without a known title',
      { locales: [{ locale: 'default' }, { locale: 'fr_FR' }] },
      /privacyTitle/,
    ],
    [
      'a title over 30 characters',
      { locales: [{ locale: 'default', privacyTitle: 'x'.repeat(31) }] },
      /30 characters/,
    ],
    [
      'a web_url that is not https',
      { locales: [{ locale: 'default', items: [{ type: 'web_url', title: 'Site', url: 'http://x.test' }] }] },
      /https/,
    ],
    ['an empty Get Started payload', { locales, getStartedPayload: '' }, /getStartedPayload/],
  ])('refuses %s before calling Graph', async (_, options, message) => {
    expect(() => buildMessengerProfile(options)).toThrow(ConfigurationError);
    await expect(
      setupMessengerProfile({ ...options, pageAccessToken: TOKEN, graphBaseUrl: graph.url }),
    ).rejects.toThrow(message);
    expect(graph.requests).toHaveLength(0);
  });
});

describe('scripts/messenger-setup', () => {
  const env = () => ({ PAGE_ACCESS_TOKEN: TOKEN, GRAPH_API_BASE_URL: graph.url, GRAPH_API_VERSION: 'v20.0' });

  it('sets the default four-locale menu from the environment and prints it without the token', async () => {
    const lines: string[] = [];
    expect(await runMessengerSetup(env(), (l) => lines.push(l))).toBe(0);
    expect(graph.requests[0].path).toBe('/v20.0/me/messenger_profile');
    const body = JSON.parse(graph.requests[0].body);
    expect(body.persistent_menu.map((m: { locale: string }) => m.locale)).toEqual([
      'default',
      'en_US',
      'es_ES',
      'sv_SE',
    ]);
    const output = lines.join('\n');
    expect(output).toContain('Messenger profile set');
    expect(output).toContain('"Privacidad"');
    expect(output).not.toContain(TOKEN);
  });

  it('reads a config file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bbp-msetup-'));
    const file = join(dir, 'profile.json');
    writeFileSync(
      file,
      JSON.stringify({
        getStartedPayload: 'START',
        locales: [{ locale: 'default', items: [{ type: 'postback', title: 'Book', payload: 'BOOK' }] }],
      }),
    );
    expect(await runMessengerSetup({ ...env(), MESSENGER_PROFILE_CONFIG: file }, () => undefined)).toBe(0);
    const body = JSON.parse(graph.requests[0].body);
    expect(body.get_started.payload).toBe('START');
    expect(body.persistent_menu[0].call_to_actions.map((a: { title: string }) => a.title)).toEqual([
      'Book',
      'Privacy',
    ]);
  });

  it('fails with a clear message and exit code 1 without a token or when Graph refuses', async () => {
    const lines: string[] = [];
    expect(await runMessengerSetup({ GRAPH_API_BASE_URL: graph.url }, (l) => lines.push(l))).toBe(1);
    expect(lines.join('\n')).toMatch(/PAGE_ACCESS_TOKEN is not set/);
    expect(graph.requests).toHaveLength(0);

    graph.handler = (_, res) =>
      json(res, 403, { error: { message: 'Requires pages_messaging permission', code: 10 } });
    lines.length = 0;
    expect(await runMessengerSetup(env(), (l) => lines.push(l))).toBe(1);
    expect(lines.join('\n')).toMatch(/Requires pages_messaging permission \(code 10\)/);
  });

  it('prints without sending on --dry-run', async () => {
    const lines: string[] = [];
    expect(await runMessengerSetup({}, (l) => lines.push(l), { dryRun: true })).toBe(0);
    expect(lines.join('\n')).toContain('"PRIVACY_MENU"');
    expect(graph.requests).toHaveLength(0);
  });
});
