import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

/** How a brand's staff page keeps its sign-in (the insights page, the privacy requests page). */
export interface OperatorCredentialsOptions {
  /** The session cookie's name, e.g. `bbp_insights`. */
  cookieName: string;
  /** What the session key is derived for (a different one per page, so one page's cookie opens no other). */
  purpose: string;
  /** The page's path below the router's mount point; the cookie is scoped to it. */
  path: string;
  /** How long a sign-in lasts, in seconds. */
  sessionSeconds: number;
  /** Marks the cookie `Secure`. Default: when the request came over HTTPS (`req.secure`). */
  secureCookie?: boolean;
  /** Clock (tests). */
  now: () => Date;
}

/**
 * One operator token, checked in constant time as a bearer header or a sign-in form value, and the signed
 * session cookie a sign-in sets (HttpOnly, SameSite=Strict, scoped to the page's path, HMAC keyed by the
 * token, so changing the token ends every session).
 */
export class OperatorCredentials {
  private readonly tokenDigest: Buffer;
  private readonly sessionKey: Buffer;

  constructor(
    token: string,
    private readonly options: OperatorCredentialsOptions,
  ) {
    this.tokenDigest = sha256(`Bearer ${token}`);
    this.sessionKey = createHmac('sha256', token).update(options.purpose).digest();
  }

  /** True when an `Authorization` header carries the token. */
  acceptsAuthorization(authorization: string): boolean {
    return timingSafeEqual(sha256(authorization), this.tokenDigest);
  }

  /** True when a sign-in form's value is the token. */
  acceptsToken(given: unknown): boolean {
    return this.acceptsAuthorization(`Bearer ${typeof given === 'string' ? given : ''}`);
  }

  /** True when the request carries an unexpired session cookie signed with this token. */
  hasSession(req: Request): boolean {
    const value = cookieOf(req, this.options.cookieName);
    const match = value ? /^v1\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value) : null;
    if (!match) return false;
    const expires = Number(match[1]);
    if (expires * 1000 <= this.options.now().getTime()) return false;
    return timingSafeEqual(Buffer.from(match[2]), Buffer.from(this.sign(expires)));
  }

  /** The `Set-Cookie` value that starts a session. */
  startSession(req: Request): string {
    const { sessionSeconds } = this.options;
    const expires = Math.floor(this.options.now().getTime() / 1000) + sessionSeconds;
    return this.cookie(req, `v1.${expires}.${this.sign(expires)}`, sessionSeconds);
  }

  /** The `Set-Cookie` value that ends it. */
  endSession(req: Request): string {
    return this.cookie(req, '', 0);
  }

  private sign(expires: number): string {
    return createHmac('sha256', this.sessionKey).update(`v1.${expires}`).digest('base64url');
  }

  private cookie(req: Request, value: string, maxAge: number): string {
    return [
      `${this.options.cookieName}=${value}`,
      `Path=${req.baseUrl}${this.options.path}`,
      `Max-Age=${maxAge}`,
      'HttpOnly',
      'SameSite=Strict',
      ...((this.options.secureCookie ?? req.secure) ? ['Secure'] : []),
    ].join('; ');
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** One cookie's value from the Cookie header (no cookie-parser needed for one signed value). */
function cookieOf(req: Request, name: string): string | undefined {
  const header = req.get('cookie');
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}
