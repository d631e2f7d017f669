import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { isHttpUrl } from './http-url';
import { ConfigurationError } from './errors';
import { assertValidSubject, type DataSubject } from './subject';
import { SubjectKeyRing } from './subject-key-ring';

/**
 * Where the links handed out are remembered, in the subject's own keyspace: erasing the subject forgets
 * them, so a link stops working the moment its person's data is erased (from the page or the chat).
 */
export interface PrivacyCenterGrants {
  /** Remembers link `linkId` of the subject until `expiresAt` (ms since epoch). */
  save(subject: DataSubject, linkId: string, expiresAt: number): Promise<void>;
  /** True while the link is remembered (not expired, subject not erased). */
  has(subject: DataSubject, linkId: string): Promise<boolean>;
}

/** A link that checked out: whose it is, in which language to answer, and its id (for CSRF tokens). */
export interface PrivacyCenterGrant {
  readonly subject: DataSubject;
  /** Language of the chat turn that asked for the link, e.g. `es`. */
  readonly language: string;
  /** Random id of this link (never shown; binds CSRF tokens and the server-side record). */
  readonly linkId: string;
  /** When the link stops working (ms since epoch). */
  readonly expiresAt: number;
}

/**
 * What a token turned out to be. `forged` covers anything not made with this secret (tampered, truncated,
 * another deployment's); `expired` and `revoked` (erased subject, or a link no longer on record) still
 * carry the language, so the refusal can be worded in it, and nothing else.
 */
export type PrivacyCenterLinkCheck =
  | { readonly status: 'valid'; readonly grant: PrivacyCenterGrant }
  | { readonly status: 'expired' | 'revoked'; readonly language: string }
  | { readonly status: 'forged' };

/**
 * Options of {@link PrivacyCenterLinks}: the secret links are signed and encrypted with, where grants are
 * kept, the public base URL and the link lifetime.
 */
export interface PrivacyCenterLinksOptions {
  /**
   * At least 32 characters (or bytes); keep it stable across restarts, or links die with the process. To
   * rotate it, give a list, newest first (`PRIVACY_CENTER_SECRETS`, see {@link parsePrivacyCenterSecrets}):
   * links are issued under the newest, and links made under an older one keep working until they expire.
   */
  secret: string | Buffer | ReadonlyArray<string | Buffer>;
  /** Where links are remembered (erased with the subject). */
  grants: PrivacyCenterGrants;
  /** Public origin (and mount path, if any) of the app serving the center, e.g. `https://bot.example.com`. */
  baseUrl: string;
  /** How long a link works. Default 900 (15 minutes); between 60 seconds and 24 hours. */
  ttlSeconds?: number;
  /** Path the router serves. Default `/privacy/center`. */
  path?: string;
  /** Clock (tests). */
  now?: () => number;
}

/** A link handed to the person. */
export interface IssuedPrivacyCenterLink {
  /** The page: `<baseUrl><path>/<token>`. */
  readonly url: string;
  /** The export download: `<url>/my-data.json`. */
  readonly downloadUrl: string;
  readonly token: string;
  readonly expiresAt: number;
}

/** Default path of the Privacy Center routes. */
export const PRIVACY_CENTER_PATH = '/privacy/center';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MAC_BYTES = 16;
const LINK_ID_BYTES = 12;
const MIN_TTL = 60;
const MAX_TTL = 24 * 3600;
const MAX_TOKEN_CHARS = 1024;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]+$/;

/** Environment variable of the Privacy Center's secret ring: `c2:<newest>,c1:<older>`. */
export const PRIVACY_CENTER_SECRETS_ENV = 'PRIVACY_CENTER_SECRETS';

/**
 * Parses `c2:<newest>,c1:<older>` (ids and secrets, newest first; the same rules as the subject key ring).
 * @throws ConfigurationError naming the entry, never a secret.
 */
export function parsePrivacyCenterSecrets(text: string, source = PRIVACY_CENTER_SECRETS_ENV): string[] {
  return SubjectKeyRing.parse(text, source).keys.map((key) => key.secret);
}

/** The keys derived from one secret. */
interface LinkKeys {
  readonly encryption: Buffer;
  readonly signature: Buffer;
  readonly csrf: Buffer;
}

interface TokenPayload {
  /** channel id */
  c: string;
  /** user id */
  u: string;
  /** language */
  l: string;
  /** expiry, ms since epoch */
  e: number;
  /** link id */
  j: string;
}

/**
 * Issues and checks the short-lived links of the Privacy Center.
 *
 * A token is `base64url(version | iv | AES-256-GCM(payload) | gcm tag | HMAC-SHA256)`: the HMAC signs it
 * (checked first, in constant time), the encryption keeps the subject reference out of the URL, the page
 * and any log that records URLs. The payload holds the channel and user id, the language, the expiry and
 * a random link id that is also saved in {@link PrivacyCenterGrants}, so erasing the person kills the link.
 * Keys for encryption, signature and CSRF tokens are derived from one secret with HKDF.
 *
 * @example
 * const links = new PrivacyCenterLinks({ secret: process.env.PRIVACY_CENTER_SECRET!, grants, baseUrl });
 * const { url } = await links.issue({ channelId: 'facebook', userId: psid }, 'es');
 */
export class PrivacyCenterLinks {
  /** How long a link works, in seconds. */
  readonly ttlSeconds: number;
  /** The path the router serves, e.g. `/privacy/center`. */
  readonly path: string;
  private readonly baseUrl: string;
  /** Keys of every secret, newest first: links are issued under the first, opened under any. */
  private readonly keys: readonly LinkKeys[];
  /** The keys each checked grant was opened with (its CSRF tokens are bound to them). */
  private readonly grantKeys = new WeakMap<PrivacyCenterGrant, LinkKeys>();
  private readonly grants: PrivacyCenterGrants;
  private readonly now: () => number;

  constructor(options: PrivacyCenterLinksOptions) {
    if (!options) throw new ConfigurationError('PrivacyCenterLinks needs options.');
    const listed = Array.isArray(options.secret) ? options.secret : [options.secret];
    if (listed.length === 0) throw new ConfigurationError('The Privacy Center needs at least one secret.');
    const secrets = listed.map((secret: unknown, index) => {
      const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
      if (!Buffer.isBuffer(bytes) || bytes.length < 32) {
        throw new ConfigurationError(
          listed.length === 1
            ? 'The Privacy Center secret must be at least 32 characters long.'
            : `The Privacy Center secret ${index + 1} (newest first) must be at least 32 characters long.`,
        );
      }
      return bytes;
    });
    if (
      !options.grants ||
      typeof options.grants.save !== 'function' ||
      typeof options.grants.has !== 'function'
    ) {
      throw new ConfigurationError('PrivacyCenterLinks needs `grants` (a store with save and has).');
    }
    const ttl = options.ttlSeconds ?? 900;
    if (!Number.isInteger(ttl) || ttl < MIN_TTL || ttl > MAX_TTL) {
      throw new ConfigurationError(`ttlSeconds must be a whole number from ${MIN_TTL} to ${MAX_TTL}.`);
    }
    this.baseUrl = checkBaseUrl(options.baseUrl);
    const path = options.path ?? PRIVACY_CENTER_PATH;
    if (!/^\/[A-Za-z0-9/_-]*[A-Za-z0-9_-]$/.test(path)) {
      throw new ConfigurationError(
        'path must start with "/" and hold only letters, digits, "/", "_" and "-".',
      );
    }
    this.path = path;
    this.ttlSeconds = ttl;
    this.grants = options.grants;
    this.now = options.now ?? Date.now;
    this.keys = secrets.map((secret) => {
      const derive = (label: string) =>
        Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `botbuilder-privacy/center/${label}`, 32));
      return { encryption: derive('encryption'), signature: derive('signature'), csrf: derive('csrf') };
    });
  }

  /** Makes a link for the subject, remembers it, and returns its URLs. Rejects when the grant store does. */
  async issue(subject: DataSubject, language: string): Promise<IssuedPrivacyCenterLink> {
    assertValidSubject(subject);
    const expiresAt = this.now() + this.ttlSeconds * 1000;
    const linkId = randomBytes(LINK_ID_BYTES).toString('base64url');
    const token = this.seal({
      c: subject.channelId,
      u: subject.userId,
      l: cleanLanguage(language),
      e: expiresAt,
      j: linkId,
    });
    await this.grants.save({ channelId: subject.channelId, userId: subject.userId }, linkId, expiresAt);
    const url = `${this.baseUrl}${this.path}/${token}`;
    return { url, downloadUrl: `${url}/my-data.json`, token, expiresAt };
  }

  /**
   * Checks a token: signature, then expiry, then that the link is still on record.
   * Rejects only when the grant store cannot answer (the caller answers 503).
   */
  async check(token: unknown): Promise<PrivacyCenterLinkCheck> {
    const opened = this.open(token);
    if (!opened) return { status: 'forged' };
    const { payload, keys } = opened;
    if (this.now() >= payload.e) return { status: 'expired', language: payload.l };
    const subject: DataSubject = { channelId: payload.c, userId: payload.u };
    if (!(await this.grants.has(subject, payload.j))) return { status: 'revoked', language: payload.l };
    const grant: PrivacyCenterGrant = {
      subject,
      language: payload.l,
      linkId: payload.j,
      expiresAt: payload.e,
    };
    this.grantKeys.set(grant, keys);
    return { status: 'valid', grant };
  }

  /** The CSRF token of a link's forms: an HMAC of its link id (stateless, bound to the link). */
  csrfToken(grant: PrivacyCenterGrant): string {
    const keys = this.grantKeys.get(grant) ?? this.keys[0];
    return createHmac('sha256', keys.csrf).update(grant.linkId).digest('base64url');
  }

  /** True when `value` is the link's CSRF token (constant-time comparison). */
  checkCsrf(grant: PrivacyCenterGrant, value: unknown): boolean {
    if (typeof value !== 'string') return false;
    return safeEqual(Buffer.from(value), Buffer.from(this.csrfToken(grant)));
  }

  private seal(payload: TokenPayload): string {
    const iv = randomBytes(IV_BYTES);
    const keys = this.keys[0];
    const cipher = createCipheriv('aes-256-gcm', keys.encryption, iv);
    const header = Buffer.from([VERSION]);
    cipher.setAAD(header);
    const body = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
    const sealed = Buffer.concat([header, iv, cipher.getAuthTag(), body]);
    return Buffer.concat([sealed, sign(keys, sealed)]).toString('base64url');
  }

  /** The payload of a token made under any of the secrets, and that secret's keys. */
  private open(token: unknown): { payload: TokenPayload; keys: LinkKeys } | undefined {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_CHARS || !TOKEN_PATTERN.test(token)) {
      return undefined;
    }
    const raw = Buffer.from(token, 'base64url');
    if (raw.length <= 1 + IV_BYTES + TAG_BYTES + MAC_BYTES || raw[0] !== VERSION) return undefined;
    const sealed = raw.subarray(0, raw.length - MAC_BYTES);
    const mac = raw.subarray(raw.length - MAC_BYTES);
    // Every secret is tried (no early exit), so the time taken does not tell which one signed it.
    let keys: LinkKeys | undefined;
    for (const candidate of this.keys) if (safeEqual(mac, sign(candidate, sealed))) keys ??= candidate;
    if (!keys) return undefined;
    try {
      const iv = sealed.subarray(1, 1 + IV_BYTES);
      const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', keys.encryption, iv);
      decipher.setAAD(sealed.subarray(0, 1));
      decipher.setAuthTag(tag);
      const body = sealed.subarray(1 + IV_BYTES + TAG_BYTES);
      const json = Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      const payload = asPayload(JSON.parse(json));
      return payload && { payload, keys };
    } catch {
      // A signed token that does not decrypt or parse was not made by this code: treat it as forged.
      return undefined;
    }
  }
}

function sign(keys: LinkKeys, data: Buffer): Buffer {
  return createHmac('sha256', keys.signature).update(data).digest().subarray(0, MAC_BYTES);
}

function asPayload(value: unknown): TokenPayload | undefined {
  const p = value as Partial<TokenPayload> | null;
  if (
    !p ||
    typeof p.c !== 'string' ||
    !p.c ||
    typeof p.u !== 'string' ||
    !p.u ||
    typeof p.l !== 'string' ||
    typeof p.e !== 'number' ||
    typeof p.j !== 'string'
  ) {
    return undefined;
  }
  return { c: p.c, u: p.u, l: p.l, e: p.e, j: p.j };
}

function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `es-ES` -> `es`; anything odd -> `en` (it only picks the texts of the answer). */
function cleanLanguage(language: string): string {
  const code = typeof language === 'string' ? language.toLowerCase().split(/[-_]/)[0] : '';
  return /^[a-z]{2,3}$/.test(code) ? code : 'en';
}

function checkBaseUrl(baseUrl: string): string {
  if (!isHttpUrl(baseUrl)) {
    throw new ConfigurationError('baseUrl must be an absolute http(s) URL, e.g. https://bot.example.com.');
  }
  return baseUrl.replace(/\/+$/, '');
}
