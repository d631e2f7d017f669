import { isIP } from 'node:net';
import type { RequestHandler } from 'express';

/** Options of {@link serviceUrlGuard}: the service URL origins replies may go to besides loopback. */
export interface ServiceUrlGuardOptions {
  /**
   * Origins (`https://host[:port]`) replies may also go to, besides loopback. Compared by origin, so a path
   * or a trailing slash in the list does not matter.
   */
  allowedOrigins?: readonly string[];
}

/** Service URLs whose verdict {@link serviceUrlGuard} keeps. */
const MAX_REMEMBERED_URLS = 256;

/** True for `localhost`, `*.localhost`, 127.0.0.0/8 and ::1 (`[::1]` as URL hosts spell it). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(host);
}

/** `.invalid` names never resolve (RFC 6761): test clients use them (`https://qa-runner.invalid/`). */
function isInvalidHost(hostname: string): boolean {
  return hostname.toLowerCase().endsWith('.invalid');
}

function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : undefined;
  } catch {
    // Not a URL at all: treated as not allowed.
    return undefined;
  }
}

/**
 * For a bot that runs **without Bot Framework authentication** (local development, tests): refuses, with
 * `403 { error, field: 'serviceUrl' }`, an activity whose `serviceUrl` is neither loopback, nor a reserved
 * `.invalid` name (which never resolves), nor allow-listed.
 *
 * Without authentication the caller chooses `serviceUrl`, and the adapter sends the bot's replies there with
 * a POST: anyone who can reach the endpoint could make the bot send requests to any host it can reach
 * (request forgery into the internal network, replies carrying a person's data to a stranger). With
 * authentication the channel's signed token names the service URL, so this guard is not needed there.
 * An activity without `serviceUrl` (allowed with `deliveryMode: 'expectReplies'`) passes.
 * Mount it after {@link activityValidation}.
 */
export function serviceUrlGuard(options: ServiceUrlGuardOptions = {}): RequestHandler {
  const allowed = new Set(
    (options.allowedOrigins ?? []).map((origin) => originOf(origin)).filter((o): o is string => !!o),
  );
  // A channel sends few distinct service URLs: the verdict per URL is kept (bounded) rather than parsing
  // the URL again on every request.
  const verdicts = new Map<string, boolean>();
  const isAllowed = (serviceUrl: string): boolean => {
    let verdict = verdicts.get(serviceUrl);
    if (verdict === undefined) {
      const origin = originOf(serviceUrl);
      const host = origin ? new URL(origin).hostname : '';
      verdict = Boolean(origin && (isLoopbackHost(host) || isInvalidHost(host) || allowed.has(origin)));
      if (verdicts.size >= MAX_REMEMBERED_URLS) verdicts.clear();
      verdicts.set(serviceUrl, verdict);
    }
    return verdict;
  };
  return (req, res, next) => {
    const serviceUrl = (req.body as { serviceUrl?: unknown } | undefined)?.serviceUrl;
    if (serviceUrl === undefined || serviceUrl === null) return next();
    if (typeof serviceUrl === 'string' && isAllowed(serviceUrl)) return next();
    res.status(403).json({
      error:
        'serviceUrl is not allowed: without Bot Framework authentication, replies go only to loopback or allow-listed hosts.',
      field: 'serviceUrl',
    });
  };
}
