import { createHmac, timingSafeEqual } from 'node:crypto';
import { ConfigurationError, PrivacyError } from '../core/errors';
import { isRecord } from './json';

/** A verified Meta `signed_request`. */
export interface SignedRequest {
  readonly algorithm: 'HMAC-SHA256';
  /** The app-scoped user id (ASID): not the page-scoped id a Messenger bot sees. */
  readonly userId: string;
  /** Unix time (seconds) Meta signed it. */
  readonly issuedAt: number;
  /** The whole decoded payload (it may carry more fields). */
  readonly payload: Readonly<Record<string, unknown>>;
}

/** Why a signed request was refused. */
export type SignedRequestFailure =
  | 'missing'
  | 'malformed'
  | 'bad-signature'
  | 'unsupported-algorithm'
  | 'missing-user-id'
  | 'missing-issued-at'
  | 'expired'
  | 'issued-in-the-future';

const MESSAGES: Record<SignedRequestFailure, string> = {
  missing: 'signed_request is missing.',
  malformed: 'signed_request is malformed: expected <signature>.<payload> in base64url with a JSON payload.',
  'bad-signature': 'signed_request signature does not match the app secret.',
  'unsupported-algorithm': 'signed_request uses an unsupported algorithm: only HMAC-SHA256 is accepted.',
  'missing-user-id': 'signed_request payload has no user_id.',
  'missing-issued-at': 'signed_request payload has no valid issued_at.',
  expired: 'signed_request is too old.',
  'issued-in-the-future': 'signed_request is dated in the future.',
};

/** A signed request that cannot be trusted. The message names the reason, never a secret or an id. */
export class SignedRequestError extends PrivacyError {
  constructor(readonly reason: SignedRequestFailure) {
    super(MESSAGES[reason]);
  }
}

export interface SignedRequestOptions {
  /** Refuse requests older than this many seconds. Unset: no age limit. */
  maxAgeSeconds?: number;
  /** Tolerated clock difference for `issued_at` in the future, when a max age is set. Default 300 s. */
  clockSkewSeconds?: number;
  /** Current time in ms (for tests). */
  now?: () => number;
}

const MAX_LENGTH = 16 * 1024;
const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

/**
 * Verifies and decodes a Meta `signed_request` (`<signature>.<payload>`, both base64url): the signature
 * must be the HMAC-SHA256 of the payload text with the app secret (compared in constant time), the
 * algorithm HMAC-SHA256, and `user_id` and `issued_at` present.
 * @throws SignedRequestError with the reason.
 */
export function parseSignedRequest(
  signedRequest: unknown,
  appSecret: string,
  options: SignedRequestOptions = {},
): SignedRequest {
  if (typeof appSecret !== 'string' || appSecret.length === 0) {
    throw new ConfigurationError('Verifying a signed_request needs the app secret.');
  }
  if (signedRequest === undefined || signedRequest === null || signedRequest === '') {
    throw new SignedRequestError('missing');
  }
  if (typeof signedRequest !== 'string' || signedRequest.length > MAX_LENGTH)
    throw new SignedRequestError('malformed');
  const parts = signedRequest.split('.');
  if (parts.length !== 2 || !BASE64URL.test(parts[0]) || !BASE64URL.test(parts[1])) {
    throw new SignedRequestError('malformed');
  }
  const [encodedSignature, encodedPayload] = parts;

  const signature = Buffer.from(encodedSignature, 'base64url');
  const expected = createHmac('sha256', appSecret).update(encodedPayload).digest();
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
    throw new SignedRequestError('bad-signature');
  }

  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(encodedPayload, 'base64url').toString('utf8'));
  } catch {
    // The payload is not JSON: the request is malformed (400), whatever the parser's message.
    throw new SignedRequestError('malformed');
  }
  if (!isRecord(payload)) throw new SignedRequestError('malformed');
  if (typeof payload.algorithm !== 'string' || payload.algorithm.toUpperCase() !== 'HMAC-SHA256') {
    throw new SignedRequestError('unsupported-algorithm');
  }
  const userId = readUserId(payload.user_id);
  if (!userId) throw new SignedRequestError('missing-user-id');
  const issuedAt = payload.issued_at;
  if (typeof issuedAt !== 'number' || !Number.isFinite(issuedAt) || issuedAt <= 0) {
    throw new SignedRequestError('missing-issued-at');
  }
  if (options.maxAgeSeconds !== undefined) {
    const nowSeconds = (options.now ?? Date.now)() / 1000;
    if (nowSeconds - issuedAt > options.maxAgeSeconds) throw new SignedRequestError('expired');
    if (issuedAt - nowSeconds > (options.clockSkewSeconds ?? 300))
      throw new SignedRequestError('issued-in-the-future');
  }
  return { algorithm: 'HMAC-SHA256', userId, issuedAt, payload };
}

/**
 * Builds a signed request the way Meta does. For tests and for trying a data deletion callback locally.
 */
export function createSignedRequest(payload: Record<string, unknown>, appSecret: string): string {
  const encodedPayload = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  const signature = createHmac('sha256', appSecret).update(encodedPayload).digest('base64url');
  return `${signature}.${encodedPayload}`;
}

function readUserId(value: unknown): string | undefined {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string') return undefined;
  // App-scoped ids are short and printable.
  return text.length > 0 && text.length <= 128 && /^[\x21-\x7e]+$/.test(text) ? text : undefined;
}
