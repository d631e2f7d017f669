import { randomBytes } from 'node:crypto';
import { ConfigurationError } from '../../src/core/errors';
import {
  DecryptionError,
  EnvelopeCipher,
  parseEncryptionKeys,
} from '../../src/core/sensitive/envelope-cipher';

const key = () => randomBytes(32);
const b64 = (buffer: Buffer) => buffer.toString('base64');

describe('EnvelopeCipher', () => {
  const cipher = new EnvelopeCipher([{ kid: 'k1', key: key() }]);

  it('round-trips text, and two encryptions of the same value differ', () => {
    const value = JSON.stringify({ tin: '12345678Z', note: 'ñandú 😀' });
    const a = cipher.encrypt(value, 'ctx');
    const b = cipher.encrypt(value, 'ctx');
    expect(a).not.toBe(b);
    expect(a).not.toContain('12345678Z');
    expect(a).toMatch(/^v1\.k1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(cipher.decrypt(a, 'ctx')).toBe(value);
    expect(cipher.decrypt(cipher.encrypt('', 'ctx'), 'ctx')).toBe('');
  });

  it('refuses an envelope that was tampered with', () => {
    const envelope = cipher.encrypt('12345678Z', 'ctx');
    const [v, kid, iv, ct, tag] = envelope.split('.');
    const flip = (part: string) => {
      const bytes = Buffer.from(part, 'base64url');
      bytes[0] ^= 1;
      return bytes.toString('base64url');
    };
    for (const tampered of [
      [v, kid, iv, flip(ct), tag],
      [v, kid, flip(iv), ct, tag],
      [v, kid, iv, ct, flip(tag)],
    ]) {
      expect(() => cipher.decrypt(tampered.join('.'), 'ctx')).toThrow(DecryptionError);
    }
  });

  it('refuses an envelope opened in another context (copied to another subject or purpose)', () => {
    const envelope = cipher.encrypt('12345678Z', 'subject-a:tax');
    expect(() => cipher.decrypt(envelope, 'subject-b:tax')).toThrow(/integrity check/);
  });

  it('refuses malformed envelopes and unknown keys with a DecryptionError that shows no value', () => {
    expect(() => cipher.decrypt('12345678Z')).toThrow(DecryptionError);
    expect(() => cipher.decrypt('12345678Z')).not.toThrow(/12345678Z/);
    expect(() => cipher.decrypt('v1.k1.AAAA.AAAA')).toThrow(/not a v1 envelope/);
    expect(() => cipher.decrypt('v1.k1.AAAA.AAAA.AAAA')).toThrow(/damaged/);
    const other = new EnvelopeCipher([{ kid: 'k9', key: key() }]);
    expect(() => cipher.decrypt(other.encrypt('x'))).toThrow(/sealed with key "k9", which is not configured/);
    expect(() => cipher.decrypt(undefined as unknown as string)).toThrow(DecryptionError);
  });

  it('rotates keys: seals with the first key and opens envelopes of every listed key', () => {
    const oldKey = { kid: '2024', key: key() };
    const newKey = { kid: '2025', key: key() };
    const before = new EnvelopeCipher([oldKey]);
    const sealedBefore = before.encrypt('X1234567L', 'ctx');
    const after = new EnvelopeCipher([newKey, oldKey]);
    expect(after.currentKid).toBe('2025');
    expect(after.decrypt(sealedBefore, 'ctx')).toBe('X1234567L');
    const sealedAfter = after.encrypt('X1234567L', 'ctx');
    expect(EnvelopeCipher.kidOf(sealedAfter)).toBe('2025');
    expect(EnvelopeCipher.kidOf('garbage')).toBeUndefined();
    expect(() => before.decrypt(sealedAfter, 'ctx')).toThrow(/"2025", which is not configured/);
  });

  it('refuses bad keys with a ConfigurationError', () => {
    expect(() => new EnvelopeCipher([])).toThrow(ConfigurationError);
    expect(() => new EnvelopeCipher([{ kid: 'k1', key: randomBytes(16) }])).toThrow(
      /"k1" must be exactly 32 bytes/,
    );
    expect(() => new EnvelopeCipher([{ kid: 'a.b', key: key() }])).toThrow(/kid must be/);
    const k = key();
    expect(
      () =>
        new EnvelopeCipher([
          { kid: 'k1', key: k },
          { kid: 'k1', key: k },
        ]),
    ).toThrow(/listed twice/);
  });
});

describe('parseEncryptionKeys and EnvelopeCipher.fromEnv', () => {
  it('reads "kid:base64key,kid:base64key" with the current key first, standard or URL-safe base64', () => {
    const a = key();
    const b = key();
    const keys = parseEncryptionKeys(` k2:${b64(b)} , k1:${a.toString('base64url')}`);
    expect(keys.map((k) => k.kid)).toEqual(['k2', 'k1']);
    expect(keys[0].key.equals(b) && keys[1].key.equals(a)).toBe(true);
    const cipher = EnvelopeCipher.fromEnv({ PRIVACY_ENCRYPTION_KEYS: `k2:${b64(b)},k1:${b64(a)}` });
    expect(cipher.currentKid).toBe('k2');
    expect(new EnvelopeCipher([{ kid: 'k2', key: b }]).decrypt(cipher.encrypt('B58378431'))).toBe(
      'B58378431',
    );
  });

  it.each([
    ['', /PRIVACY_ENCRYPTION_KEYS is empty/],
    ['just-a-key', /entry 1: expected "kid:base64key"/],
    [`:${b64(key())}`, /entry 1: expected "kid:base64key"/],
    [`k1:${b64(randomBytes(16))}`, /key "k1": must be 32 bytes in base64 \(got 16 bytes\)/],
    ['k1:not base64!', /key "k1": must be 32 bytes in base64 \(got no valid base64\)/],
    [`k1:${b64(key())},k1:${b64(key())}`, /"k1" is listed twice/],
  ])('rejects %j clearly', (text, message) => {
    const attempt = () => EnvelopeCipher.fromEnv({ PRIVACY_ENCRYPTION_KEYS: text });
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(message);
  });

  it('never shows key material in its errors', () => {
    const secret = b64(randomBytes(20));
    let message = '';
    try {
      parseEncryptionKeys(`k1:${secret}`);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/key "k1": must be 32 bytes/);
    expect(message).not.toContain(secret.slice(0, 8));
  });

  it('explains how to make a key when the variable is not set', () => {
    expect(() => EnvelopeCipher.fromEnv({})).toThrow(/PRIVACY_ENCRYPTION_KEYS is not set.*randomBytes\(32\)/);
  });
});
