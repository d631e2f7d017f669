import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { newConfirmationCode, type ErasureReceipt, type SubjectErasure } from '../core/erasure';
import { ConfigurationError } from '../core/errors';
import type { DataSubject } from '../core/subject';
import type { AppScopedIdLinks } from './app-scoped-id-links';
import { renderDeletionStatusPage } from './data-deletion-page';
import { DATA_DELETION_PAGE_TEXTS, type DataDeletionPageTexts } from './data-deletion-texts';
import { isConfirmationCode, type DeletionStatus, type DeletionStatusStore } from './deletion-status';
import { parseSignedRequest, SignedRequestError } from './signed-request';

export interface FacebookDataDeletionOptions {
  /** The Facebook app secret that signs `signed_request`. */
  appSecret: string;
  /** Erases everything the bot holds for one subject (e.g. RedisStorage, or a composite of stores). */
  eraser: SubjectErasure;
  /** Which page-scoped subjects an app-scoped id stands for. */
  accountLinks: AppScopedIdLinks;
  /** Where deletion statuses are kept for the status page. */
  statuses: DeletionStatusStore;
  /** Public origin (and mount path, if any) of this app, e.g. `https://bot.example.com`. */
  statusBaseUrl: string;
  /** Path of the callback. Default `/privacy/facebook/data-deletion`; the status page is under `<path>/status/`. */
  path?: string;
  /**
   * Refuse requests signed longer ago than this. Unset by default: a deletion refused over a clock
   * problem is worse than a replayed one (which erases nothing new).
   */
  maxAgeSeconds?: number;
  /**
   * Decides whether a deletion must be refused (e.g. data under a legal hold). Return the reason, worded
   * for the person: it is shown on the status page. Return undefined to go ahead.
   */
  refusal?: (subjects: readonly DataSubject[]) => string | undefined | Promise<string | undefined>;
  /** Status page texts by language code. Default: English, Spanish, Swedish. */
  texts?: Readonly<Record<string, DataDeletionPageTexts>>;
  /** Language used when the browser asks for none of `texts`. Default `en`. */
  defaultLanguage?: string;
  /** Told about failures (storage down...). Errors of this library carry no user ids. */
  onError?: (error: unknown) => void;
}

const DEFAULT_PATH = '/privacy/facebook/data-deletion';

/**
 * An express Router for Meta's Data Deletion Request Callback.
 *
 * - `POST <path>` (form field `signed_request`): verifies the request, erases every subject linked to
 *   the app-scoped id, forgets the links, and answers `{url, confirmation_code}`. A bad request gets 400
 *   `{error}` and nothing is deleted; a storage failure gets 503 `{error}` so the request can be retried.
 * - `GET <path>/status/:code`: a page for the person (HTML; JSON with `Accept: application/json` or
 *   `?format=json`) saying the data was deleted, that none was held, or why the deletion was refused.
 *
 * Mount it at the root of the app: `app.use(facebookDataDeletionRouter({...}))`.
 */
export function facebookDataDeletionRouter(options: FacebookDataDeletionOptions): Router {
  const settings = validate(options);
  const router = express.Router();

  router.post(
    settings.path,
    express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 20 }),
    async (req: Request, res: Response) => {
      res.set('Cache-Control', 'no-store');
      let asid: string;
      try {
        const body: unknown = req.body;
        const signed =
          typeof body === 'object' && body !== null
            ? (body as Record<string, unknown>).signed_request
            : undefined;
        asid = parseSignedRequest(signed, settings.appSecret, {
          maxAgeSeconds: settings.maxAgeSeconds,
        }).userId;
      } catch (error) {
        if (error instanceof SignedRequestError) {
          res.status(400).json({ error: error.message });
          return;
        }
        throw error;
      }
      try {
        const status = await handleDeletion(asid, settings);
        res.json({
          url: statusUrl(settings, status.confirmationCode),
          confirmation_code: status.confirmationCode,
        });
      } catch (error) {
        settings.onError?.(error);
        res.status(503).json({
          error: 'The deletion could not be completed now; nothing was confirmed. Try again later.',
        });
      }
    },
  );

  router.get(`${settings.path}/status/:code`, async (req: Request, res: Response) => {
    const code = String(req.params.code ?? '');
    let status: DeletionStatus | undefined;
    try {
      status = isConfirmationCode(code) ? await settings.statuses.get(code) : undefined;
    } catch (error) {
      settings.onError?.(error);
      res.status(503).json({ error: 'Deletion statuses cannot be read now. Try again later.' });
      return;
    }
    res.set({
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
    });
    res.status(status ? 200 : 404);
    if (
      req.query.format === 'json' ||
      (req.query.format === undefined && req.accepts(['html', 'json']) === 'json')
    ) {
      res.json(
        status ? statusJson(status) : { error: 'No data deletion request has this confirmation code.' },
      );
      return;
    }
    const language = pickLanguage(req, settings);
    res.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    res.type('html').send(renderDeletionStatusPage(status, code, settings.texts[language], language));
  });

  // Errors of the body parser (too large, bad encoding): a 400 JSON answer, never an HTML stack trace.
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status = (error as { status?: unknown })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).json({ error: 'The request body could not be read.' });
      return;
    }
    settings.onError?.(error);
    res.status(500).json({ error: 'Internal error.' });
  });
  return router;
}

type Settings = Required<
  Pick<FacebookDataDeletionOptions, 'appSecret' | 'eraser' | 'accountLinks' | 'statuses' | 'path'>
> &
  Pick<FacebookDataDeletionOptions, 'maxAgeSeconds' | 'refusal' | 'onError'> & {
    statusBaseUrl: string;
    texts: Readonly<Record<string, DataDeletionPageTexts>>;
    defaultLanguage: string;
  };

async function handleDeletion(asid: string, settings: Settings): Promise<DeletionStatus> {
  const requestedAt = new Date().toISOString();
  const subjects = await settings.accountLinks.subjectsFor(asid);
  const base = { confirmationCode: newConfirmationCode(), requestedAt };
  let status: DeletionStatus;
  const reason = subjects.length > 0 && settings.refusal ? await settings.refusal(subjects) : undefined;
  if (subjects.length === 0) {
    status = { ...base, ...nothingErased(), outcome: 'no-data', verified: true };
  } else if (reason) {
    status = { ...base, ...nothingErased(), outcome: 'refused', verified: false, refusalReason: reason };
  } else {
    const receipts: ErasureReceipt[] = [];
    for (const subject of subjects) receipts.push(await settings.eraser.eraseSubject(subject));
    await settings.accountLinks.unlink(asid);
    status = {
      ...base,
      outcome: 'completed',
      completedAt: new Date().toISOString(),
      subjectsErased: receipts.length,
      itemsRemoved: receipts.reduce((sum, r) => sum + r.keysRemoved, 0),
      verified: receipts.every((r) => r.verified),
      receiptCodes: receipts.map((r) => r.confirmationCode),
    };
  }
  await settings.statuses.save(status);
  return status;
}

function nothingErased() {
  return { completedAt: new Date().toISOString(), subjectsErased: 0, itemsRemoved: 0, receiptCodes: [] };
}

function statusJson(status: DeletionStatus) {
  return {
    confirmation_code: status.confirmationCode,
    status: status.outcome,
    requested_at: status.requestedAt,
    completed_at: status.completedAt,
    subjects_erased: status.subjectsErased,
    items_removed: status.itemsRemoved,
    verified: status.verified,
    ...(status.refusalReason ? { reason: status.refusalReason } : {}),
  };
}

function statusUrl(settings: Settings, code: string): string {
  return `${settings.statusBaseUrl}${settings.path}/status/${code}`;
}

function pickLanguage(req: Request, settings: Settings): string {
  const languages = Object.keys(settings.texts);
  const asked = typeof req.query.lang === 'string' ? req.query.lang : undefined;
  if (asked && languages.includes(asked)) return asked;
  const accepted = req.acceptsLanguages(...languages);
  return typeof accepted === 'string' && languages.includes(accepted) ? accepted : settings.defaultLanguage;
}

function validate(options: FacebookDataDeletionOptions): Settings {
  if (!options) throw new ConfigurationError('facebookDataDeletionRouter needs options.');
  const missing = (['appSecret', 'eraser', 'accountLinks', 'statuses', 'statusBaseUrl'] as const).filter(
    (k) => !options[k],
  );
  if (missing.length > 0)
    throw new ConfigurationError(`facebookDataDeletionRouter needs: ${missing.join(', ')}.`);
  let base: URL;
  try {
    base = new URL(options.statusBaseUrl);
  } catch {
    throw new ConfigurationError('statusBaseUrl must be an absolute http(s) URL.');
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw new ConfigurationError('statusBaseUrl must be an absolute http(s) URL.');
  }
  const path = options.path ?? DEFAULT_PATH;
  if (!/^\/[A-Za-z0-9/_-]*[A-Za-z0-9_-]$/.test(path)) {
    throw new ConfigurationError('path must start with "/" and hold only letters, digits, "/", "_" and "-".');
  }
  const maxAge = options.maxAgeSeconds;
  if (maxAge !== undefined && (!Number.isFinite(maxAge) || maxAge <= 0)) {
    throw new ConfigurationError('maxAgeSeconds must be a positive number.');
  }
  const texts: Readonly<Record<string, DataDeletionPageTexts>> = options.texts ?? DATA_DELETION_PAGE_TEXTS;
  const defaultLanguage = options.defaultLanguage ?? 'en';
  if (!texts[defaultLanguage]) throw new ConfigurationError(`texts has no entry for the default language.`);
  return {
    appSecret: options.appSecret,
    eraser: options.eraser,
    accountLinks: options.accountLinks,
    statuses: options.statuses,
    statusBaseUrl: options.statusBaseUrl.replace(/\/+$/, ''),
    path,
    maxAgeSeconds: maxAge,
    refusal: options.refusal,
    onError: options.onError,
    texts,
    defaultLanguage,
  };
}
