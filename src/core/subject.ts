import { setBounded } from './bounded-map';
import { createHmac } from 'node:crypto';
import { InvalidSubjectError } from './errors';
import { builtInSubjectKeyRing, SubjectKeyRing, type SubjectSecretOption } from './subject-key-ring';

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

/**
 * Turns subjects into stable pseudonyms: a keyed HMAC-SHA256 digest, so the digest can name a subject in
 * Redis keys, logs and erasure proofs without revealing the id (ids such as Messenger PSIDs are short
 * numbers and a plain hash of them could be reversed by trying them all).
 *
 * With a {@link SubjectKeyRing} of several keys, every digest is made under the newest key, and
 * {@link candidateDigests} / {@link olderDigesters} give what to look under for data not yet moved.
 */
export class SubjectDigester {
  /** The keys this digester knows, newest first. */
  readonly ring: SubjectKeyRing;
  private readonly secret: string;
  private older?: readonly SubjectDigester[];
  /** Recently used digests: every storage call needs one, and an HMAC costs more than the Redis call. */
  private readonly cache = new Map<string, string>();
  /** Digests of frozen subject objects (a turn's scope reuses one object for every storage call). */
  private readonly subjectDigests = new WeakMap<DataSubject, string>();
  private static readonly CACHE_SIZE = 10_000;

  /**
   * @param secret one secret or a ring (newest first); absent or empty: the library's public development
   *   constant. To change a secret, put the new one first in a ring and keep the old one until
   *   `privacy rotation status` shows nothing left under it.
   */
  constructor(secret?: SubjectSecretOption) {
    this.ring =
      secret instanceof SubjectKeyRing
        ? secret
        : typeof secret === 'string' && secret.length > 0
          ? SubjectKeyRing.single(secret)
          : builtInSubjectKeyRing();
    this.secret = this.ring.newest.secret;
  }

  /** Id of the key digests are made under. */
  get keyId(): string {
    return this.ring.newest.id;
  }

  /** One digester per older key of the ring (newest first): where data not yet moved is found. */
  olderDigesters(): readonly SubjectDigester[] {
    this.older ??= this.ring.older.map((key) => new SubjectDigester(new SubjectKeyRing([key])));
    return this.older;
  }

  /** The subject's digest under every key of the ring, newest first (one entry for a one-key ring). */
  candidateDigests(subject: DataSubject): string[] {
    return [this.digest(subject), ...this.olderDigesters().map((older) => older.digest(subject))];
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
      setBounded(this.cache, input, digest, SubjectDigester.CACHE_SIZE);
    }
    return digest;
  }

  /** A digest of any string (for keys or payloads that must be named in an error message). */
  digestText(text: string): string {
    return createHmac('sha256', this.secret).update(text).digest('base64url').slice(0, 12);
  }
}
