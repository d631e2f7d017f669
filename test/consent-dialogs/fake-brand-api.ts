import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local stand-in for the brand's customer and payment APIs: records each JSON body it receives. */
export interface FakeBrandApi {
  url: string;
  bodies: Array<Record<string, unknown>>;
  /** Status the next requests get (200 by default). */
  status: number;
  post(path: string, body: unknown): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeBrandApi(): Promise<FakeBrandApi> {
  const api = { bodies: [], status: 200 } as unknown as FakeBrandApi;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (api.status < 300) api.bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(api.status, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // What a bot's callback does: hand the value to the brand's API and fail when it fails.
  api.post = async (path, body) => {
    const response = await fetch(`${api.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`brand API answered ${response.status}`);
  };
  api.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return api;
}
