import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake Graph API received. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
}

export type FakeHandler = (request: RecordedRequest, res: ServerResponse) => void;

/** A local stand-in for graph.facebook.com: records every request and answers with `handler`. */
export interface FakeGraph {
  url: string;
  requests: RecordedRequest[];
  handler: FakeHandler;
  close(): Promise<void>;
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export async function startFakeGraph(
  handler: FakeHandler = (_, res) => json(res, 200, {}),
): Promise<FakeGraph> {
  const fake = { requests: [] as RecordedRequest[], handler } as FakeGraph;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const recorded = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      fake.requests.push(recorded);
      fake.handler(recorded, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}
