import type { RequestHandler, Response } from 'express';

/** Where {@link botAuthentication} keeps the authenticator's result for the request's handler. */
const RESULT = 'botAuthentication';

/**
 * What checks a channel's request: botbuilder's `BotFrameworkAuthentication` (e.g.
 * `ConfigurationBotFrameworkAuthentication`, the one given to `CloudAdapter`) fits.
 */
export interface RequestAuthenticator {
  /** Resolves for an authentic request (or when authentication is disabled); rejects otherwise. */
  authenticateRequest(activity: object, authHeader: string): Promise<unknown>;
}

/**
 * Express middleware for a bot's messaging endpoint, before {@link activityValidation} and the adapter:
 * a request whose `Authorization` header the authenticator rejects gets `401 { error }` with
 * `WWW-Authenticate: Bearer`, and nothing else runs (`503` when the signing keys cannot be fetched).
 *
 * `CloudAdapter` authenticates too (so a valid token is checked twice; its keys are cached), but it
 * answers some bad tokens (a forged signature, `alg: none`) with a 500 and logs every rejected request
 * with its stack; this answers each failure with the same 401 and logs nothing itself. Unauthenticated
 * callers learn nothing about the activity schema either, since the validation runs after it. With authentication disabled (no app id) the authenticator lets every
 * request through.
 *
 * The authenticator's result stays with the request ({@link authenticationResultOf}), so the adapter can
 * use it instead of checking the same header against the same activity a second time.
 */
export function botAuthentication(authenticator: RequestAuthenticator): RequestHandler {
  return async (req, res, next) => {
    const body: unknown = req.body;
    const activity = typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {};
    try {
      res.locals[RESULT] = await authenticator.authenticateRequest(activity, req.get('authorization') ?? '');
    } catch (error) {
      // The signing keys could not be fetched: our problem, not the caller's.
      if (Number((error as { statusCode?: unknown } | null)?.statusCode) >= 500) {
        res.status(503).json({ error: 'Authentication is unavailable; try again later.' });
        return;
      }
      // Whatever else the reason (missing, malformed, forged, expired, wrong audience), the caller gets the
      // same answer: details would only help a forger.
      res.status(401).set('www-authenticate', 'Bearer').json({ error: 'Unauthorized.' });
      return;
    }
    next();
  };
}

/**
 * What the authenticator of {@link botAuthentication} resolved with for this request (for botbuilder's
 * `BotFrameworkAuthentication`, its `AuthenticateRequestResult`); undefined when the middleware did not run.
 */
export function authenticationResultOf(res: Response): unknown {
  return res.locals[RESULT];
}
