import { createHmac } from 'node:crypto';
import { ConfigurationError } from '../errors';
import { parseSecretList } from '../secret-list';

/** One audit key: its id (written in every entry it seals) and its secret. */
export interface AuditKey {
  /** Short id written in every entry the key seals (`k1`, `k2`...). */
  readonly id: string;
  /** The secret itself: 32 characters or more. */
  readonly secret: string;
}

/** The audit key of one deployment: `PRIVACY_AUDIT_SECRET` (32+ characters), key id `k1`. */
export const AUDIT_SECRET_ENV = 'PRIVACY_AUDIT_SECRET';
/** Several audit keys, newest first, with ids: `k2:<newest>,k1:<older>`. Takes precedence over the single one. */
export const AUDIT_SECRETS_ENV = 'PRIVACY_AUDIT_SECRETS';
/** Shortest audit secret accepted. */
export const MIN_AUDIT_SECRET_LENGTH = 32;

/** Key id of the single `PRIVACY_AUDIT_SECRET`: name it so in `PRIVACY_AUDIT_SECRETS` when rotating. */
const SINGLE_KEY_ID = 'k1';
/** Id of the public development key: entries sealed with it prove nothing (anyone can recompute them). */
export const DEVELOPMENT_AUDIT_KEY_ID = 'dev';
const DEVELOPMENT_SECRET = 'botbuilder-privacy/audit/development-only/not-a-secret';
const KEY_ID = /^[A-Za-z0-9_-]{1,16}$/;

/**
 * The keys that seal and verify the audit chain, newest first: new entries are sealed with the newest,
 * every entry is verified with the key its `keyId` names, so the audit key can be rotated without losing
 * the proof of older entries. It is its own secret, never the subject secret: the subject secret is
 * rotated for other reasons (a leak), and the audit trail must stay verifiable across that.
 */
export class AuditKeyring {
  private readonly secrets: ReadonlyMap<string, string>;
  /** Id of the key new entries are sealed with. */
  readonly currentId: string;

  constructor(keys: readonly AuditKey[]) {
    if (!Array.isArray(keys) || keys.length === 0)
      throw new ConfigurationError('The audit keyring needs at least one key.');
    const secrets = new Map<string, string>();
    for (const key of keys) {
      if (!key || typeof key.id !== 'string' || !KEY_ID.test(key.id))
        throw new ConfigurationError('Audit key ids are 1-16 letters, digits, "_" or "-".');
      if (secrets.has(key.id)) throw new ConfigurationError(`The audit key id "${key.id}" is repeated.`);
      const development = key.id === DEVELOPMENT_AUDIT_KEY_ID && key.secret === DEVELOPMENT_SECRET;
      if (typeof key.secret !== 'string' || (!development && key.secret.length < MIN_AUDIT_SECRET_LENGTH))
        throw new ConfigurationError(
          `The audit key "${key.id}" is too short: use at least ${MIN_AUDIT_SECRET_LENGTH} characters (e.g. openssl rand -base64 32).`,
        );
      secrets.set(key.id, key.secret);
    }
    this.secrets = secrets;
    this.currentId = keys[0].id;
  }

  /**
   * The keyring of the environment: `PRIVACY_AUDIT_SECRETS` (`k2:<newest>,k1:<older>`), else
   * `PRIVACY_AUDIT_SECRET` (id `k1`). Without either, the public development key (id `dev`), with a
   * warning pushed to `notes`; `required: true` (production) refuses that with ConfigurationError.
   */
  static fromEnv(
    env: NodeJS.ProcessEnv = process.env,
    options: { required?: boolean; notes?: string[] } = {},
  ): AuditKeyring {
    const list = env[AUDIT_SECRETS_ENV]?.trim();
    if (list) {
      return new AuditKeyring(parseSecretList(list, AUDIT_SECRETS_ENV));
    }
    const single = env[AUDIT_SECRET_ENV]?.trim();
    if (single) return new AuditKeyring([{ id: SINGLE_KEY_ID, secret: single }]);
    if (options.required)
      throw new ConfigurationError(
        `${AUDIT_SECRET_ENV} is not set: the audit trail must be sealed with a secret of its own (e.g. openssl rand -base64 32).`,
      );
    options.notes?.push(
      `${AUDIT_SECRET_ENV} is not set: the audit trail is sealed with a public development key, so it shows mistakes but proves nothing.`,
    );
    return AuditKeyring.development();
  }

  /** The public development key alone (tests, local try-outs). */
  static development(): AuditKeyring {
    return new AuditKeyring([{ id: DEVELOPMENT_AUDIT_KEY_ID, secret: DEVELOPMENT_SECRET }]);
  }

  /** True when entries sealed with `keyId` can be verified. */
  has(keyId: string): boolean {
    return this.secrets.has(keyId);
  }

  /** HMAC-SHA256 of `text` under key `keyId`, base64url. Throws ConfigurationError for an unknown key. */
  mac(keyId: string, text: string): string {
    const secret = this.secrets.get(keyId);
    if (secret === undefined) throw new ConfigurationError(`The audit key "${keyId}" is not in the keyring.`);
    return createHmac('sha256', secret).update(text, 'utf8').digest('base64url');
  }
}
