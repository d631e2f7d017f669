import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake Graph API received. */
export interface RecordedRequest {
  /** `http://127.0.0.1:<port>`: where the fake listens (for `paging.next` links). */
  origin: string;
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

/** @param port a fixed port, e.g. to bring a stopped fake back where the app under test points. */
export async function startFakeGraph(
  handler: FakeHandler = (_, res) => json(res, 200, {}),
  port = 0,
): Promise<FakeGraph> {
  const fake = { requests: [] as RecordedRequest[], handler } as FakeGraph;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const recorded = {
        origin: `http://${req.headers.host}`,
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      fake.requests.push(recorded);
      fake.handler(recorded, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}

/** What the fake Graph knows for ID matching (`ids_for_pages`, `ids_for_apps`). */
export interface IdMatchingData {
  appId: string;
  appSecret: string;
  pageToken: string;
  /** ASID -> its page-scoped ids, one inner list per answer page (linked by `paging.next`). */
  idsForPages: Record<string, string[][]>;
  /** PSID -> the app-scoped ids Graph lists for it (all of the app `appId`, unless given as `asid@app`). */
  idsForApps: Record<string, string[]>;
}

export const PAGE_ID = '110000000000001';

/** `appsecret_proof` as Meta computes it. */
export function appSecretProof(token: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(token).digest('hex');
}

/**
 * A handler for Graph's ID matching that checks credentials like Graph does: `ids_for_pages` needs the
 * app access token `<app id>|<app secret>` and its `appsecret_proof`; `ids_for_apps` the page token
 * (and its proof when one is sent). Wrong credentials get Graph's 400 OAuthException (code 190).
 */
export function idMatchingHandler(data: IdMatchingData): FakeHandler {
  return (request, res) => {
    const match = /^\/v\d+\.\d+\/([^/]+)\/(ids_for_pages|ids_for_apps)$/.exec(request.path);
    if (!match) return json(res, 404, { error: { message: 'Unknown path', code: 803 } });
    const [, id, edge] = match;
    const token = request.query.get('access_token') ?? '';
    const proof = request.query.get('appsecret_proof');
    const expectedToken = edge === 'ids_for_pages' ? `${data.appId}|${data.appSecret}` : data.pageToken;
    const proofOk =
      proof === appSecretProof(token, data.appSecret) || (edge === 'ids_for_apps' && proof === null);
    if (request.method !== 'GET' || token !== expectedToken || !proofOk) {
      return json(res, 400, {
        error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190 },
      });
    }
    if (edge === 'ids_for_apps') {
      const asids = data.idsForApps[id] ?? [];
      return json(res, 200, {
        data: asids.map((entry) => {
          const [asid, app = data.appId] = entry.split('@');
          return { id: asid, app: { id: app, name: 'Home Services', namespace: 'homeservices' } };
        }),
      });
    }
    const pages = data.idsForPages[id] ?? [[]];
    const index = Number(request.query.get('after') ?? '0');
    const psids = pages[index] ?? [];
    const next =
      index + 1 < pages.length
        ? // Like Graph: an absolute link that carries the token (the client must not rely on it).
          `${request.origin}${request.path}?access_token=${encodeURIComponent(token)}&limit=1&after=${index + 1}`
        : undefined;
    return json(res, 200, {
      data: psids.map((psid) => ({ id: psid, page: { id: PAGE_ID, name: 'Home Services' } })),
      paging: { cursors: { before: String(index), after: String(index + 1) }, ...(next ? { next } : {}) },
    });
  };
}
