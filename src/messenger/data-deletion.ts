import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { withAuditContext } from '../core/audit/audit-context';
import { settleWithin } from '../core/bounded-wait';
import { newConfirmationCode, type ErasureReceipt, type SubjectErasure } from '../core/erasure';
import { ConfigurationError, PrivacyError } from '../core/errors';
import { isHttpUrl } from '../core/http-url';
import type { MetricsRecorder } from '../core/metrics/metric-event';
import { MeteredErasure, type ErasureSource } from '../core/metrics/metered-erasure';
import type { DataSubject } from '../core/subject';
import { Localizer, type LocalizationOptions } from '../i18n/localizer';
import {
  browserLanguage,
  checkPageBrand,
  sendHtmlPage,
  type CheckedPageBrand,
  type PageBrand,
} from '../server/html-page';
import { deletionStatusPageBody } from './data-deletion-page';
import { isConfirmationCode, type DeletionStatus, type DeletionStatusStore } from './deletion-status';
import type { PageScopedIdResolver } from './page-scoped-id-resolver';
import { parseSignedRequest, SignedRequestError } from './signed-request';

/** Erasure source (and metric dimension) of deletions asked through Meta's data-deletion callback. */
const FACEBOOK_CALLBACK_SOURCE: ErasureSource = 'facebook_callback';

/**
 * Options of {@link facebookDataDeletionRouter}: the app secret that signs Meta's requests, how ids are
 * resolved and erased, and where statuses are kept.
 */
export interface FacebookDataDeletionOptions {
  /** The Facebook app secret that signs `signed_request`. */
  appSecret: string;
  /** Erases everything the bot holds for one subject (e.g. RedisStorage, or a composite of stores). */
  eraser: SubjectErasure;
  /**
   * Anonymous metrics (e.g. the recorder given to createPrivacy): each erasure is counted as
   * `erasure.requested`, then `completed` or `failed`, with `dimension: 'facebook_callback'`.
   */
  metrics?: MetricsRecorder;
  /**
   * Which page-scoped subjects an app-scoped id stands for, e.g. Graph's ID matching combined with the
   * links the bot recorded: `combinePageScopedIdResolvers([new GraphPageScopedIdResolver(...),
   * new LinkedPageScopedIdResolver(links)])`. When it fails, the callback answers 503 and does nothing.
   */
  resolver: PageScopedIdResolver;
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
  /**
   * Languages and brand texts of the status page (section `dataDeletionPage` of the privacy texts; give
   * the same options as to createPrivacy). The fallback language is used when the browser asks for none.
   */
  localization?: LocalizationOptions;
  /** Seconds Meta is asked to wait (`Retry-After`) before retrying a request answered 503. Default 120. */
  retryAfterSeconds?: number;
  /**
   * Longest wait for the resolver as a whole (every Graph page included) before answering 503. Default
   * 10 000 ms. Each Graph call also has its own bound (`timeoutMs` of the Graph resolver).
   */
  resolveTimeoutMs?: number;
  /** Told about failures (storage down...). Errors of this library carry no user ids. */
  onError?: (error: unknown) => void;
  /**
   * How the status page looks: the same shell and brand as the Privacy Center. Default: the name
   * "Privacy" and the default colours.
   */
  brand?: PageBrand;
}

const DEFAULT_PATH = '/privacy/facebook/data-deletion';

/**
 * An express Router for Meta's Data Deletion Request Callback.
 *
 * - `POST <path>` (form field `signed_request`): verifies the request, resolves the app-scoped id to
 *   the bot's subjects (all of them first), erases each, forgets the resolver's links, and answers
 *   `{url, confirmation_code}`. A bad request gets 400 `{error}` and nothing is deleted. When the
 *   resolver (Graph) or the storage fails, it answers 503 `{error}` with `Retry-After` so Meta retries:
 *   no code is issued and no status is written.
 * - `GET <path>/status/:code`: a page for the person (HTML; JSON with `Accept: application/json` or
 *   `?format=json`) saying the data was deleted, that no Messenger conversation could be linked to
 *   their Facebook account (with how to delete from the chat), or why the deletion was refused.
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
        // Audited (when the eraser is the privacy layer's `privacy.erasure`) with origin facebook_callback.
        const status = await withAuditContext({ origin: FACEBOOK_CALLBACK_SOURCE }, () =>
          handleDeletion(asid, settings),
        );
        res.json({
          url: statusUrl(settings, status.confirmationCode),
          confirmation_code: status.confirmationCode,
        });
      } catch (error) {
        settings.onError?.(error);
        res.set('Retry-After', String(settings.retryAfterSeconds));
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
    const language = pickLanguage(req, settings.localizer);
    const { title, body } = deletionStatusPageBody(status, code, settings.localizer.texts(language));
    sendHtmlPage(res, status ? 200 : 404, { language, title, body, brand: settings.brand });
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
  Pick<
    FacebookDataDeletionOptions,
    'appSecret' | 'eraser' | 'resolver' | 'statuses' | 'path' | 'retryAfterSeconds' | 'resolveTimeoutMs'
  >
> &
  Pick<FacebookDataDeletionOptions, 'maxAgeSeconds' | 'refusal' | 'onError'> & {
    statusBaseUrl: string;
    localizer: Localizer;
    brand: CheckedPageBrand;
  };

async function handleDeletion(asid: string, settings: Settings): Promise<DeletionStatus> {
  const requestedAt = new Date().toISOString();
  // Everything is resolved before anything is erased: a resolver that fails leaves all data in place.
  const subjects = await resolveWithin(settings.resolver, asid, settings.resolveTimeoutMs);
  const reason = subjects.length > 0 && settings.refusal ? await settings.refusal(subjects) : undefined;
  const base = { confirmationCode: newConfirmationCode(), requestedAt };
  let status: DeletionStatus;
  if (subjects.length === 0) {
    status = { ...base, ...nothingErased(), outcome: 'not-linked', verified: false };
  } else if (reason) {
    status = { ...base, ...nothingErased(), outcome: 'refused', verified: false, refusalReason: reason };
  } else {
    const receipts: ErasureReceipt[] = [];
    for (const subject of subjects) receipts.push(await settings.eraser.eraseSubject(subject));
    await settings.resolver.forget?.(asid);
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

/** Thrown when the resolver as a whole is slower than `resolveTimeoutMs`. */
class ResolveTimeoutError extends PrivacyError {}

function resolveWithin(
  resolver: PageScopedIdResolver,
  asid: string,
  timeoutMs: number,
): Promise<DataSubject[]> {
  return settleWithin(resolver.resolve(asid), timeoutMs, () => {
    throw new ResolveTimeoutError(`Resolving the app-scoped id took longer than ${timeoutMs} ms.`);
  });
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

function pickLanguage(req: Request, localizer: Localizer): string {
  const asked = typeof req.query.lang === 'string' ? req.query.lang : undefined;
  return asked && localizer.languages.includes(asked) ? asked : browserLanguage(req, localizer);
}

function validate(options: FacebookDataDeletionOptions): Settings {
  if (!options) throw new ConfigurationError('facebookDataDeletionRouter needs options.');
  const missing = (['appSecret', 'eraser', 'resolver', 'statuses', 'statusBaseUrl'] as const).filter(
    (k) => !options[k],
  );
  if (missing.length > 0)
    throw new ConfigurationError(`facebookDataDeletionRouter needs: ${missing.join(', ')}.`);
  if (!isHttpUrl(options.statusBaseUrl)) {
    throw new ConfigurationError('statusBaseUrl must be an absolute http(s) URL.');
  }
  if (options.metrics !== undefined && typeof options.metrics?.record !== 'function') {
    throw new ConfigurationError(
      'metrics must be a recorder with record(event), e.g. FanOutMetricsRecorder.',
    );
  }
  const path = options.path ?? DEFAULT_PATH;
  if (!/^\/[A-Za-z0-9/_-]*[A-Za-z0-9_-]$/.test(path)) {
    throw new ConfigurationError('path must start with "/" and hold only letters, digits, "/", "_" and "-".');
  }
  const maxAge = options.maxAgeSeconds;
  if (maxAge !== undefined && (!Number.isFinite(maxAge) || maxAge <= 0)) {
    throw new ConfigurationError('maxAgeSeconds must be a positive number.');
  }
  const retryAfterSeconds = options.retryAfterSeconds ?? 120;
  if (!Number.isInteger(retryAfterSeconds) || retryAfterSeconds <= 0) {
    throw new ConfigurationError('retryAfterSeconds must be a positive whole number.');
  }
  const resolveTimeoutMs = options.resolveTimeoutMs ?? 10_000;
  if (!Number.isFinite(resolveTimeoutMs) || resolveTimeoutMs <= 0) {
    throw new ConfigurationError('resolveTimeoutMs must be a positive number of milliseconds.');
  }
  return {
    appSecret: options.appSecret,
    resolveTimeoutMs,
    eraser: options.metrics
      ? new MeteredErasure(options.eraser, options.metrics, FACEBOOK_CALLBACK_SOURCE)
      : options.eraser,
    resolver: options.resolver,
    retryAfterSeconds,
    statuses: options.statuses,
    statusBaseUrl: options.statusBaseUrl.replace(/\/+$/, ''),
    path,
    maxAgeSeconds: maxAge,
    refusal: options.refusal,
    onError: options.onError,
    localizer: new Localizer(options.localization),
    brand: checkPageBrand(options.brand ?? { name: 'Privacy' }),
  };
}
