import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { isLoopbackHost } from '../../src/server/service-url-guard';
import { postRaw, serveExample } from './serve-example';

// Without credentials the caller chooses serviceUrl and the bot POSTs its replies there: the example only
// sends to loopback, `.invalid` or allow-listed origins. A fake "internal service" listening on every
// interface, reached through this machine's non-loopback address, shows whether a request arrives.

function nonLoopbackAddress(): string {
  const address = Object.values(networkInterfaces())
    .flat()
    .find((info) => info && !info.internal && info.family === 'IPv4')?.address;
  if (!address) throw new Error('This test needs a non-loopback IPv4 interface (none found).');
  return address;
}

describe('the example bot without credentials and a caller-chosen serviceUrl', () => {
  const received: string[] = [];
  let internal: Server;
  let origin: string;

  beforeAll(async () => {
    internal = createServer((req, res) => {
      received.push(`${req.method} ${req.url}`);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ id: 'reply-1' }));
    });
    await new Promise<void>((resolve) => internal.listen(0, '0.0.0.0', resolve));
    origin = `http://${nonLoopbackAddress()}:${(internal.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    internal.closeAllConnections();
    await new Promise((resolve) => internal.close(resolve));
  });
  beforeEach(() => received.splice(0));

  const activity = (serviceUrl: string) => ({
    type: 'message',
    text: 'PRIVACY_EXPORT',
    channelId: 'facebook',
    from: { id: 'victim-psid', name: 'Ana' },
    recipient: { id: 'page' },
    conversation: { id: 'victim-conv' },
    serviceUrl,
  });

  it('refuses a non-loopback serviceUrl with 403, and sends nothing there', async () => {
    const bot = await serveExample();
    try {
      const reply = await postRaw(bot.url, activity(`${origin}/`));
      expect(reply.status).toBe(403);
      expect(reply.json).toEqual({ error: expect.stringContaining('serviceUrl'), field: 'serviceUrl' });
      // Asked again, the same answer (the guard keeps its verdict per service URL).
      expect((await postRaw(bot.url, activity(`${origin}/`))).status).toBe(403);
      await new Promise((r) => setTimeout(r, 200));
      expect(received).toEqual([]);
      // The link-local metadata address of cloud hosts, a classic target.
      expect((await postRaw(bot.url, activity('http://169.254.169.254/latest/'))).status).toBe(403);
    } finally {
      await bot.close();
    }
  });

  it('sends replies to an allow-listed origin (BOT_ALLOWED_SERVICE_URLS) and to loopback', async () => {
    const bot = await serveExample({ allowedServiceUrls: [`${origin}/any/path`] });
    try {
      const reply = await postRaw(bot.url, { ...activity(`${origin}/`), text: 'hello' });
      expect(reply.status).toBe(200);
      expect(received.some((line) => line.startsWith('POST /v3/conversations/victim-conv/activities'))).toBe(
        true,
      );
    } finally {
      await bot.close();
    }
  });

  it('knows loopback hosts', () => {
    for (const host of ['localhost', 'LOCALHOST', 'a.localhost', '127.0.0.1', '127.9.9.9', '[::1]', '::1']) {
      expect([host, isLoopbackHost(host)]).toEqual([host, true]);
    }
    for (const host of [
      '169.254.169.254',
      '10.0.0.1',
      '128.0.0.1',
      'localhost.evil.com',
      '[::2]',
      '0.0.0.0',
    ]) {
      expect([host, isLoopbackHost(host)]).toEqual([host, false]);
    }
  });
});
