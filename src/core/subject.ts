import { createHmac } from 'node:crypto';
import { InvalidSubjectError } from './errors';

/** A data subject: one user on one channel. Everything the bot stores on their behalf belongs to it. */
export interface DataSubject {
  /** The Bot Framework channel id, e.g. `facebook`, `webchat`. */
  readonly channelId: string;
  /** The user's id on that channel (`activity.from.id`), e.g. a Messenger page-scoped id. */
  readonly userId: string;
}

/** Throws {@link InvalidSubjectError} unless both ids are non-empty strings. */
export function assertValidSubject(
  subject: Partial<DataSubject> | undefined | null,
): asserts subject is DataSubject {
  if (!subject || typeof subject !== 'object') {
    throw new InvalidSubjectError('A data subject needs a channelId and a userId; none was given.');
  }
  if (typeof subject.channelId !== 'string' || subject.channelId.length === 0) {
    throw new InvalidSubjectError('A data subject needs a non-empty channelId.');
  }
  if (typeof subject.userId !== 'string' || subject.userId.length === 0) {
    throw new InvalidSubjectError('A data subject needs a non-empty userId.');
  }
}

/** Used when no secret is configured. Digests are then pseudonymous but guessable for known ids. */
const DEFAULT_SECRET = 'botbuilder-privacy/subject-digest/v1';

/**
 * Turns subjects into stable pseudonyms: a keyed HMAC-SHA256 digest, so the digest can name a subject in
 * Redis keys, logs and erasure proofs without revealing the id (ids such as Messenger PSIDs are short
 * numbers and a plain hash of them could be reversed by trying them all).
 */
export class SubjectDigester {
  private readonly secret: string;
  /** Recently used digests: every storage call needs one, and an HMAC costs more than the Redis call. */
  private readonly cache = new Map<string, string>();
  /** Digests of frozen subject objects (a turn's scope reuses one object for every storage call). */
  private readonly subjectDigests = new WeakMap<DataSubject, string>();
  private static readonly CACHE_SIZE = 10_000;

  /** @param secret keep it stable: changing it orphans every index written under the old one. */
  constructor(secret?: string) {
    this.secret = secret && secret.length > 0 ? secret : DEFAULT_SECRET;
  }

  /** 128-bit base64url digest of a subject; contains no `{`, `}`, `:` or `/`. */
  digest(subject: DataSubject): string {
    const known = this.subjectDigests.get(subject);
    if (known !== undefined) return known;
    assertValidSubject(subject);
    const digest = this.cached(`s\u0000${subject.channelId}\u0000${subject.userId}`);
    if (Object.isFrozen(subject)) this.subjectDigests.set(subject, digest);
    return digest;
  }

  /**
   * 128-bit digest of a storage key name, so ids inside botbuilder keys (`facebook/users/<psid>/`) never
   * appear in Redis key names, where monitoring tools, slow logs and key listings would show them.
   */
  keyDigest(name: string): string {
    return this.cached(`k\u0000${name}`);
  }

  private cached(input: string): string {
    let digest = this.cache.get(input);
    if (digest === undefined) {
      digest = createHmac('sha256', this.secret).update(input).digest('base64url').slice(0, 22);
      if (this.cache.size >= SubjectDigester.CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(input, digest);
    }
    return digest;
  }

  /** A digest of any string (for keys or payloads that must be named in an error message). */
  digestText(text: string): string {
    return createHmac('sha256', this.secret).update(text).digest('base64url').slice(0, 12);
  }
}
