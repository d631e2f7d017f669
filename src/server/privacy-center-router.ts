import { createHash } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { ConfigurationError } from '../core/errors';
import type { PrivacyCenterBackend } from '../core/privacy-center';
import type { PrivacyCenterGrant, PrivacyCenterLinks } from '../core/privacy-center-link';
import { format, type Localizer } from '../i18n/localizer';
import type { PrivacyTexts } from '../i18n/texts';
import {
  browserLanguage,
  checkPageBrand,
  privatePageHeaders,
  sendHtmlPage,
  type CheckedPageBrand,
  type PageBrand,
} from './html-page';
import {
  renderCenterBody,
  renderConfirmBody,
  renderDeletedBody,
  renderMessageBody,
  type CenterPageContext,
} from './privacy-center-page';
import { FixedWindowRateLimiter } from './rate-limiter';
import { ResponseSink } from './response-sink';

/**
 * Options of {@link privacyCenterRouter}: the links, the backend that reads and erases, the texts, the
 * brand's look and the rate limit.
 */
export interface PrivacyCenterRouterOptions {
  /** The links the chat hands out (the same instance as `createPrivacy({ privacyCenter })`). */
  links: PrivacyCenterLinks;
  /** What the page shows and does: `privacyCenterBackend(privacy)`. */
  backend: PrivacyCenterBackend;
  /** Texts (the privacy layer's: `privacy.localizer`, with the brand's overrides). */
  localizer: Localizer;
  /** Name, colours and logo of the pages. */
  brand: PageBrand;
  /** Linked at the bottom of the page. */
  policyUrl?: string;
  /** Requests per link and window. Default 30 per minute, at most 10 000 links tracked. */
  rateLimit?: { limit?: number; windowMs?: number; maxKeys?: number };
  /** Told about failures (storage down...). Errors of this library carry no user ids. */
  onError?: (error: unknown) => void;
}

/**
 * The Privacy Center: an express Router serving, under `links.path` (default `/privacy/center`):
 *
 * - `GET /<token>`: the page (what is held, download, consents with Withdraw, *Delete everything*), with
 *   the newest 50 messages of the chat history; `GET /<token>?before=<cursor>`: the next older ones;
 * - `GET /<token>/my-data.json`: the export as an attachment, streamed with backpressure;
 * - `POST /<token>/withdraw` (`purpose`, `csrf`): withdraws a consent, then back to the page (303);
 * - `GET /<token>/delete`, then `POST /<token>/delete` (`csrf`): erases everything, shows the code.
 *
 * Forged tokens get 403, expired ones and those of erased people 410, in the person's language and
 * without any detail; forms without the link's CSRF token 403; too many requests per link 429; storage
 * failures 503. Every answer is `no-store`, `no-referrer`, not frameable, with a CSP that allows no script.
 *
 * @example
 * app.use(privacyCenterRouter({ links, backend: privacyCenterBackend(privacy),
 *   localizer: privacy.localizer, brand: { name: 'Home Services', colors: { primary: '#0a7' } } }));
 */
export function privacyCenterRouter(options: PrivacyCenterRouterOptions): Router {
  const settings = validate(options);
  const { links, backend, localizer } = settings;
  const limiter = new FixedWindowRateLimiter({
    limit: options.rateLimit?.limit ?? 30,
    windowMs: options.rateLimit?.windowMs ?? 60_000,
    maxKeys: options.rateLimit?.maxKeys ?? 10_000,
  });
  const languageOfTable = new Map(
    localizer.languages.map((language) => [localizer.texts(language), language]),
  );
  const router = express.Router();
  const base = links.path;
  const form = express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 10 });

  /** Rate limit, token check and refusal pages; calls `handle` with a valid grant. */
  const withGrant =
    (
      handle: (req: Request, res: Response, grant: PrivacyCenterGrant, texts: PrivacyTexts) => Promise<void>,
    ) =>
    async (req: Request, res: Response): Promise<void> => {
      const token = String(req.params.token ?? '');
      const limited = limiter.take(createHash('sha256').update(token).digest('base64url').slice(0, 22));
      if (!limited.allowed) {
        const texts = localizer.texts(browserLanguage(req, localizer));
        res.set('Retry-After', String(limited.retryAfterSeconds));
        refuse(res, 429, texts, texts.center.tooManyTitle, texts.center.tooMany, 'too-many');
        return;
      }
      let check;
      try {
        check = await links.check(token);
      } catch (error) {
        unavailable(req, res, error);
        return;
      }
      if (check.status === 'forged') {
        const texts = localizer.texts(browserLanguage(req, localizer));
        const { forbiddenTitle, forbidden } = texts.center;
        refuse(res, 403, texts, forbiddenTitle, forbidden, 'forbidden');
        return;
      }
      if (check.status !== 'valid') {
        const texts = localizer.texts(check.language);
        const { expiredTitle, expired } = texts.center;
        refuse(res, 410, texts, expiredTitle, expired, 'expired');
        return;
      }
      const texts = localizer.texts(check.grant.language);
      try {
        await handle(req, res, check.grant, texts);
      } catch (error) {
        unavailable(req, res, error, texts);
      }
    };

  /** POST forms: the CSRF token bound to the link, else 403 and nothing changes. */
  const withCsrf = (
    handle: (req: Request, res: Response, grant: PrivacyCenterGrant, texts: PrivacyTexts) => Promise<void>,
  ) =>
    withGrant(async (req, res, grant, texts) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (!links.checkCsrf(grant, body.csrf)) {
        const { forbiddenTitle, formRefused } = texts.center;
        refuse(res, 403, texts, forbiddenTitle, formRefused, 'form-refused');
        return;
      }
      await handle(req, res, grant, texts);
    });

  router.get(
    `${base}/:token`,
    withGrant(async (req, res, grant, texts) => {
      const language = localizer.languageOf(grant.language);
      const before = req.query.before;
      if (before !== undefined && typeof before !== 'string') {
        const { forbiddenTitle, formRefused } = texts.center;
        refuse(res, 400, texts, forbiddenTitle, formRefused, 'bad-request');
        return;
      }
      let view;
      try {
        view = await backend.view(grant.subject, language, { before });
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
        // A cursor no page handed out (edited by hand): refused, nothing about the person.
        const { forbiddenTitle, formRefused } = texts.center;
        refuse(res, 400, texts, forbiddenTitle, formRefused, 'bad-request');
        return;
      }
      const withdrawn = typeof req.query.withdrawn === 'string' ? req.query.withdrawn : undefined;
      const purpose = withdrawn && view.consents.find((c) => c.purposeId === withdrawn)?.purpose;
      const notice = purpose ? format(texts.consents.done, { purpose }) : undefined;
      const body = renderCenterBody(view, { ...context(req, grant, texts), paged: Boolean(before) }, notice);
      page(res, 200, texts, texts.center.title, body);
    }),
  );

  router.get(
    `${base}/:token/my-data.json`,
    withGrant(async (_req, res, grant) => {
      // Streamed: the headers go with the first chunk, so a store that is down before anything is read
      // still gets the 503 page; a failure after that aborts the connection (the browser shows a failed
      // download, never a truncated file that looks complete).
      const sink = new ResponseSink(res, () =>
        res
          .status(200)
          .set({
            ...privatePageHeaders(),
            'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
            'Content-Disposition': 'attachment; filename="my-data.json"',
          })
          .type('application/json'),
      );
      try {
        await backend.writeExport(grant.subject, sink);
      } catch (error) {
        if (!res.headersSent) throw error;
        settings.onError?.(error);
        res.destroy();
        return;
      }
      res.end();
    }),
  );

  router.post(
    `${base}/:token/withdraw`,
    form,
    withCsrf(async (req, res, grant) => {
      const purposeId = String((req.body as Record<string, unknown>).purpose ?? '');
      const withdrawn = await backend.withdraw(
        grant.subject,
        purposeId,
        localizer.languageOf(grant.language),
      );
      const target = pageBase(req);
      res
        .set(privatePageHeaders())
        .redirect(303, withdrawn ? `${target}?withdrawn=${encodeURIComponent(purposeId)}` : target);
    }),
  );

  router.get(
    `${base}/:token/delete`,
    withGrant(async (req, res, grant, texts) => {
      page(res, 200, texts, texts.center.confirmHeading, renderConfirmBody(context(req, grant, texts)));
    }),
  );

  router.post(
    `${base}/:token/delete`,
    form,
    withCsrf(async (_req, res, grant, texts) => {
      let code: string;
      try {
        code = (await backend.erase(grant.subject)).confirmationCode;
      } catch (error) {
        settings.onError?.(error);
        const { unavailableTitle } = texts.center;
        refuse(res, 503, texts, unavailableTitle, texts.delete.failed, 'unavailable');
        return;
      }
      page(res, 200, texts, texts.center.title, renderDeletedBody(texts, code));
    }),
  );

  // Errors of the form parser (too large, bad encoding): a plain refusal, never a stack trace.
  router.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const texts = localizer.texts(browserLanguage(req, localizer));
    const status = (error as { status?: unknown })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const { forbiddenTitle, formRefused } = texts.center;
      refuse(res, 400, texts, forbiddenTitle, formRefused, 'bad-request');
      return;
    }
    unavailable(req, res, error, texts);
  });

  function page(res: Response, status: number, texts: PrivacyTexts, title: string, body: string): void {
    sendHtmlPage(res, status, { language: languageOfTexts(texts), title, body, brand: settings.brand });
  }

  /** A short page that says why a request was refused (or failed), and nothing else. */
  function refuse(
    res: Response,
    status: number,
    texts: PrivacyTexts,
    title: string,
    message: string,
    id: string,
  ): void {
    page(res, status, texts, title, renderMessageBody(title, message, id));
  }

  /** The address of this link's page, as the browser reached it. */
  function pageBase(req: Request): string {
    return `${req.baseUrl}${base}/${encodeURIComponent(String(req.params.token))}`;
  }

  function context(req: Request, grant: PrivacyCenterGrant, texts: PrivacyTexts): CenterPageContext {
    return {
      texts,
      language: languageOfTexts(texts),
      brandName: settings.brand.name,
      policyUrl: settings.policyUrl,
      base: pageBase(req),
      csrf: links.csrfToken(grant),
    };
  }

  function unavailable(req: Request, res: Response, error: unknown, texts?: PrivacyTexts): void {
    settings.onError?.(error);
    const shown = texts ?? localizer.texts(browserLanguage(req, localizer));
    const { unavailableTitle } = shown.center;
    refuse(res, 503, shown, unavailableTitle, shown.common.storageUnavailable, 'unavailable');
  }

  /** The language code of a text table (the localizer hands out one table per language, built once). */
  function languageOfTexts(texts: PrivacyTexts): string {
    return languageOfTable.get(texts) ?? localizer.fallbackLanguage;
  }

  return router;
}

interface Settings {
  links: PrivacyCenterLinks;
  backend: PrivacyCenterBackend;
  localizer: Localizer;
  brand: CheckedPageBrand;
  policyUrl?: string;
  onError?: (error: unknown) => void;
}

function validate(options: PrivacyCenterRouterOptions): Settings {
  if (!options) throw new ConfigurationError('privacyCenterRouter needs options.');
  const missing = (['links', 'backend', 'localizer', 'brand'] as const).filter((k) => !options[k]);
  if (missing.length > 0) throw new ConfigurationError(`privacyCenterRouter needs: ${missing.join(', ')}.`);
  if (options.policyUrl !== undefined && !/^https?:\/\//.test(options.policyUrl)) {
    throw new ConfigurationError('policyUrl must be an http(s) URL.');
  }
  return {
    links: options.links,
    backend: options.backend,
    localizer: options.localizer,
    brand: checkPageBrand(options.brand),
    policyUrl: options.policyUrl,
    onError: options.onError,
  };
}
