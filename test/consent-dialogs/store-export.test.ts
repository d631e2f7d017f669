import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { recordConsent } from '../../src/core/consent/record-consent';
import { EnvelopeCipher } from '../../src/core/sensitive/envelope-cipher';
import type { ConsentStore } from '../../src/core/consent/consent-store';
import { MemoryConsentStore } from '../../src/storage/memory-consent-store';
import { MemoryKeyspace } from '../../src/storage/memory-keyspace';
import { MemorySensitiveValueStore } from '../../src/storage/memory-sensitive-value-store';
import { RedisConsentStore } from '../../src/storage/redis-consent-store';
import { RedisKeyspace } from '../../src/storage/redis-keyspace';
import { RedisSensitiveValueStore } from '../../src/storage/redis-sensitive-value-store';
import type { SensitiveValueStore } from '../../src/core/sensitive/sensitive-value-store';
import { CARD_PURPOSE, contextFor, freshSubject, SUBJECT_SECRET, TAX_ID_PURPOSE } from '../consent/fixtures';
import { testRedis, uniquePrefix } from '../support/redis';

// *My data* reads consent receipts in full and sensitive values masked, from every store kind.

const cipher = new EnvelopeCipher([{ kid: 'k', key: randomBytes(32) }]);
const clients: Redis[] = [];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit()));
});

function stores(kind: 'memory' | 'redis'): { consents: ConsentStore; values: SensitiveValueStore } {
  if (kind === 'memory') {
    const keyspace = new MemoryKeyspace({ subjectSecret: SUBJECT_SECRET });
    return {
      consents: new MemoryConsentStore({ keyspace }),
      values: new MemorySensitiveValueStore({ keyspace, cipher }),
    };
  }
  const redis = testRedis();
  clients.push(redis);
  const keyspace = new RedisKeyspace({
    redis,
    prefix: uniquePrefix('export'),
    subjectSecret: SUBJECT_SECRET,
  });
  return {
    consents: new RedisConsentStore({ keyspace }),
    values: new RedisSensitiveValueStore({ keyspace, cipher }),
  };
}

describe.each(['memory', 'redis'] as const)('%s stores in the data export', (kind) => {
  it('exports each receipt as a consent section, for this subject only', async () => {
    const { consents } = stores(kind);
    const subject = freshSubject();
    const given = recordConsent([], TAX_ID_PURPOSE, 'given', contextFor(subject));
    const refused = recordConsent([], CARD_PURPOSE, 'refused', contextFor(subject));
    await consents.save(subject, given);
    await consents.save(subject, refused);
    const other = freshSubject();
    await consents.save(other, recordConsent([], TAX_ID_PURPOSE, 'given', contextFor(other)));
    const sections = await consents.exportSubject(subject);
    expect(sections.map((s) => [s.kind, s.label]).sort()).toEqual([
      ['consent', 'consent/card_payment'],
      ['consent', 'consent/invoice_tax_id'],
    ]);
    expect(sections.map((s) => s.data)).toEqual(expect.arrayContaining([given, refused]));
    expect(await consents.exportSubject(freshSubject())).toEqual([]);
  });

  it('exports which purposes hold a sensitive value and until when, never the value', async () => {
    const { values } = stores(kind);
    const subject = freshSubject();
    const before = Date.now();
    await values.save(subject, 'invoice_tax_id', '12345678Z', { ttlSeconds: 3600 });
    await values.save(subject, 'card_payment', '{"brand":"visa","last4":"1111"}', { ttlSeconds: 0.05 });
    await new Promise((resolve) => setTimeout(resolve, 120)); // the card summary expires
    const sections = await values.exportSubject(subject);
    expect(sections).toEqual([
      {
        kind: 'sensitive',
        label: 'sensitive/invoice_tax_id',
        data: { purpose: 'invoice_tax_id', stored: true, expires: expect.any(String) },
      },
    ]);
    const expires = Date.parse((sections[0].data as { expires: string }).expires);
    expect(expires).toBeGreaterThanOrEqual(before + 3590_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 3600_000);
    expect(JSON.stringify(sections)).not.toContain('12345678Z');
  });
});
