import { createHmac } from 'node:crypto';
import express from 'express';
import { ConfigurationError } from '../../src/core/errors';
import { captureRawBody, verifyWebhookSignature } from '../../src/messenger/webhook-signature';
import { listen } from './listen';

const SECRET = 'webhook-app-secret';
const event = JSON.stringify({
  object: 'page',
  entry: [{ id: 'PAGE', messaging: [{ sender: { id: '7001' }, message: { text: 'héllo' } }] }],
});

function sign(body: string, secret = SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(Buffer.from(body, 'utf8')).digest('hex')}`;
}

type Server = Awaited<ReturnType<typeof listen>>;
const servers: Server[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

async function webhookApp(setup: (app: express.Express) => void): Promise<string> {
  const app = express();
  setup(app);
  app.post('/webhook', (req, res) => {
    res.json({ received: req.body });
  });
  const server = await listen(app);
  servers.push(server);
  return `${server.url}/webhook`;
}

function post(url: string, body: string, signature?: string) {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(signature ? { 'x-hub-signature-256': signature } : {}),
    },
    body,
  });
}

describe('verifyWebhookSignature', () => {
  let url: string;
  beforeAll(async () => {
    url = await webhookApp((app) =>
      app.use('/webhook', verifyWebhookSignature({ appSecret: SECRET, limit: '4kb' })),
    );
  });

  it('lets a correctly signed delivery through with its JSON body parsed', async () => {
    const res = await post(url, event, sign(event));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: JSON.parse(event) });
  });

  it('accepts the hex digest in upper case', async () => {
    const res = await post(url, event, sign(event).toUpperCase().replace('SHA256=', 'sha256='));
    expect(res.status).toBe(200);
  });

  it('answers 401 when the header is missing', async () => {
    const res = await post(url, event);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'Missing X-Hub-Signature-256 header.' });
  });

  it.each([
    ['a malformed header', () => 'sha1=abc', /Malformed/],
    ['a signature made with another secret', () => sign(event, 'other-secret'), /Invalid/],
    ['a signature of another body', () => sign(event.replace('héllo', 'hello')), /Invalid/],
  ])('answers 403 for %s, without reaching the handler', async (_, signature, message) => {
    const res = await post(url, event, signature());
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: string; received?: unknown };
    expect(body.error).toMatch(message);
    expect(body.received).toBeUndefined();
  });

  it('answers 400 for a correctly signed body that is not JSON', async () => {
    const res = await post(url, '{oops', sign('{oops'));
    expect(res.status).toBe(400);
  });

  it('answers 413 for a body over the limit', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(8000) });
    const res = await post(url, big, sign(big));
    expect(res.status).toBe(413);
  });

  it('works after express.json when that parser keeps the raw body', async () => {
    const captured = await webhookApp((app) => {
      app.use(express.json({ verify: captureRawBody }));
      app.use('/webhook', verifyWebhookSignature({ appSecret: SECRET }));
    });
    expect((await post(captured, event, sign(event))).status).toBe(200);
    expect((await post(captured, event, sign(event, 'other'))).status).toBe(403);
  });

  it('fails closed with 500 when the raw body was thrown away by an earlier parser', async () => {
    const parsed = await webhookApp((app) => {
      app.use(express.json());
      app.use('/webhook', verifyWebhookSignature({ appSecret: SECRET }));
    });
    const res = await post(parsed, event, sign(event));
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: string }).error).toMatch(/captureRawBody/);
  });

  it('needs the app secret', () => {
    expect(() => verifyWebhookSignature({ appSecret: '' })).toThrow(ConfigurationError);
  });
});
