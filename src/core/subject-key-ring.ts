import { ConfigurationError } from './errors';
import { parseSecretList } from './secret-list';

/** One subject secret and the id that names it (in `rotation status`, the audit log and the runbook). */
export interface SubjectKey {
  /** 1-32 characters of `A-Z a-z 0-9 _ -`. */
  readonly id: string;
  /** The secret itself (never printed by the library). */
  readonly secret: string;
}

/** Environment variable of the key ring: `k2:<newest secret>,k1:<older secret>`, newest first. */
export const SUBJECT_SECRETS_ENV = 'PRIVACY_SUBJECT_SECRETS';
/** Environment variable of a single subject secret (a one-key ring whose key id is `default`). */
export const SUBJECT_SECRET_ENV = 'PRIVACY_SUBJECT_SECRET';
/** Shortest subject secret accepted in production (`openssl rand -base64 32` gives 44 characters). */
export const MIN_SUBJECT_SECRET_LENGTH = 32;
/** Key id of a ring made from one secret (`PRIVACY_SUBJECT_SECRET` or a `subjectSecret` string). */
export const SINGLE_SUBJECT_KEY_ID = 'default';

/** Used when no secret is configured (development only): digests are then guessable for known ids. */
const BUILT_IN_SECRET = 'botbuilder-privacy/subject-digest/v1';
/** Key id of the development ring (no secret configured). */
export const BUILT_IN_SUBJECT_KEY_ID = 'built-in';
const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
const SECRET_HINT = 'e.g. openssl rand -base64 32';

let warnedBuiltIn = false;

/**
 * The subject secrets in use, newest first. Every digest is made under the newest key; data still under
 * an older key is found (and moved to the newest on the person's next turn) under each of the others.
 * A key leaves the ring only when `privacy rotation status` shows nothing left under it.
 */
export class SubjectKeyRing {
  /** The keys, newest first. */
  readonly keys: readonly SubjectKey[];

  /**
   * @param source names the ring in errors (e.g. the variable it was read from).
   * @throws ConfigurationError for an empty ring, a bad or repeated key id, an empty or repeated secret.
   */
  constructor(keys: readonly SubjectKey[], source = 'Subject key ring') {
    if (!Array.isArray(keys) || keys.length === 0) {
      throw new ConfigurationError(`${source}: at least one key is needed.`);
    }
    const ids = new Set<string>();
    keys.forEach((key, index) => {
      const id: unknown = key?.id;
      if (typeof id !== 'string' || !KEY_ID_PATTERN.test(id)) {
        throw new ConfigurationError(
          `${source}, entry ${index + 1}: the key id must be 1-32 characters of A-Z a-z 0-9 _ -.`,
        );
      }
      if (ids.has(id)) throw new ConfigurationError(`${source}: key id "${id}" is listed twice.`);
      if (typeof key.secret !== 'string' || key.secret.length === 0) {
        throw new ConfigurationError(`${source}, key "${id}": the secret is empty.`);
      }
      ids.add(id);
    });
    if (new Set(keys.map((key) => key.secret)).size !== keys.length) {
      throw new ConfigurationError(`${source}: two keys have the same secret; give each key its own.`);
    }
    this.keys = Object.freeze(keys.map(({ id, secret }) => Object.freeze({ id, secret })));
  }

  /** The key every new digest is made under. */
  get newest(): SubjectKey {
    return this.keys[0];
  }

  /** The keys data may still be found under (all but the newest), newest first. */
  get older(): readonly SubjectKey[] {
    return this.keys.slice(1);
  }

  /** True for the development ring made of the library's public constant (no secret configured). */
  get isBuiltIn(): boolean {
    return this.keys.length === 1 && this.keys[0].id === BUILT_IN_SUBJECT_KEY_ID;
  }

  /**
   * Parses `k2:<newest>,k1:<older>` (ids and secrets, newest first).
   * @throws ConfigurationError naming the entry by position or id, never showing a secret.
   */
  static parse(text: string, source = SUBJECT_SECRETS_ENV): SubjectKeyRing {
    return new SubjectKeyRing(parseSecretList(text, source), source);
  }

  /** A one-key ring (`default`) from a single secret. */
  static single(secret: string): SubjectKeyRing {
    return new SubjectKeyRing([{ id: SINGLE_SUBJECT_KEY_ID, secret }]);
  }
}

/** The development ring: the library's public constant (digests are guessable for known ids). */
export function builtInSubjectKeyRing(): SubjectKeyRing {
  return new SubjectKeyRing([{ id: BUILT_IN_SUBJECT_KEY_ID, secret: BUILT_IN_SECRET }]);
}

/** What a store is given as `subjectSecret`: one secret, or a ring. */
export type SubjectSecretOption = string | SubjectKeyRing;

/**
 * The ring a store works with: the `subjectSecret` option, else `PRIVACY_SUBJECT_SECRETS`, else
 * `PRIVACY_SUBJECT_SECRET`. In production (`NODE_ENV=production`) a missing secret, or one shorter than
 * {@link MIN_SUBJECT_SECRET_LENGTH} characters, is refused: digests under a public or guessable secret
 * would let anyone who knows a user id find their key names, receipts and proofs. Elsewhere the
 * library's public constant is used, with one warning per process (not under `NODE_ENV=test`).
 * @throws ConfigurationError naming the variable to set; it never shows a secret.
 */
export function resolveSubjectKeyRing(
  option?: SubjectSecretOption,
  env: NodeJS.ProcessEnv = process.env,
): SubjectKeyRing {
  const production = env.NODE_ENV === 'production';
  let ring: SubjectKeyRing | undefined;
  let source = SUBJECT_SECRET_ENV;
  if (option instanceof SubjectKeyRing) {
    ring = option;
    source = SUBJECT_SECRETS_ENV;
  } else if (typeof option === 'string' && option.length > 0) ring = SubjectKeyRing.single(option);
  else if (env[SUBJECT_SECRETS_ENV]) {
    ring = SubjectKeyRing.parse(env[SUBJECT_SECRETS_ENV]!);
    source = SUBJECT_SECRETS_ENV;
  } else if (env[SUBJECT_SECRET_ENV]) {
    ring = SubjectKeyRing.single(env[SUBJECT_SECRET_ENV]!);
    source = SUBJECT_SECRET_ENV;
  }
  if (!ring) {
    if (production) {
      throw new ConfigurationError(
        `${SUBJECT_SECRET_ENV} is not set: in production subject digests need a long random secret (${SECRET_HINT}), or ${SUBJECT_SECRETS_ENV}=id:secret,...`,
      );
    }
    if (!warnedBuiltIn && env.NODE_ENV !== 'test') {
      warnedBuiltIn = true;
      console.warn(
        `Warning: ${SUBJECT_SECRET_ENV} is not set: subject digests use a public constant (development only; production refuses to start).`,
      );
    }
    return builtInSubjectKeyRing();
  }
  // Only the newest key makes new digests: an older, shorter one may stay listed while data leaves it.
  if (production && ring.newest.secret.length < MIN_SUBJECT_SECRET_LENGTH) {
    const name = source === SUBJECT_SECRETS_ENV ? `${source}, key "${ring.newest.id}"` : SUBJECT_SECRET_ENV;
    throw new ConfigurationError(
      `${name} is too short: use at least ${MIN_SUBJECT_SECRET_LENGTH} characters (${SECRET_HINT}).`,
    );
  }
  return ring;
}
