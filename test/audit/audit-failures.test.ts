import type { Activity } from 'botbuilder-core';
import { AuditKeyring } from '../../src/core/audit/audit-keyring';
import type { AuditEvent, AuditLog } from '../../src/core/audit/audit-log';
import type { PrivacyErrorInfo } from '../../src/core/operation-error';
import { createRedisClient } from '../../src/storage/redis-client';
import { MemoryAuditLog } from '../../src/storage/memory-audit-log';
import { RedisAuditLog } from '../../src/storage/redis-audit-log';
import { snapshot, uniquePrefix } from '../support/redis';
import { createTestBot, type TestBot } from '../botbuilder/privacy-test-bot';

// When the audit trail cannot take an entry, the operation is not reported done: the person is told to
// try again (erasure is safe to repeat), and the retry leaves its entry once the trail is back.

const keys = AuditKeyring.development();
const postback = (payload: string): Partial<Activity> => ({
  type: 'message',
  text: payload,
  channelData: { postback: { payload } },
});

let bot: TestBot | undefined;
const dead = createRedisClient('redis://127.0.0.1:1', 300, { lazyConnect: true, retryStrategy: () => null });
afterAll(async () => {
  await bot?.close();
  dead.disconnect();
});

it('an erasure whose audit entry cannot be written is told as failed; the retry is audited', async () => {
  const down = new RedisAuditLog({ redis: dead, prefix: uniquePrefix('dead'), keys });
  const up = new MemoryAuditLog({ keys });
  let available = false;
  const log: AuditLog = { append: (event: AuditEvent) => (available ? up : down).append(event) };
  const errors: Array<[Error, PrivacyErrorInfo]> = [];
  bot = createTestBot({
    userName: 'Paula Prueba',
    privacy: {
      audit: { log, subjectDigest: (subject) => bot!.storage.keyspace.digester.digest(subject) },
      onError: (error, info) => void errors.push([error, info]),
    },
  });
  const b = bot;
  await b.adapter
    .send('hi')
    .assertReply(() => undefined)
    .send(postback('PRIVACY_DELETE'))
    .assertReply(() => undefined)
    .send(postback('PRIVACY_DELETE_CONFIRM'))
    .assertReply((r) => expect(r.text).toContain('deleting your data failed'))
    .startTest();
  expect(errors.map(([error, info]) => [error.name, info.operation])).toEqual([
    ['StorageUnavailableError', 'erasure'],
  ]);
  expect(JSON.stringify(errors.map(([e]) => e.message))).not.toContain(b.user.id);

  available = true;
  await b.adapter
    .send(postback('PRIVACY_DELETE'))
    .assertReply(() => undefined)
    .send(postback('PRIVACY_DELETE_CONFIRM'))
    .assertReply((r) => expect(r.text).toMatch(/confirmation code is [A-Z2-9]{12}/))
    .startTest();
  const entries = await up.read();
  expect(entries.map((e) => `${e.operation}/${e.origin}/${e.detail?.outcome}`)).toEqual([
    'erasure/menu/completed',
  ]);
  expect(entries[0].subjectDigest).toBe(
    b.storage.keyspace.digester.digest({ channelId: 'facebook', userId: b.user.id }),
  );
  expect([...(await snapshot(b.redis, b.prefix))].join('\n')).not.toContain(b.user.id);
});
