import { timingSafeEqual, createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Registry } from 'prom-client';

/** Options of {@link metricsRoute}: the bearer token that scrapes must send. */
export interface MetricsRouteOptions {
  /** When set, requests must carry `Authorization: Bearer <token>`; others get 401. */
  bearerToken?: string;
}

/**
 * An express handler serving a prom-client registry in the Prometheus text format:
 * `app.get('/metrics', metricsRoute(prometheusSink.registry))`.
 * A registry that fails to collect answers 500 with a generic message (no internals).
 */
export function metricsRoute(registry: Registry, options: MetricsRouteOptions = {}): RequestHandler {
  const expected = options.bearerToken ? digest(`Bearer ${options.bearerToken}`) : undefined;
  return async (req: Request, res: Response): Promise<void> => {
    if (expected && !timingSafeEqual(digest(req.get('authorization') ?? ''), expected)) {
      res.status(401).set('www-authenticate', 'Bearer').type('text/plain').send('Unauthorized\n');
      return;
    }
    try {
      const body = await registry.metrics();
      res.status(200).set('content-type', registry.contentType).send(body);
    } catch {
      // The registry failed: a plain 500, no internals in the answer.
      res.status(500).type('text/plain').send('Metrics are unavailable.\n');
    }
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
