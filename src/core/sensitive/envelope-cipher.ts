import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ConfigurationError, PrivacyError } from '../errors';

/** One AES-256 key and the id that names it inside every envelope it sealed. */
export interface EncryptionKey {
  /** 1-32 characters of `A-Z a-z 0-9 _ -`. */
  readonly kid: string;
  /** Exactly 32 bytes. */
  readonly key: Buffer;
}

/** An envelope could not be opened: damaged, tampered with, sealed for another context, or by an unknown key. */
export class DecryptionError extends PrivacyError {}

/** Environment variable holding the keys: `kid1:base64key,kid2:base64key`, current key first. */
export const ENCRYPTION_KEYS_ENV = 'PRIVACY_ENCRYPTION_KEYS';

const KID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64_PATTERN = /^[A-Za-z0-9+/_-]+={0,2}$/;
const ENVELOPE_VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const GENERATE_HINT =
  "generate one with: node -e \"console.log(require('crypto').randomBytes(32).toString('base64'))\"";

/**
 * Parses a key list such as `2024b:base64key,2024a:base64key` (current key first).
 * @throws ConfigurationError naming the bad entry by position and kid (never showing key material).
 */
export function parseEncryptionKeys(text: string, source = ENCRYPTION_KEYS_ENV): EncryptionKey[] {
  if (typeof text !== 'string' || text.trim().length === 0) {
    throw new ConfigurationError(
      `${source} is empty: set it to "kid:base64key" (32-byte key); ${GENERATE_HINT}.`,
    );
  }
  const keys = text.split(',').map((entry, index) => {
    const trimmed = entry.trim();
    const colon = trimmed.indexOf(':');
    const kid = colon > 0 ? trimmed.slice(0, colon) : '';
    if (!KID_PATTERN.test(kid)) {
      throw new ConfigurationError(
        `${source}, entry ${index + 1}: expected "kid:base64key" with a kid of 1-32 characters A-Z a-z 0-9 _ -.`,
      );
    }
    const encoded = trimmed.slice(colon + 1).trim();
    const key = BASE64_PATTERN.test(encoded) ? Buffer.from(encoded, 'base64') : undefined;
    if (!key || key.length !== 32) {
      throw new ConfigurationError(
        `${source}, key "${kid}": must be 32 bytes in base64 (got ${key ? `${key.length} bytes` : 'no valid base64'}); ${GENERATE_HINT}.`,
      );
    }
    return { kid, key };
  });
  return keys;
}

/**
 * AES-256-GCM envelopes with key rotation. Every envelope names the key that sealed it
 * (`v1.<kid>.<iv>.<ciphertext>.<tag>`, base64url parts); new envelopes use the first (current) key,
 * and any listed key opens its own envelopes. To rotate: put a new key first, keep the old one listed
 * until every value sealed with it has expired, then remove it.
 *
 * `context` (associated data) binds an envelope to where it belongs, e.g. the subject digest and
 * purpose: an envelope copied to another place does not open there.
 */
export class EnvelopeCipher {
  private readonly keys: ReadonlyMap<string, Buffer>;
  /** Id of the key new envelopes are sealed with. */
  readonly currentKid: string;

  /** @throws ConfigurationError for an empty list, a bad kid, a key that is not 32 bytes, or a repeated kid. */
  constructor(keys: readonly EncryptionKey[]) {
    if (!Array.isArray(keys) || keys.length === 0) {
      throw new ConfigurationError(`EnvelopeCipher needs at least one key; ${GENERATE_HINT}.`);
    }
    const map = new Map<string, Buffer>();
    for (const { kid, key } of keys) {
      if (typeof kid !== 'string' || !KID_PATTERN.test(kid)) {
        throw new ConfigurationError('EnvelopeCipher: every kid must be 1-32 characters of A-Z a-z 0-9 _ -.');
      }
      if (!Buffer.isBuffer(key) || key.length !== 32) {
        throw new ConfigurationError(`EnvelopeCipher: key "${kid}" must be exactly 32 bytes.`);
      }
      if (map.has(kid)) throw new ConfigurationError(`EnvelopeCipher: key id "${kid}" is listed twice.`);
      map.set(kid, Buffer.from(key));
    }
    this.keys = map;
    this.currentKid = keys[0].kid;
  }

  /** A cipher with the keys of `PRIVACY_ENCRYPTION_KEYS` (or another variable of `env`). */
  static fromEnv(env: NodeJS.ProcessEnv = process.env, variable = ENCRYPTION_KEYS_ENV): EnvelopeCipher {
    const value = env[variable];
    if (value === undefined) {
      throw new ConfigurationError(
        `${variable} is not set: sensitive values cannot be encrypted; ${GENERATE_HINT}.`,
      );
    }
    return new EnvelopeCipher(parseEncryptionKeys(value, variable));
  }

  /** Seals `plaintext` with the current key. */
  encrypt(plaintext: string, context = ''): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keyFor(this.currentKid), iv);
    cipher.setAAD(this.aad(this.currentKid, context));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [iv, ciphertext, cipher.getAuthTag()].map((part) => part.toString('base64url'));
    return [ENVELOPE_VERSION, this.currentKid, ...parts].join('.');
  }

  /**
   * Opens an envelope sealed with any listed key and the same `context`.
   * @throws DecryptionError when it is malformed, tampered with, for another context, or by an unlisted key.
   */
  decrypt(envelope: string, context = ''): string {
    const parts = typeof envelope === 'string' ? envelope.split('.') : [];
    if (parts.length !== 5 || parts[0] !== ENVELOPE_VERSION) {
      throw new DecryptionError('Encrypted value is not a v1 envelope.');
    }
    const [, kid, ivText, ciphertextText, tagText] = parts;
    const key = this.keys.get(kid);
    if (!key) {
      throw new DecryptionError(`Encrypted value was sealed with key "${kid}", which is not configured.`);
    }
    const iv = Buffer.from(ivText, 'base64url');
    const tag = Buffer.from(tagText, 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES)
      throw new DecryptionError('Encrypted value is damaged.');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(this.aad(kid, context));
      decipher.setAuthTag(tag);
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertextText, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      // Node's errors here name no cause worth keeping (bad tag, bad key): one clear error instead.
      throw new DecryptionError(
        'Encrypted value failed its integrity check (tampered, damaged or for another context).',
      );
    }
  }

  /** The key id an envelope names, or undefined when it is not an envelope (e.g. to find ones to re-seal). */
  static kidOf(envelope: string): string | undefined {
    if (typeof envelope !== 'string') return undefined;
    const parts = envelope.split('.');
    return parts.length === 5 && parts[0] === ENVELOPE_VERSION ? parts[1] : undefined;
  }

  private keyFor(kid: string): Buffer {
    return this.keys.get(kid) as Buffer;
  }

  private aad(kid: string, context: string): Buffer {
    return Buffer.from(`${ENVELOPE_VERSION}.${kid}.${context}`, 'utf8');
  }
}
