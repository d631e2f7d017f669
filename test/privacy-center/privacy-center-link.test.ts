import { ConfigurationError } from '../../src/core/errors';
import { MemoryKeyspace } from '../../src/storage/memory-keyspace';
import { MemoryPrivacyCenterGrants } from '../../src/storage/memory-privacy-center-grants';
import { PrivacyCenterLinks, type PrivacyCenterGrants } from '../../src/core/privacy-center-link';
import { RedisPrivacyCenterGrants } from '../../src/storage/redis-privacy-center-grants';
import { type DataSubject } from '../../src/core/subject';
import { type SubjectErasure } from '../../src/core/erasure';
import { FixedWindowRateLimiter } from '../../src/server/rate-limiter';
import { snapshot, testStorage } from '../support/redis';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const ana: DataSubject = { channelId: 'facebook', userId: '7712345678901234' };
const bo: DataSubject = { channelId: 'facebook', userId: '7798765432109876' };

function links(grants: PrivacyCenterGrants, now: () => number = Date.now, secret = SECRET) {
  return new PrivacyCenterLinks({ secret, grants, baseUrl: 'https://bot.example.com/', now });
}

describe('PrivacyCenterLinks', () => {
  it('issues a link that checks out for its subject and language, with no id in the URL', async () => {
    const center = links(new MemoryPrivacyCenterGrants({ keyspace: new MemoryKeyspace() }));
    const link = await center.issue(ana, 'es-ES');
    expect(link.url).toMatch(/^https:\/\/bot\.example\.com\/privacy\/center\/[A-Za-z0-9_-]+$/);
    expect(link.downloadUrl).toBe(`${link.url}/my-data.json`);
    expect(link.url).not.toContain(ana.userId);
    expect(Buffer.from(link.token, 'base64url').toString('latin1')).not.toContain(ana.userId);
    const check = await center.check(link.token);
    expect(check).toEqual({
      status: 'valid',
      grant: { subject: ana, language: 'es', linkId: expect.any(String), expiresAt: link.expiresAt },
    });
    expect(link.expiresAt - Date.now()).toBeGreaterThan(14 * 60_000);
    expect((await center.issue(ana, 'es')).token).not.toBe(link.token);
  });

  it('calls anything not made with its secret forged: flipped bytes, truncation, another secret, junk', async () => {
    const grants = new MemoryPrivacyCenterGrants({ keyspace: new MemoryKeyspace() });
    const center = links(grants);
    const { token } = await center.issue(ana, 'en');
    const raw = Buffer.from(token, 'base64url');
    for (let i = 0; i < raw.length; i += 7) {
      const flipped = Buffer.from(raw);
      flipped[i] ^= 1;
      expect(await center.check(flipped.toString('base64url'))).toEqual({ status: 'forged' });
    }
    expect(await center.check(token.slice(0, -3))).toEqual({ status: 'forged' });
    const other = links(grants, Date.now, `${SECRET}-other`);
    expect(await other.check(token)).toEqual({ status: 'forged' });
    for (const junk of ['', 'x', '../../etc', 'a'.repeat(5000), 42, undefined, null, { token }]) {
      expect(await center.check(junk)).toEqual({ status: 'forged' });
    }
  });

  it('expires after 15 minutes by default (configurable), keeping only the language', async () => {
    let now = Date.now();
    const center = links(new MemoryPrivacyCenterGrants({ keyspace: new MemoryKeyspace() }), () => now);
    const { token } = await center.issue(ana, 'sv');
    now += 15 * 60_000 - 1;
    expect((await center.check(token)).status).toBe('valid');
    now += 1;
    expect(await center.check(token)).toEqual({ status: 'expired', language: 'sv' });
    const short = new PrivacyCenterLinks({
      secret: SECRET,
      grants: new MemoryPrivacyCenterGrants({ keyspace: new MemoryKeyspace() }),
      baseUrl: 'http://localhost:3978',
      ttlSeconds: 60,
    });
    expect((await short.issue(ana, 'en')).expiresAt - Date.now()).toBeLessThanOrEqual(60_000);
  });

  it('binds CSRF tokens to one link', async () => {
    const center = links(new MemoryPrivacyCenterGrants({ keyspace: new MemoryKeyspace() }));
    const first = await center.check((await center.issue(ana, 'en')).token);
    const second = await center.check((await center.issue(ana, 'en')).token);
    if (first.status !== 'valid' || second.status !== 'valid') throw new Error('links should be valid');
    expect(center.checkCsrf(first.grant, center.csrfToken(first.grant))).toBe(true);
    expect(center.checkCsrf(first.grant, center.csrfToken(second.grant))).toBe(false);
    expect(center.checkCsrf(first.grant, undefined)).toBe(false);
    expect(center.checkCsrf(first.grant, '')).toBe(false);
  });

  it('refuses a weak secret, an odd lifetime or base URL at start-up', () => {
    const grants = new MemoryPrivacyCenterGrants({ keyspace: new MemoryKeyspace() });
    const make = (o: object) => () =>
      new PrivacyCenterLinks({ secret: SECRET, grants, baseUrl: 'https://x.example', ...o });
    expect(make({ secret: 'short' })).toThrow(ConfigurationError);
    expect(make({ ttlSeconds: 10 })).toThrow(/ttlSeconds/);
    expect(make({ ttlSeconds: 90_000 })).toThrow(/ttlSeconds/);
    expect(make({ baseUrl: 'ftp://x' })).toThrow(/baseUrl/);
    expect(make({ path: 'center' })).toThrow(/path/);
    expect(make({ grants: undefined })).toThrow(/grants/);
  });
});

/** The same rules for every grant store: remembered until expiry, forgotten when the subject is erased. */
function grantsContract(
  name: string,
  make: () => Promise<{ grants: PrivacyCenterGrants; erasure: SubjectErasure; stored(): Promise<string> }>,
) {
  describe(name, () => {
    it('remembers a link until it expires, per subject', async () => {
      const { grants } = await make();
      await grants.save(ana, 'link-aaaaaaaa', Date.now() + 60_000);
      await grants.save(ana, 'link-bbbbbbbb', Date.now() + 50);
      expect(await grants.has(ana, 'link-aaaaaaaa')).toBe(true);
      expect(await grants.has(bo, 'link-aaaaaaaa')).toBe(false);
      expect(await grants.has(ana, 'link-unknown')).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect(await grants.has(ana, 'link-bbbbbbbb')).toBe(false);
    });

    it('forgets every link of an erased subject, and only theirs; stores no id', async () => {
      const { grants, erasure, stored } = await make();
      const center = links(grants);
      const mine = await center.issue(ana, 'en');
      const theirs = await center.issue(bo, 'en');
      expect(await stored()).not.toContain(ana.userId);
      await erasure.eraseSubject(ana);
      expect(await center.check(mine.token)).toEqual({ status: 'revoked', language: 'en' });
      expect((await center.check(theirs.token)).status).toBe('valid');
    });
  });
}

grantsContract('MemoryPrivacyCenterGrants', async () => {
  const keyspace = new MemoryKeyspace();
  const grants = new MemoryPrivacyCenterGrants({ keyspace });
  return { grants, erasure: keyspace, stored: async () => '' };
});

const redisStores: Array<{ quit(): Promise<unknown> }> = [];
afterAll(async () => {
  for (const redis of redisStores) await redis.quit();
});

grantsContract('RedisPrivacyCenterGrants', async () => {
  const { storage, redis, prefix } = testStorage();
  redisStores.push(redis);
  return {
    grants: new RedisPrivacyCenterGrants({ keyspace: storage.keyspace }),
    erasure: storage,
    stored: async () => [...(await snapshot(redis, prefix))].join('\n'),
  };
});

describe('FixedWindowRateLimiter', () => {
  it('allows `limit` requests per window and key, then says how long to wait', () => {
    let now = 0;
    const limiter = new FixedWindowRateLimiter({ limit: 3, windowMs: 60_000, now: () => now });
    expect([1, 2, 3, 4].map(() => limiter.take('a').allowed)).toEqual([true, true, true, false]);
    expect(limiter.take('a').retryAfterSeconds).toBe(60);
    expect(limiter.take('b').allowed).toBe(true);
    now += 60_000;
    expect(limiter.take('a').allowed).toBe(true);
  });

  it('keeps at most maxKeys windows, dropping the oldest', () => {
    const limiter = new FixedWindowRateLimiter({ limit: 1, windowMs: 60_000, maxKeys: 100 });
    for (let i = 0; i < 10_000; i++) limiter.take(`key-${i}`);
    expect(limiter.size).toBe(100);
    expect(limiter.take('key-9999').allowed).toBe(false);
    expect(limiter.take('key-0').allowed).toBe(true); // forgotten, so counted afresh
  });
});
