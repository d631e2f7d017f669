import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpConvoTransport, type HttpConvoTransportOptions } from './http-transport';
import type { ConvoTransport } from './transport';

/**
 * Serves an in-process bot app (e.g. an express app with CloudAdapter) on 127.0.0.1 at a free port and
 * talks to it over HTTP, exactly as a channel would. `close()` stops the server.
 */
export async function startAppTransport(
  app: RequestListener,
  options: HttpConvoTransportOptions & { path?: string } = {},
): Promise<ConvoTransport & { readonly url: string; close(): Promise<void> }> {
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${options.path ?? '/api/messages'}`;
  const http = new HttpConvoTransport(url, options);
  return {
    url,
    send: (activity) => http.send(activity),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
