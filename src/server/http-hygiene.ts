import express, { type ErrorRequestHandler, type RequestHandler } from 'express';

/**
 * Conservative security headers for a bot's HTTP endpoints (which serve JSON, plus a few plain pages).
 * Routes that serve HTML may loosen Content-Security-Policy for themselves.
 */
export function securityHeaders(): RequestHandler {
  const headers = Object.entries({
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
    'Cross-Origin-Resource-Policy': 'same-origin',
  });
  return (_req, res, next) => {
    // Node's own setHeader: express's res.set() re-checks each value for a content type and charset.
    for (const [name, value] of headers) res.setHeader(name, value);
    res.removeHeader('X-Powered-By');
    next();
  };
}

/** JSON bodies up to `limit` (default 256 KB); see {@link jsonErrors} for what happens to bad ones. */
export function jsonBody(limit = '256kb'): RequestHandler {
  return express.json({ limit });
}

/**
 * The last error handler: malformed JSON -> 400, too large -> 413, anything else -> 500, always as JSON
 * `{ error }` and never with a stack trace or internal message (they can hold personal data).
 */
export function jsonErrors(log: (message: string) => void = () => undefined): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    const type = (error as { type?: string } | undefined)?.type;
    const status = (error as { status?: number } | undefined)?.status;
    if (type === 'entity.parse.failed') {
      res.status(400).json({ error: 'The request body is not valid JSON.' });
    } else if (type === 'entity.too.large') {
      res.status(413).json({ error: 'The request body is too large.' });
    } else if (status && status >= 400 && status < 500) {
      res.status(status).json({ error: 'The request was not accepted.' });
    } else {
      log(`HTTP 500: ${error instanceof Error ? error.name : 'error'}`);
      res.status(500).json({ error: 'Internal error.' });
    }
  };
}

/** What `/healthz` reports about one dependency. */
export type DependencyHealth = 'up' | 'down' | 'not_configured';

/**
 * `GET /healthz`: 200 `{ status: 'ok', redis: 'up' }` when every configured dependency answers,
 * 503 with `status: 'degraded'` when one does not.
 */
export function healthRoute(checks: Record<string, () => Promise<DependencyHealth>>): RequestHandler {
  return async (_req, res) => {
    const entries = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          return [name, await check()] as const;
        } catch {
          // A check that throws means that dependency is down; the reason stays out of the public answer.
          return [name, 'down' as const] as const;
        }
      }),
    );
    const degraded = entries.some(([, health]) => health === 'down');
    res
      .status(degraded ? 503 : 200)
      .json({ status: degraded ? 'degraded' : 'ok', ...Object.fromEntries(entries) });
  };
}
