import type { Redis } from 'ioredis';
import { PrivacyCenterLinks } from '../../src/core/privacy-center-link';
import type { DataSubject } from '../../src/core/subject';
import { SubjectKeyRing } from '../../src/core/subject-key-ring';
import { RedisPrivacyCenterGrants } from '../../src/storage/redis-privacy-center-grants';
import { RedisStorage } from '../../src/storage/redis-storage';
import { testRedis, uniquePrefix } from '../support/redis';

const CENTER_OLD = 'center-secret-old-0123456789abcdefghijkl';
const CENTER_NEW = 'center-secret-new-0123456789abcdefghijkl';
const SUBJECT_OLD = 'subject-secret-old-0123456789abcdefghijk';
const SUBJECT_NEW = 'subject-secret-new-0123456789abcdefghijk';
const ana: DataSubject = { channelId: 'facebook', userId: '7712345678901234' };

/** The center of one deployment: its subject key ring and its center secrets (newest first). */
function center(redis: Redis, prefix: string, subjectRing: string, secret: string | string[]) {
  const storage = new RedisStorage({ redis, prefix, subjectSecret: SubjectKeyRing.parse(subjectRing) });
  const grants = new RedisPrivacyCenterGrants({ keyspace: storage.keyspace });
  return new PrivacyCenterLinks({ secret, grants, baseUrl: 'https://bot.example.com' });
}

describe('Privacy Center links across a rotation of both secrets (Redis)', () => {
  let redis: Redis;
  let prefix: string;
  beforeEach(() => {
    redis = testRedis();
    prefix = uniquePrefix('pcrot');
  });
  afterEach(async () => {
    await redis.quit();
  });

  it('a link made before the rotation still opens after it, with its CSRF token; new links use the newest secret', async () => {
    const before = center(redis, prefix, `s1:${SUBJECT_OLD}`, CENTER_OLD);
    const old = await before.issue(ana, 'es');
    const beforeCheck = await before.check(old.token);
    expect(beforeCheck.status).toBe('valid');
    const csrf = beforeCheck.status === 'valid' ? before.csrfToken(beforeCheck.grant) : '';

    const after = center(redis, prefix, `s2:${SUBJECT_NEW},s1:${SUBJECT_OLD}`, [CENTER_NEW, CENTER_OLD]);
    const check = await after.check(old.token);
    expect(check).toEqual({
      status: 'valid',
      grant: { subject: ana, language: 'es', linkId: expect.any(String), expiresAt: old.expiresAt },
    });
    if (check.status !== 'valid') return;
    // The page rendered before the rotation posts its form after it: the CSRF token still holds.
    expect(after.checkCsrf(check.grant, csrf)).toBe(true);

    const fresh = await after.issue(ana, 'en');
    expect((await after.check(fresh.token)).status).toBe('valid');
    // Issued under the newest secret: a deployment that only knows the old one calls it forged.
    const oldOnly = center(redis, prefix, `s2:${SUBJECT_NEW},s1:${SUBJECT_OLD}`, CENTER_OLD);
    expect((await oldOnly.check(fresh.token)).status).toBe('forged');
    // Once the old center secret leaves the ring, its links stop working.
    const newOnly = center(redis, prefix, `s2:${SUBJECT_NEW}`, CENTER_NEW);
    expect((await newOnly.check(old.token)).status).toBe('forged');
  });

  it('a ring with a short secret is refused, naming its position only', () => {
    expect(() => center(redis, prefix, `s1:${SUBJECT_OLD}`, [CENTER_NEW, 'short'])).toThrow(
      /^The Privacy Center secret 2 \(newest first\) must be at least 32 characters long\.$/,
    );
  });
});
