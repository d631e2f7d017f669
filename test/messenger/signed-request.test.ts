import { createHmac } from 'node:crypto';
import { ConfigurationError } from '../../src/core/errors';
import {
  createSignedRequest,
  parseSignedRequest,
  SignedRequestError,
  type SignedRequestFailure,
} from '../../src/messenger/signed-request';

const SECRET = 'app-secret-xyz';
const ASID = '1234567890123456';
const NOW = Date.UTC(2025, 0, 1);
const issuedAt = Math.floor(NOW / 1000);
const payload = { algorithm: 'HMAC-SHA256', user_id: ASID, issued_at: issuedAt, expires: 0 };

/** Signs any payload text, even one that is not JSON. */
function signRaw(payloadText: string, secret = SECRET): string {
  const encoded = Buffer.from(payloadText).toString('base64url');
  return `${createHmac('sha256', secret).update(encoded).digest('base64url')}.${encoded}`;
}

function failure(run: () => unknown): SignedRequestFailure | 'no error' {
  try {
    run();
    return 'no error';
  } catch (error) {
    if (!(error instanceof SignedRequestError)) throw error;
    expect(error.message).not.toContain(ASID);
    expect(error.message).not.toContain(SECRET);
    return error.reason;
  }
}

describe('parseSignedRequest', () => {
  it("accepts a request signed Meta's way and returns the app-scoped id", () => {
    const parsed = parseSignedRequest(createSignedRequest(payload, SECRET), SECRET);
    expect(parsed).toMatchObject({ algorithm: 'HMAC-SHA256', userId: ASID, issuedAt });
    expect(parsed.payload.expires).toBe(0);
  });

  it('accepts a numeric user_id and padded base64url', () => {
    const signed = createSignedRequest({ ...payload, user_id: 42 }, SECRET);
    const [sig, body] = signed.split('.');
    expect(parseSignedRequest(`${sig}=.${body}`, SECRET).userId).toBe('42');
  });

  it.each<[string, unknown, SignedRequestFailure]>([
    ['missing', undefined, 'missing'],
    ['empty', '', 'missing'],
    ['not a string', ['a.b'], 'malformed'],
    ['without a dot', 'abc', 'malformed'],
    ['with three parts', 'a.b.c', 'malformed'],
    ['with characters outside base64url', 'ab+/.cd', 'malformed'],
    ['signed with another secret', createSignedRequest(payload, 'other-secret'), 'bad-signature'],
    ['with a short signature', `AAAA.${createSignedRequest(payload, SECRET).split('.')[1]}`, 'bad-signature'],
    ['with a payload that is not JSON', signRaw('{"algorithm":'), 'malformed'],
    ['with a JSON array payload', signRaw('[1,2]'), 'malformed'],
    [
      'with another algorithm',
      createSignedRequest({ ...payload, algorithm: 'HMAC-SHA1' }, SECRET),
      'unsupported-algorithm',
    ],
    [
      'without an algorithm',
      createSignedRequest({ user_id: ASID, issued_at: issuedAt }, SECRET),
      'unsupported-algorithm',
    ],
    ['without user_id', createSignedRequest({ ...payload, user_id: undefined }, SECRET), 'missing-user-id'],
    ['with an empty user_id', createSignedRequest({ ...payload, user_id: '' }, SECRET), 'missing-user-id'],
    [
      'without issued_at',
      createSignedRequest({ ...payload, issued_at: undefined }, SECRET),
      'missing-issued-at',
    ],
    [
      'with a text issued_at',
      createSignedRequest({ ...payload, issued_at: 'yesterday' }, SECRET),
      'missing-issued-at',
    ],
  ])('refuses a request %s', (_, input, reason) => {
    expect(failure(() => parseSignedRequest(input, SECRET))).toBe(reason);
  });

  it('refuses a tampered payload even when the rest is well formed', () => {
    const [sig] = createSignedRequest(payload, SECRET).split('.');
    const forged = Buffer.from(JSON.stringify({ ...payload, user_id: '999' })).toString('base64url');
    expect(failure(() => parseSignedRequest(`${sig}.${forged}`, SECRET))).toBe('bad-signature');
  });

  it('applies a max age only when one is set', () => {
    const signed = createSignedRequest(payload, SECRET);
    const hourLater = () => NOW + 3600_000;
    expect(failure(() => parseSignedRequest(signed, SECRET, { now: hourLater }))).toBe('no error');
    expect(failure(() => parseSignedRequest(signed, SECRET, { now: hourLater, maxAgeSeconds: 3601 }))).toBe(
      'no error',
    );
    expect(failure(() => parseSignedRequest(signed, SECRET, { now: hourLater, maxAgeSeconds: 600 }))).toBe(
      'expired',
    );
    const hourEarlier = () => NOW - 3600_000;
    expect(failure(() => parseSignedRequest(signed, SECRET, { now: hourEarlier, maxAgeSeconds: 600 }))).toBe(
      'issued-in-the-future',
    );
  });

  it('needs an app secret', () => {
    expect(() => parseSignedRequest(createSignedRequest(payload, SECRET), '')).toThrow(ConfigurationError);
  });
});
