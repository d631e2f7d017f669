import type { Server } from 'node:http';

/**
 * Default idle keep-alive timeout of the example's HTTP server: above the 60 s idle timeout common to load
 * balancers and reverse proxies (AWS ALB, nginx's upstream keepalive...). With Node's default (5 s) a proxy
 * can reuse a connection Node has just closed, and a person's message fails with a 502.
 */
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 65_000;

/**
 * Sets the server's keep-alive timeout, and its headers timeout just above it (Node needs the headers
 * timeout longer, or a reused connection can be cut while the next request's headers arrive).
 */
export function applyHttpTimeouts(server: Server, keepAliveTimeoutMs = DEFAULT_KEEP_ALIVE_TIMEOUT_MS): void {
  server.keepAliveTimeout = keepAliveTimeoutMs;
  server.headersTimeout = keepAliveTimeoutMs + 1000;
}

/** `HTTP_KEEP_ALIVE_TIMEOUT_MS` from the environment: a whole number of milliseconds (1000 or more). */
export function keepAliveTimeoutFromEnv(env: NodeJS.ProcessEnv): number {
  const text = env.HTTP_KEEP_ALIVE_TIMEOUT_MS;
  if (!text) return DEFAULT_KEEP_ALIVE_TIMEOUT_MS;
  const ms = Number(text);
  if (!Number.isInteger(ms) || ms < 1000)
    throw new Error(
      `HTTP_KEEP_ALIVE_TIMEOUT_MS must be a whole number of milliseconds, 1000 or more (got "${text}")`,
    );
  return ms;
}
