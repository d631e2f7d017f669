import { createHmac } from 'node:crypto';
import { ConfigurationError, PrivacyError } from '../core/errors';
import { isHttpUrl } from '../core/http-url';
import { isRecord } from './json';

/** Where and how to reach Meta's Graph API. */
export interface GraphApiOptions {
  /** Default `https://graph.facebook.com`; point it at a local fake in tests. */
  graphBaseUrl?: string;
  /** Graph API version, e.g. `v25.0` (the default). */
  graphVersion?: string;
  /** Bound on each call, body included. Default 1500 ms. */
  timeoutMs?: number;
  /** When set, every call carries `appsecret_proof` (Meta's recommended proof of the app's secret). */
  appSecret?: string;
}

export const DEFAULT_GRAPH_BASE_URL = 'https://graph.facebook.com';
export const DEFAULT_GRAPH_VERSION = 'v25.0';
export const DEFAULT_GRAPH_TIMEOUT_MS = 1500;

/** Why a Graph API call failed: HTTP error answer, no answer in time, no connection, or unreadable body. */
export type GraphFailureKind = 'http' | 'timeout' | 'network' | 'invalid-response';

/**
 * A failed Graph API call. The message carries Graph's own error message and code but never the access
 * token or the app secret proof.
 */
export class GraphApiError extends PrivacyError {
  constructor(
    message: string,
    /** What went wrong: an HTTP error, a timeout, the network, or an answer that could not be read. */
    readonly kind: GraphFailureKind,
    /** The HTTP status, for `http` failures. */
    readonly status?: number,
    /** Graph's error code, when it sent one. */
    readonly graphCode?: number,
    /** Graph's error subcode, when it sent one. */
    readonly graphSubcode?: number,
    /** Graph's trace id, for Meta's support. */
    readonly fbtraceId?: string,
  ) {
    super(message);
  }
}

/** One Graph API call. `path` is relative to the version, e.g. `me/messenger_profile`. */
export interface GraphRequest {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  accessToken: string;
  query?: Record<string, string>;
  body?: unknown;
}

/** Validated, ready-to-use Graph options. */
export interface GraphEndpoint {
  readonly baseUrl: string;
  readonly version: string;
  readonly timeoutMs: number;
  readonly appSecret?: string;
}

/** Checks options once (at start-up), so configuration mistakes do not surface at the first message. */
export function graphEndpoint(options: GraphApiOptions = {}): GraphEndpoint {
  const baseUrl = (options.graphBaseUrl ?? DEFAULT_GRAPH_BASE_URL).replace(/\/+$/, '');
  if (!isHttpUrl(baseUrl)) {
    throw new ConfigurationError('graphBaseUrl must be an absolute http(s) URL.');
  }
  const version = options.graphVersion ?? DEFAULT_GRAPH_VERSION;
  if (!/^v\d{1,3}\.\d{1,3}$/.test(version)) {
    throw new ConfigurationError('graphVersion must look like "v25.0".');
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_GRAPH_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new ConfigurationError('The Graph API timeout must be a positive number of milliseconds.');
  }
  return { baseUrl, version, timeoutMs, appSecret: options.appSecret || undefined };
}

/**
 * Calls the Graph API with Node's global fetch and returns the parsed JSON body. The whole exchange,
 * body included, is bounded by the endpoint's timeout (an AbortController cancels it).
 * @throws GraphApiError on any failure.
 */
export async function callGraphApi(endpoint: GraphEndpoint, request: GraphRequest): Promise<unknown> {
  const url = new URL(`${endpoint.baseUrl}/${endpoint.version}/${request.path}`);
  for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value);
  return send(endpoint, url, request);
}

/** A Graph list answer: `{"data": [...], "paging": {"next": "<url>"}}`. */
export interface GraphListRequest {
  /** Relative to the version, e.g. `<asid>/ids_for_pages`. */
  path: string;
  accessToken: string;
  query?: Record<string, string>;
  /** Most pages read before giving up with an `invalid-response` error. Default 20. */
  maxPages?: number;
}

/**
 * GETs a Graph list and follows `paging.next` to the end, returning every `data` item. The next-page
 * URLs must stay on the endpoint's origin (the access token is never sent elsewhere); each page is
 * requested with this request's own token and proof, whatever the URL carries.
 * @throws GraphApiError when a page fails, is not a list, or the pages do not end within `maxPages`.
 */
export async function callGraphApiList(
  endpoint: GraphEndpoint,
  request: GraphListRequest,
): Promise<unknown[]> {
  const items: unknown[] = [];
  const maxPages = request.maxPages ?? 20;
  let url = new URL(`${endpoint.baseUrl}/${endpoint.version}/${request.path}`);
  for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value);
  const seen = new Set<string>();
  for (let page = 1; ; page++) {
    const body = await send(endpoint, url, { method: 'GET', accessToken: request.accessToken });
    if (!isRecord(body) || !Array.isArray(body.data)) {
      throw new GraphApiError(
        'Graph API answered a list request without a data array.',
        'invalid-response',
        200,
      );
    }
    items.push(...body.data);
    const next = isRecord(body.paging) ? body.paging.next : undefined;
    if (next === undefined || next === null || next === '') return items;
    url = nextPageUrl(endpoint, next);
    const key = url.pathname + url.search;
    if (seen.has(key) || page >= maxPages) {
      throw new GraphApiError(
        `Graph API paging did not end within ${maxPages} pages.`,
        'invalid-response',
        200,
      );
    }
    seen.add(key);
  }
}

function nextPageUrl(endpoint: GraphEndpoint, next: unknown): URL {
  let url: URL | undefined;
  try {
    url = typeof next === 'string' ? new URL(next) : undefined;
  } catch {
    // A paging link that is not a URL is not followed.
    url = undefined;
  }
  if (!url || url.origin !== new URL(endpoint.baseUrl).origin) {
    throw new GraphApiError(
      'Graph API answered a next page on another origin; it was not followed.',
      'invalid-response',
      200,
    );
  }
  url.searchParams.delete('access_token');
  url.searchParams.delete('appsecret_proof');
  return url;
}

async function send(
  endpoint: GraphEndpoint,
  url: URL,
  request: Pick<GraphRequest, 'method' | 'accessToken' | 'body'>,
): Promise<unknown> {
  url.searchParams.set('access_token', request.accessToken);
  if (endpoint.appSecret) {
    const proof = createHmac('sha256', endpoint.appSecret).update(request.accessToken).digest('hex');
    url.searchParams.set('appsecret_proof', proof);
  }
  const secrets = [request.accessToken, endpoint.appSecret].filter((s): s is string => Boolean(s));
  // Ids in the request (PSIDs, ASIDs) are personal: Graph's error messages may quote them back.
  const ids = url.pathname.split('/').filter((segment) => /\d{4,}/.test(segment));

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), endpoint.timeoutMs);
  let status = 0;
  let text: string;
  try {
    const response = await fetch(url, {
      method: request.method,
      headers: request.body === undefined ? undefined : { 'content-type': 'application/json' },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: controller.signal,
    });
    status = response.status;
    text = await response.text();
  } catch (error) {
    if (controller.signal.aborted) {
      throw new GraphApiError(
        `Graph API did not answer within ${endpoint.timeoutMs} ms.`,
        'timeout',
        status || undefined,
      );
    }
    throw new GraphApiError(`Graph API could not be reached (${networkReason(error)}).`, 'network');
  } finally {
    clearTimeout(timer);
  }

  let json: unknown;
  try {
    json = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    // Graph answered something that is not JSON: judged by its status just below.
    json = undefined;
  }
  if (status < 200 || status > 299) throw httpError(status, json, [...secrets, ...ids]);
  if (json === undefined) {
    throw new GraphApiError(
      `Graph API answered HTTP ${status} with a body that is not JSON.`,
      'invalid-response',
      status,
    );
  }
  return json;
}

function httpError(status: number, json: unknown, secrets: string[]): GraphApiError {
  const error = isRecord(json) && isRecord(json.error) ? json.error : undefined;
  if (!error) return new GraphApiError(`Graph API answered HTTP ${status}.`, 'http', status);
  const code = typeof error.code === 'number' ? error.code : undefined;
  const subcode = typeof error.error_subcode === 'number' ? error.error_subcode : undefined;
  const type = typeof error.type === 'string' ? error.type : undefined;
  const trace = typeof error.fbtrace_id === 'string' ? error.fbtrace_id : undefined;
  const message =
    typeof error.message === 'string' ? redact(error.message, secrets).slice(0, 300) : 'no message';
  const label = [
    code !== undefined ? `code ${code}` : '',
    subcode !== undefined ? `subcode ${subcode}` : '',
    type ?? '',
  ]
    .filter(Boolean)
    .join(', ');
  return new GraphApiError(
    `Graph API answered HTTP ${status}: ${message}${label ? ` (${label})` : ''}.`,
    'http',
    status,
    code,
    subcode,
    trace,
  );
}

function redact(text: string, secrets: string[]): string {
  let result = text;
  for (const secret of secrets) result = result.split(secret).join('***');
  // Any other long number may be an id of a person (Graph quotes object ids in its messages).
  return result.replace(/\d{6,}/g, '***');
}

/** The system error code (ECONNREFUSED, ENOTFOUND...) only: messages can carry host names and paths. */
function networkReason(error: unknown): string {
  const cause = error instanceof Error ? (error as Error & { cause?: unknown }).cause : undefined;
  const code = isRecord(cause) && typeof cause.code === 'string' ? cause.code : undefined;
  return code && /^[A-Z_]{2,40}$/.test(code) ? code : 'connection failed';
}
