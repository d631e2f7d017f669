import { Agent, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { configFromEnv, createBotApp } from '../../examples/home-services-bot/app';
import {
  applyHttpTimeouts,
  DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
  keepAliveTimeoutFromEnv,
} from '../../examples/home-services-bot/http-timeouts';

// Behind a proxy that keeps idle connections for 60 s, the example's server must keep them longer, or the
// proxy reuses a connection Node has just closed and a person's message fails with a 502.

function get(url: string, agent: Agent): Promise<{ status: number; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
    });
    req.on('error', reject);
    req.end();
  });
}

it('keeps an idle connection open past Node’s 5 s default, so a client or proxy can reuse it', async () => {
  const botApp = createBotApp(configFromEnv({}));
  const server: Server = await new Promise((resolve) => {
    const s = botApp.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  applyHttpTimeouts(server, keepAliveTimeoutFromEnv({}));
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`;
  try {
    expect((await get(url, agent)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 6000));
    expect(await get(url, agent)).toEqual({ status: 200, reused: true });
  } finally {
    agent.destroy();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await botApp.close();
  }
}, 20_000);

it('defaults above common proxy idle timeouts, and takes HTTP_KEEP_ALIVE_TIMEOUT_MS', () => {
  expect(DEFAULT_KEEP_ALIVE_TIMEOUT_MS).toBeGreaterThan(60_000);
  expect(keepAliveTimeoutFromEnv({ HTTP_KEEP_ALIVE_TIMEOUT_MS: '125000' })).toBe(125_000);
  expect(() => keepAliveTimeoutFromEnv({ HTTP_KEEP_ALIVE_TIMEOUT_MS: '65s' })).toThrow(
    /HTTP_KEEP_ALIVE_TIMEOUT_MS must be a whole number/,
  );
});
