import express from 'express';
import { botAuthentication, type RequestAuthenticator } from '../../src/server/bot-authentication';
import { jsonBody } from '../../src/server/http-hygiene';
import { listen } from '../messenger/listen';

// The middleware alone, with a stand-in authenticator: every rejection is the same 401, a failure to
// fetch the signing keys is a 503, and nothing after it runs unless the authenticator accepts.

async function serve(authenticator: RequestAuthenticator) {
  let reached = 0;
  const app = express();
  app.post('/api/messages', jsonBody(), botAuthentication(authenticator), (_req, res) => {
    reached++;
    res.status(200).json({ ok: true });
  });
  const server = await listen(app);
  return { ...server, reached: () => reached };
}

const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });

describe('botAuthentication', () => {
  it('passes the activity and the Authorization header to the authenticator, and runs the route when it accepts', async () => {
    const seen: Array<[object, string]> = [];
    const server = await serve({
      authenticateRequest: async (activity, header) => void seen.push([activity, header]),
    });
    try {
      const response = await post(server.url, '{"type":"message"}', { authorization: 'Bearer abc' });
      expect(response.status).toBe(200);
      expect(seen).toEqual([[{ type: 'message' }, 'Bearer abc']]);
      expect(server.reached()).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('answers every rejection with the same 401 and WWW-Authenticate, whatever the error says', async () => {
    const reasons = [
      new Error('invalid signature'),
      Object.assign(new Error('expired'), { statusCode: 401 }),
      'x',
    ];
    let i = 0;
    const server = await serve({
      authenticateRequest: async () => {
        throw reasons[i++ % reasons.length];
      },
    });
    try {
      for (const body of ['{"type":"message"}', '[1,2]', '{}']) {
        const response = await post(server.url, body);
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe('Bearer');
        expect(await response.json()).toEqual({ error: 'Unauthorized.' });
      }
      expect(server.reached()).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('answers 503 when the signing keys cannot be fetched', async () => {
    const server = await serve({
      authenticateRequest: async () => {
        throw Object.assign(new Error('Failed to load openID config: 502'), { statusCode: 500 });
      },
    });
    try {
      const response = await post(server.url, '{"type":"message"}', { authorization: 'Bearer abc' });
      expect(response.status).toBe(503);
      expect(server.reached()).toBe(0);
    } finally {
      await server.close();
    }
  });
});
