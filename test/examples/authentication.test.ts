import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { listen } from '../messenger/listen';
import { captureConsole, postRaw, serveExample } from './serve-example';

// With Bot Framework credentials, the example accepts only requests that carry a channel token signed by
// a key of the configured OpenID metadata. A fake metadata + JWKS endpoint over real HTTP stands in for
// login.botframework.com; tokens are signed locally.

const APP_ID = '00000000-0000-4000-8000-00000000b07a';
const ISSUER = 'https://api.botframework.test';
const SERVICE_URL = 'http://127.0.0.1:1';

function base64url(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

function signToken(
  key: KeyObject,
  claims: Record<string, unknown>,
  header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT', kid: 'test-key' },
): string {
  const unsigned = `${base64url(header)}.${base64url(claims)}`;
  if (header.alg === 'none') return `${unsigned}.`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(key).toString('base64url');
  return `${unsigned}.${signature}`;
}

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { iss: ISSUER, aud: APP_ID, serviceurl: SERVICE_URL, nbf: now - 60, exp: now + 3600, ...overrides };
}

const activity = {
  type: 'message',
  text: 'hello',
  channelId: 'webchat',
  from: { id: 'auth-user', name: 'Ana' },
  recipient: { id: 'bot' },
  conversation: { id: 'auth-conv' },
  serviceUrl: SERVICE_URL,
  deliveryMode: 'expectReplies',
  locale: 'en-US',
};

describe('the example bot with Bot Framework credentials', () => {
  const signing = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
  let metadataRequests = 0;
  let openId: { url: string; close(): Promise<void> };
  let bot: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    openId = await listen((req, res) => {
      metadataRequests++;
      res.setHeader('content-type', 'application/json');
      if (req.url === '/.well-known/openidconfiguration') {
        res.end(JSON.stringify({ issuer: ISSUER, jwks_uri: `${openId.url}/keys` }));
      } else if (req.url === '/keys') {
        const jwk = signing.publicKey.export({ format: 'jwk' });
        res.end(
          JSON.stringify({ keys: [{ ...jwk, kid: 'test-key', use: 'sig', endorsements: ['webchat'] }] }),
        );
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    bot = await serveExample({
      microsoftAppId: APP_ID,
      microsoftAppPassword: 'not-used-with-expect-replies',
      botOpenIdMetadataUrl: `${openId.url}/.well-known/openidconfiguration`,
      botTokenIssuer: ISSUER,
    });
  });
  afterAll(async () => {
    await bot.close();
    await openId.close();
  });

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('runs the turn for a valid channel token, checked against the OpenID metadata keys', async () => {
    const reply = await postRaw(bot.url, activity, bearer(signToken(signing.privateKey, claims())));
    expect(reply.status).toBe(200);
    expect(JSON.stringify(reply.json.activities)).toContain('book');
    expect(metadataRequests).toBeGreaterThanOrEqual(2); // metadata document, then the keys
  });

  it.each([
    ['no Authorization header', () => ({})],
    ['a header that is not a bearer token', () => ({ authorization: 'Basic dXNlcjpwYXNz' })],
    ['a token that is not a JWT', () => bearer('not-a-jwt')],
    [
      'an unsigned token (alg none)',
      () => bearer(signToken(signing.privateKey, claims(), { alg: 'none', kid: 'test-key' })),
    ],
    ['a token signed by another key', () => bearer(signToken(stranger.privateKey, claims()))],
    [
      'an expired token',
      () => bearer(signToken(signing.privateKey, claims({ exp: Math.floor(Date.now() / 1000) - 3600 }))),
    ],
    ['a token for another bot', () => bearer(signToken(signing.privateKey, claims({ aud: 'another-app' })))],
    [
      'a token from another issuer',
      () => bearer(signToken(signing.privateKey, claims({ iss: 'https://evil.example' }))),
    ],
    [
      'a token for another service URL',
      () => bearer(signToken(signing.privateKey, claims({ serviceurl: 'https://evil.example' }))),
    ],
    [
      'a token for a key id the metadata does not list',
      () => bearer(signToken(signing.privateKey, claims(), { alg: 'RS256', typ: 'JWT', kid: 'unknown' })),
    ],
  ])('answers 401 and runs no turn for %s', async (_label, headers) => {
    const { result } = await captureConsole(() => postRaw(bot.url, activity, headers()));
    expect(result.status).toBe(401);
    expect(result.json.activities).toBeUndefined();
  });

  it("lets no one read another person's data: PRIVACY_EXPORT without a token gets 401", async () => {
    const { result } = await captureConsole(() =>
      postRaw(bot.url, { ...activity, channelId: 'facebook', text: 'PRIVACY_EXPORT' }),
    );
    expect(result.status).toBe(401);
    expect(JSON.stringify(result.json)).not.toContain('Ana');
  });
});
