import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ConfigurationError } from '../../core/errors';

/** What a Direct Line token grants: one conversation, as one user, until a time. */
export interface DirectLineGrant {
  readonly conversationId: string;
  /** The user the token speaks for: every activity posted with it is from this user. */
  readonly userId: string;
  /** Seconds since the epoch. */
  readonly expiresAt: number;
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

/**
 * Signs and checks Direct Line tokens: HS256 JWTs with the claims Azure's Direct Line tokens carry
 * (`conv`, `user`, `exp`), so Web Chat reads the user id from the token as it does with Azure's. The
 * user id is random and anonymous; the token holds no name.
 */
export class DirectLineTokens {
  private readonly key: Buffer;

  /** @throws ConfigurationError for a secret shorter than 32 characters. */
  constructor(
    secret: string,
    readonly ttlSeconds = 3600,
    private readonly now: () => number = Date.now,
  ) {
    if (typeof secret !== 'string' || secret.length < 32) {
      throw new ConfigurationError('The Direct Line token secret must have at least 32 characters.');
    }
    if (!Number.isInteger(ttlSeconds) || ttlSeconds < 60) {
      throw new ConfigurationError(
        'The Direct Line token lifetime must be a whole number of seconds, >= 60.',
      );
    }
    this.key = createHmac('sha256', 'botbuilder-privacy/direct-line-token').update(secret).digest();
  }

  /** A grant for a new conversation and a new anonymous user. */
  newGrant(): DirectLineGrant {
    return {
      conversationId: randomBytes(16).toString('base64url'),
      userId: `dl_${randomBytes(12).toString('base64url')}`,
      expiresAt: this.nowSeconds() + this.ttlSeconds,
    };
  }

  /** The same conversation and user, with a fresh lifetime (token refresh). */
  renewed(grant: DirectLineGrant): DirectLineGrant {
    return { ...grant, expiresAt: this.nowSeconds() + this.ttlSeconds };
  }

  sign(grant: DirectLineGrant): string {
    const claims = { conv: grant.conversationId, user: grant.userId, exp: grant.expiresAt };
    const body = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    return `${body}.${this.mac(body)}`;
  }

  /** The grant of a valid, unexpired token; undefined for anything else (never throws). */
  verify(token: string): DirectLineGrant | undefined {
    if (typeof token !== 'string' || token.length > 2048) return undefined;
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== HEADER) return undefined;
    const expected = Buffer.from(this.mac(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2]);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    let claims: { conv?: unknown; user?: unknown; exp?: unknown };
    try {
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    } catch {
      // Signed by us, so always JSON; a parse failure means a forged or damaged token: refused.
      return undefined;
    }
    const { conv, user, exp } = claims;
    if (typeof conv !== 'string' || typeof user !== 'string' || typeof exp !== 'number') return undefined;
    if (exp <= this.nowSeconds()) return undefined;
    return { conversationId: conv, userId: user, expiresAt: exp };
  }

  /** Seconds left until the grant expires. */
  secondsLeft(grant: DirectLineGrant): number {
    return Math.max(0, grant.expiresAt - this.nowSeconds());
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }

  private nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }
}
