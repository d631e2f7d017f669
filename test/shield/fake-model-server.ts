import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake model received. */
export interface ModelRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The raw body, as it arrived. */
  readonly body: string;
}

/** How the fake model answers one request: a status, a body, and an optional delay. */
export interface FakeAnswer {
  status?: number;
  body?: unknown;
  delayMs?: number;
}

/**
 * A local stand-in for an OpenAI-compatible Chat Completions API over real HTTP. It records every request
 * and, by default, answers with the last `user` message it received after `Answer: `, plus a made-up
 * placeholder `[CARD_9]` (one the conversation never issued). `answer` replaces that behaviour.
 */
export async function startFakeModel(
  answer?: (request: ModelRequest) => FakeAnswer,
): Promise<{ url: string; requests: ModelRequest[]; close(): Promise<void> }> {
  const requests: ModelRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      const reply = answer?.(request) ?? echoLastUserMessage(request);
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' });
        res.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs).unref();
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A Chat Completions answer with `content`. */
export function completion(content: string): FakeAnswer {
  return {
    body: {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content } }],
    },
  };
}

function echoLastUserMessage(request: ModelRequest): FakeAnswer {
  const messages = (JSON.parse(request.body) as { messages: Array<{ role: string; content: string }> })
    .messages;
  const user = messages.filter((message) => message.role === 'user').at(-1)?.content ?? '';
  return completion(`Answer: ${user} [CARD_9]`);
}
