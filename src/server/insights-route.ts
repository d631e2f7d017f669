import express, { type Request, type Response, type Router } from 'express';
import { ConfigurationError } from '../core/errors';
import { lastUtcDays } from '../core/metrics/time-bucket';
import { INSIGHTS_TEXTS, isInsightsLanguage, type InsightsLanguage } from '../i18n/insights-texts';
import type { MetricCounterDay } from '../metrics/counter-layout';
import { escapeHtml } from '../core/html-escape';
import { htmlDocument, INSIGHTS_CONTENT_SECURITY_POLICY } from '../metrics/report/html-document';
import { renderInsightsHtml } from '../metrics/report/insights-html';
import { buildInsightsReport } from '../metrics/report/insights-report';
import { renderInsightsLoginPage } from './insights-login-page';
import { privatePageHeaders } from './html-page';
import { OperatorCredentials } from './operator-credentials';

/** Options of {@link insightsRouter}: the brand's token and where the daily counters are read from. */
export interface InsightsRouterOptions {
  /**
   * The secret that opens the page (the example's `METRICS_TOKEN`), sent as `Authorization: Bearer
   * <token>` or typed once into the sign-in form. At least 16 characters.
   */
  token: string;
  /**
   * Reads the anonymous counters of the given UTC days, e.g.
   * `(days) => readMetricCounterDays(redis, prefix, days)`.
   */
  readDays: (days: readonly string[]) => Promise<MetricCounterDay[]>;
  /** Where the page is served. Default `/privacy/insights`. */
  path?: string;
  /** Days shown when the query does not say (`?days=`). Default 30. */
  defaultDays?: number;
  /** Most days one request may ask for. Default 366. */
  maxDays?: number;
  /** How long a sign-in lasts, in seconds. Default 12 hours. */
  sessionSeconds?: number;
  /**
   * Marks the session cookie `Secure`. Default: when the request came over HTTPS (`req.secure`, which
   * honours express' `trust proxy`). Set it to `true` behind a TLS proxy that express does not trust.
   */
  secureCookie?: boolean;
  /**
   * Wrong tokens the sign-in form takes per minute, from anyone (nothing is kept per client, so no IP
   * address is stored); beyond it the form answers 429 until the minute is over. Bearer requests are not
   * affected. Default 20.
   */
  maxFailedLoginsPerMinute?: number;
  /** Clock (tests). */
  now?: () => Date;
  /** Told when the counters cannot be read (never with a token or an id). */
  log?: (message: string) => void;
}

/** Name of the session cookie the sign-in form sets. */
export const INSIGHTS_SESSION_COOKIE = 'bbp_insights';

const MIN_TOKEN_LENGTH = 16;

/**
 * Serves the brand's insights report (the same HTML as `npm run metrics:report -- --html`) at
 * `GET /privacy/insights[?days=30&lang=es]`, for the brand's staff only:
 * - a request with `Authorization: Bearer <token>` gets the page; a wrong bearer token gets 401;
 * - a browser without it gets a sign-in form (401); `POST <path>/login` with the right token sets a
 *   signed session cookie (HttpOnly, SameSite=Strict, scoped to the path, HMAC keyed by the token, so
 *   changing the token ends every session) and redirects to the page; `POST <path>/logout` clears it;
 *   after `maxFailedLoginsPerMinute` wrong tokens the form answers 429 for the rest of the minute;
 * - every answer is `Cache-Control: no-store`, under a Content-Security-Policy that lets nothing load or
 *   run, and must not be framed;
 * - the language is `?lang=` (en, es, sv), else the browser's `Accept-Language`, else English.
 *
 * Mount it only when a token is configured: without the router the path is a plain 404.
 * ```ts
 * if (process.env.METRICS_TOKEN) app.use(insightsRouter({ token: process.env.METRICS_TOKEN, readDays }));
 * ```
 */
export function insightsRouter(options: InsightsRouterOptions): Router {
  const token = options?.token;
  if (typeof token !== 'string' || token.length < MIN_TOKEN_LENGTH) {
    throw new ConfigurationError(
      `The insights page needs a token of at least ${MIN_TOKEN_LENGTH} characters (METRICS_TOKEN).`,
    );
  }
  if (typeof options.readDays !== 'function') {
    throw new ConfigurationError('The insights page needs `readDays` to read the counters.');
  }
  const path = options.path ?? '/privacy/insights';
  if (!/^\/[A-Za-z0-9/_-]*[A-Za-z0-9_-]$/.test(path)) {
    throw new ConfigurationError(`The insights path "${path}" must start with "/" and not end with "/".`);
  }
  const maxDays = options.maxDays ?? 366;
  const defaultDays = Math.min(options.defaultDays ?? 30, maxDays);
  const sessionSeconds = options.sessionSeconds ?? 12 * 3600;
  const now = options.now ?? (() => new Date());
  const log = options.log ?? (() => undefined);
  const maxFailures = options.maxFailedLoginsPerMinute ?? 20;
  let failures = { minute: 0, count: 0 };
  const failuresThisMinute = () => {
    const minute = Math.floor(now().getTime() / 60_000);
    if (failures.minute !== minute) failures = { minute, count: 0 };
    return failures;
  };
  const credentials = new OperatorCredentials(token, {
    cookieName: INSIGHTS_SESSION_COOKIE,
    purpose: 'botbuilder-privacy insights session',
    path,
    sessionSeconds,
    secureCookie: options.secureCookie,
    now,
  });

  /** The report's query, checked: undefined (and a 400 sent) when it is wrong. */
  const query = (req: Request, res: Response, source: Record<string, unknown>) => {
    const rawDays = source.days;
    const days = rawDays === undefined || rawDays === '' ? defaultDays : Number(rawDays);
    if (!Number.isInteger(days) || days < 1 || days > maxDays) {
      res.status(400).type('text/plain').send(`days must be a whole number from 1 to ${maxDays}.\n`);
      return undefined;
    }
    const rawLang = source.lang;
    if (rawLang !== undefined && rawLang !== '' && !isInsightsLanguage(rawLang)) {
      res.status(400).type('text/plain').send('lang must be en, es or sv.\n');
      return undefined;
    }
    const language: InsightsLanguage = isInsightsLanguage(rawLang)
      ? rawLang
      : ((req.acceptsLanguages('en', 'es', 'sv') || 'en') as InsightsLanguage);
    return { days, language, explicitLang: isInsightsLanguage(rawLang) ? rawLang : undefined };
  };
  const pageUrl = (req: Request, days: number, lang?: string) => {
    const params = new URLSearchParams();
    if (days !== defaultDays) params.set('days', String(days));
    if (lang) params.set('lang', lang);
    const search = params.toString();
    return `${req.baseUrl}${path}${search ? `?${search}` : ''}`;
  };
  const loginPage = (
    req: Request,
    res: Response,
    q: { days: number; language: InsightsLanguage; explicitLang?: string },
    problem?: 'failed' | 'throttled',
  ) => {
    const hidden: Record<string, string> = {};
    if (q.days !== defaultDays) hidden.days = String(q.days);
    if (q.explicitLang) hidden.lang = q.explicitLang;
    res
      .status(problem === 'throttled' ? 429 : 401)
      .set('www-authenticate', 'Bearer')
      .type('html')
      .send(
        renderInsightsLoginPage(
          INSIGHTS_TEXTS[q.language],
          q.language,
          `${req.baseUrl}${path}/login`,
          hidden,
          problem,
        ),
      );
  };

  const router = express.Router();
  router.use(path, (_req, res, next) => {
    res.set({
      ...privatePageHeaders(),
      'Content-Security-Policy': `${INSIGHTS_CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`,
    });
    next();
  });

  router.get(path, async (req, res) => {
    const q = query(req, res, req.query as Record<string, unknown>);
    if (!q) return;
    const authorization = req.get('authorization');
    const byBearer = authorization !== undefined;
    if (byBearer && !credentials.acceptsAuthorization(authorization)) {
      res.status(401).set('www-authenticate', 'Bearer').type('text/plain').send('Unauthorized\n');
      return;
    }
    if (!byBearer && !credentials.hasSession(req)) {
      loginPage(req, res, q);
      return;
    }
    const texts = INSIGHTS_TEXTS[q.language];
    let counterDays: MetricCounterDay[];
    try {
      counterDays = await options.readDays(lastUtcDays(q.days, now()));
    } catch (error) {
      log(`insights: counters unavailable (${error instanceof Error ? error.name : 'error'})`);
      res
        .status(503)
        .type('html')
        .send(htmlDocument(q.language, texts.title, `<p>${escapeHtml(texts.unavailable)}</p>`));
      return;
    }
    const html = renderInsightsHtml(buildInsightsReport(counterDays), {
      language: q.language,
      logoutAction: byBearer ? undefined : `${req.baseUrl}${path}/logout`,
    });
    res.status(200).type('html').send(html);
  });

  router.post(`${path}/login`, express.urlencoded({ extended: false, limit: '4kb' }), (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const q = query(req, res, body);
    if (!q) return;
    const recent = failuresThisMinute();
    if (recent.count >= maxFailures) {
      loginPage(req, res, q, 'throttled');
      return;
    }
    if (!credentials.acceptsToken(body.token)) {
      recent.count++;
      loginPage(req, res, q, 'failed');
      return;
    }
    res
      .status(303)
      .set('set-cookie', credentials.startSession(req))
      .location(pageUrl(req, q.days, q.explicitLang))
      .end();
  });

  router.post(`${path}/logout`, (req, res) => {
    res.status(303).set('set-cookie', credentials.endSession(req)).location(`${req.baseUrl}${path}`).end();
  });

  return router;
}
