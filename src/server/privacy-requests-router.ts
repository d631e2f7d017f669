import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { ConfigurationError } from '../core/errors';
import {
  isFinished,
  isOverdue,
  isPrivacyRequestId,
  operatorOrder,
  PrivacyRequestTransitionError,
  type PrivacyRequest,
} from '../core/requests/privacy-request';
import { InvalidPrivacyRequestError, parsePrivacyRequestInput } from '../core/requests/privacy-request-input';
import { PrivacyRequestNotFoundError, type PrivacyRequests } from '../core/requests/privacy-requests';
import {
  isOperatorRequestsLanguage,
  OPERATOR_REQUESTS_TEXTS,
  type OperatorRequestsLanguage,
  type OperatorRequestsTexts,
} from '../i18n/operator-requests-texts';
import { checkPageBrand, privatePageHeaders, sendHtmlPage, type PageBrand } from './html-page';
import {
  requestDetailPage,
  requestListPage,
  requestLoginPage,
  type AuditSection,
  type AuditCheckResult,
} from './privacy-requests-page';
import { OperatorCredentials } from './operator-credentials';
import { FixedWindowRateLimiter } from './rate-limiter';
import { ResponseSink } from './response-sink';

/** Options of {@link privacyRequestsRouter}. */
export interface PrivacyRequestsRouterOptions {
  /** The operator token (the example's `PRIVACY_OPERATOR_TOKEN`), at least 16 characters. */
  token: string;
  /** The requests service (files, runs and reads requests). */
  requests: PrivacyRequests;
  /** Where the API and page are served. Default `/privacy/requests`. */
  path?: string;
  /** Requests one operator credential may make per minute; beyond it, 429. Default 120. */
  requestsPerMinute?: number;
  /** Wrong tokens (bearer or sign-in form) taken per minute from anyone; beyond it, 429. Default 20. */
  maxFailedAuthPerMinute?: number;
  /** How the page looks (the Privacy Center's shell). Default: the name "Privacy". */
  brand?: PageBrand;
  /** Checks the audit log, shown on the page (e.g. the audit log's verify). Optional. */
  verifyAudit?: () => Promise<AuditCheckResult>;
  /** How long a page sign-in lasts, in seconds. Default 8 hours. */
  sessionSeconds?: number;
  /** Marks the session cookie `Secure`. Default: when the request came over HTTPS. */
  secureCookie?: boolean;
  /** Clock (tests). */
  now?: () => Date;
  /** Told about failures (storage down); errors of this library name no person. */
  onError?: (error: unknown) => void;
}

/** Name of the page's session cookie. */
export const PRIVACY_REQUESTS_SESSION_COOKIE = 'bbp_requests';

const MIN_TOKEN_LENGTH = 16;

/**
 * The operator's privacy-requests API and page (GDPR data-subject requests filed outside the chat).
 *
 * API (JSON, `Authorization: Bearer <token>`; a wrong or missing token gets 401):
 * - `POST <path>` `{kind: "export"|"erase", subjects: [{channelId, userId}], appScopedIds: [...],
 *   verify: "none"|"in_chat", note}` (up to 1,000 people in all): 202 `{id, state}`; bad input 400 `{error}`.
 * - `GET <path>`: `{requests: [...]}`, overdue first. `GET <path>/<id>`: one request
 *   (`{id, kind, state, receivedAt, dueAt, ...}`, ISO 8601 times).
 * - `GET <path>/<id>/result`: the result file (export, or erasure receipts), once; then 410.
 * - `POST <path>/<id>/extend` `{reason, months}` and `POST <path>/<id>/refuse` `{reason}`.
 *
 * In a browser (Accept: text/html) the same GET routes are the operator page: a sign-in form sets a
 * session cookie (HttpOnly, SameSite=Strict, signed with a key derived from the token) that opens the GET
 * routes only; everything that changes a request needs the bearer token. Every answer is
 * `Cache-Control: no-store`; pages run no script (CSP of the shared page shell).
 *
 * Mount it only when a token is configured: without the router every path is a plain 404.
 */
export function privacyRequestsRouter(options: PrivacyRequestsRouterOptions): Router {
  const token = options?.token;
  if (typeof token !== 'string' || token.length < MIN_TOKEN_LENGTH) {
    throw new ConfigurationError(
      `The privacy requests API needs a token of at least ${MIN_TOKEN_LENGTH} characters (PRIVACY_OPERATOR_TOKEN).`,
    );
  }
  if (!options.requests) throw new ConfigurationError('privacyRequestsRouter needs `requests`.');
  const path = options.path ?? '/privacy/requests';
  if (!/^\/[A-Za-z0-9/_-]*[A-Za-z0-9_-]$/.test(path)) {
    throw new ConfigurationError(`The path "${path}" must start with "/" and not end with "/".`);
  }
  const service = options.requests;
  const brand = checkPageBrand(options.brand ?? { name: 'Privacy' });
  const now = options.now ?? (() => new Date());
  const onError = options.onError ?? (() => undefined);
  const sessionSeconds = options.sessionSeconds ?? 8 * 3600;
  const perCredential = new FixedWindowRateLimiter({
    limit: options.requestsPerMinute ?? 120,
    windowMs: 60_000,
    maxKeys: 100,
    now: () => now().getTime(),
  });
  const failures = new FixedWindowRateLimiter({
    limit: options.maxFailedAuthPerMinute ?? 20,
    windowMs: 60_000,
    maxKeys: 1,
    now: () => now().getTime(),
  });
  const credentials = new OperatorCredentials(token, {
    cookieName: PRIVACY_REQUESTS_SESSION_COOKIE,
    purpose: 'botbuilder-privacy requests session',
    path,
    sessionSeconds,
    secureCookie: options.secureCookie,
    now,
  });

  const languageOf = (req: Request): OperatorRequestsLanguage => {
    const asked = req.query.lang;
    if (isOperatorRequestsLanguage(asked)) return asked;
    return (req.acceptsLanguages('en', 'es', 'sv') || 'en') as OperatorRequestsLanguage;
  };
  const textsOf = (req: Request): OperatorRequestsTexts => OPERATOR_REQUESTS_TEXTS[languageOf(req)];
  const wantsPage = (req: Request) =>
    req.method === 'GET' && req.query.format !== 'json' && req.accepts(['json', 'html']) === 'html';
  const page = (req: Request, res: Response, status: number, parts: { title: string; body: string }) =>
    sendHtmlPage(res, status, { language: languageOf(req), brand, ...parts });
  const loginPage = (req: Request, res: Response, returnTo: string, problem?: 'failed' | 'throttled') =>
    page(
      req,
      res.set('www-authenticate', 'Bearer'),
      problem === 'throttled' ? 429 : 401,
      requestLoginPage(textsOf(req), `${req.baseUrl}${path}/login`, returnTo, problem),
    );
  const tooMany = (res: Response, retryAfterSeconds: number) =>
    res
      .status(429)
      .set('Retry-After', String(retryAfterSeconds))
      .json({ error: 'Too many requests; try again later.' });

  const router = express.Router();
  router.use(path, (_req, res, next) => {
    res.set(privatePageHeaders());
    next();
  });

  router.post(`${path}/login`, express.urlencoded({ extended: false, limit: '4kb' }), (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const returnTo = safeReturnTo(body.returnTo, `${req.baseUrl}${path}`);
    if (!credentials.acceptsToken(body.token)) {
      const { allowed } = failures.take('failed');
      loginPage(req, res, returnTo, allowed ? 'failed' : 'throttled');
      return;
    }
    res.status(303).set('set-cookie', credentials.startSession(req)).location(returnTo).end();
  });

  router.post(`${path}/logout`, (req, res) => {
    res.status(303).set('set-cookie', credentials.endSession(req)).location(`${req.baseUrl}${path}`).end();
  });

  // Every other route: the bearer token (or, for reading, a page session), then the rate limit.
  const authenticate = (req: Request, res: Response, next: NextFunction) => {
    const authorization = req.get('authorization');
    let credential: string;
    if (authorization !== undefined) {
      if (!credentials.acceptsAuthorization(authorization)) {
        const { allowed, retryAfterSeconds } = failures.take('failed');
        if (!allowed) return tooMany(res, retryAfterSeconds);
        res.status(401).set('www-authenticate', 'Bearer').json({ error: 'Unauthorized.' });
        return;
      }
      credential = 'bearer';
    } else if (req.method === 'GET' && credentials.hasSession(req)) {
      credential = 'session';
    } else if (wantsPage(req)) {
      loginPage(req, res, req.originalUrl.split('?')[0]);
      return;
    } else {
      res.status(401).set('www-authenticate', 'Bearer').json({ error: 'Unauthorized.' });
      return;
    }
    const { allowed, retryAfterSeconds } = perCredential.take(credential);
    if (!allowed) return tooMany(res, retryAfterSeconds);
    res.locals.pageSession = credential === 'session';
    next();
  };

  const logoutAction = (req: Request, res: Response) =>
    res.locals.pageSession ? `${req.baseUrl}${path}/logout` : undefined;
  const json = express.json({ limit: '512kb' });

  router.post(path, authenticate, json, async (req, res) => {
    let input;
    try {
      input = parsePrivacyRequestInput(req.body);
    } catch (error) {
      if (error instanceof InvalidPrivacyRequestError) {
        res.status(400).json({ error: error.message });
        return;
      }
      throw error;
    }
    try {
      const request = await service.submit(input);
      res
        .status(202)
        .location(`${req.baseUrl}${path}/${request.id}`)
        .json({ id: request.id, state: request.state });
    } catch (error) {
      if (error instanceof InvalidPrivacyRequestError) {
        res.status(400).json({ error: error.message });
        return;
      }
      unavailable(res, error);
    }
  });

  router.get(path, authenticate, async (req, res) => {
    let requests: PrivacyRequest[];
    try {
      requests = operatorOrder(await service.list(), now());
    } catch (error) {
      unavailable(res, error);
      return;
    }
    if (!wantsPage(req)) {
      res.json({ requests: requests.map((r) => requestJson(r, now())) });
      return;
    }
    const audit = await auditSection();
    page(
      req,
      res,
      200,
      requestListPage(requests, textsOf(req), {
        basePath: `${req.baseUrl}${path}`,
        now: now(),
        audit,
        logoutAction: logoutAction(req, res),
      }),
    );
  });

  router.get(`${path}/:id`, authenticate, async (req, res) => {
    const id = String(req.params.id);
    let request: PrivacyRequest | undefined;
    try {
      request = await service.get(id);
    } catch (error) {
      unavailable(res, error);
      return;
    }
    if (!request) {
      if (wantsPage(req)) {
        const texts = textsOf(req);
        page(req, res, 404, { title: texts.notFound, body: `<p>${texts.notFound}</p>` });
      } else res.status(404).json({ error: 'No privacy request has this id.' });
      return;
    }
    const note = safeNote(request);
    if (!wantsPage(req)) {
      res.json({
        ...requestJson(request, now()),
        subjectDigests: request.subjectDigests,
        ...(note !== undefined ? { note } : {}),
      });
      return;
    }
    page(
      req,
      res,
      200,
      requestDetailPage(request, textsOf(req), {
        basePath: `${req.baseUrl}${path}`,
        now: now(),
        note,
        logoutAction: logoutAction(req, res),
      }),
    );
  });

  router.get(`${path}/:id/result`, authenticate, async (req, res) => {
    const id = String(req.params.id);
    try {
      const taken = isPrivacyRequestId(id) ? await service.takeResult(id) : { status: 'not_found' };
      if (taken.status === 'ok' && 'chunks' in taken) {
        // Streamed chunk by chunk with backpressure; a failure after the first chunk aborts the
        // connection, so the client never gets a truncated file that looks complete.
        const sink = new ResponseSink(res, () =>
          res
            .status(200)
            .type('application/json')
            .set('Content-Disposition', `attachment; filename="${taken.fileName}"`),
        );
        try {
          for await (const chunk of taken.chunks) await sink.write(chunk);
        } catch (error) {
          if (!res.headersSent) throw error;
          onError(error);
          res.destroy();
          return;
        }
        res.end();
        return;
      }
      const [status, error] =
        taken.status === 'not_found'
          ? [404, 'No privacy request has this id.']
          : taken.status === 'not_ready'
            ? [409, 'The request has not finished; its result is not ready.']
            : [410, 'The result was already downloaded or has expired; it is not kept.'];
      res.status(status).json({ error });
    } catch (error) {
      unavailable(res, error);
    }
  });

  router.post(`${path}/:id/extend`, authenticate, json, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const months = body.months === undefined ? 1 : body.months;
    await change(res, () => service.extend(String(req.params.id), body.reason as string, months as number));
  });

  router.post(`${path}/:id/refuse`, authenticate, json, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    await change(res, () => service.refuse(String(req.params.id), body.reason as string));
  });

  // Any other path under the API: authenticated like the rest (401 without the token), then 404.
  router.all(`${path}/*rest`, authenticate, (_req, res) => {
    res.status(404).json({ error: 'No such privacy requests route.' });
  });

  // Errors of the body parser (bad JSON, too large): a 400 JSON answer, never an HTML stack trace.
  router.use(path, (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status = (error as { status?: unknown })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).json({
        error:
          status === 413
            ? 'The request body is too large (at most 512 kB).'
            : 'The request body must be valid JSON.',
      });
      return;
    }
    unavailable(res, error);
  });

  async function change(res: Response, work: () => Promise<PrivacyRequest>): Promise<void> {
    try {
      res.json(requestJson(await work(), now()));
    } catch (error) {
      if (error instanceof PrivacyRequestNotFoundError) res.status(404).json({ error: error.message });
      else if (error instanceof PrivacyRequestTransitionError) res.status(409).json({ error: error.message });
      else unavailable(res, error);
    }
  }

  async function auditSection(): Promise<AuditSection> {
    if (!options.verifyAudit) return undefined;
    try {
      return { verification: await options.verifyAudit() };
    } catch (error) {
      onError(error);
      return { unavailable: true };
    }
  }

  function safeNote(request: PrivacyRequest): string | undefined {
    try {
      return service.noteOf(request);
    } catch (error) {
      onError(error); // a note sealed with a key no longer configured: shown as absent
      return undefined;
    }
  }

  function unavailable(res: Response, error: unknown): void {
    onError(error);
    res.status(503).json({ error: 'Privacy requests cannot be handled now. Try again later.' });
  }

  return router;
}

/** The API's view of a request (no sealed values). */
function requestJson(request: PrivacyRequest, now: Date) {
  return {
    id: request.id,
    kind: request.kind,
    state: request.state,
    receivedAt: request.receivedAt,
    dueAt: request.dueAt,
    overdue: isOverdue(request, now),
    updatedAt: request.updatedAt,
    ...(request.completedAt ? { completedAt: request.completedAt } : {}),
    verify: request.verify,
    requested: request.requested,
    subjects: request.subjectDigests.length,
    done: request.done,
    extensions: request.extensions,
    ...(request.confirmationExpiresAt && !isFinished(request.state)
      ? { confirmationExpiresAt: request.confirmationExpiresAt }
      : {}),
    ...(request.refusalReason ? { refusalReason: request.refusalReason } : {}),
    ...(request.failureReason ? { failureReason: request.failureReason } : {}),
    ...(request.summary ? { summary: request.summary } : {}),
    ...(request.result
      ? {
          result: {
            available: !request.result.downloadedAt && request.result.expiresAt > now.toISOString(),
            expiresAt: request.result.expiresAt,
            ...(request.result.downloadedAt ? { downloadedAt: request.result.downloadedAt } : {}),
          },
        }
      : {}),
  };
}

/** Only a path of this app (no scheme, no `//host`): the sign-in never redirects elsewhere. */
function safeReturnTo(value: unknown, fallback: string): string {
  return typeof value === 'string' && /^\/(?![/\\])[A-Za-z0-9/_-]*$/.test(value) ? value : fallback;
}
