import type { Server } from 'node:http';
import type { Redis } from 'ioredis';
import { configFromEnv, createBotApp } from '../../examples/home-services-bot/app';
import { verifyAuditStore } from '../../src/core/audit/audit-chain';
import { AuditKeyring } from '../../src/core/audit/audit-keyring';
import type { AuditEntry } from '../../src/core/audit/audit-log';
import { SubjectDigester } from '../../src/core/subject';
import { createSignedRequest } from '../../src/messenger/signed-request';
import { RedisAuditLog } from '../../src/storage/redis-audit-log';
import { RedisStorage } from '../../src/storage/redis-storage';
import { RedisAppScopedIdLinks } from '../../src/messenger/redis-app-scoped-id-links';
import { freePort } from '../support/redis-server';
import { testRedis, testRedisUrl, uniquePrefix } from '../support/redis';
import { messengerMessage } from '../examples/serve-example';

// Every path of the example bot that erases, exports or records consent leaves its audit entry, with the
// path it came from, in the Redis stream: real HTTP, real Redis, nothing sprinkled in dialogs.

const APP_SECRET = 'audit-test-app-secret';
const TAX_ID = '12345678Z';
const digester = new SubjectDigester(process.env.PRIVACY_SUBJECT_SECRET);
const fb = (userId: string) => digester.digest({ channelId: 'facebook', userId });

const prefix = uniquePrefix('auditorigins');
let redis: Redis;
let server: { url: string; close(): Promise<void> };
let log: RedisAuditLog;

beforeAll(async () => {
  redis = testRedis();
  const port = await freePort();
  const app = createBotApp({
    ...configFromEnv({}),
    port,
    publicUrl: `http://127.0.0.1:${port}`,
    redisUrl: testRedisUrl(),
    redisPrefix: prefix,
    facebookAppSecret: APP_SECRET,
    privacyCenterSecret: 'c'.repeat(40),
  });
  const listening: Server = await new Promise((resolve) => {
    const s = app.app.listen(port, '127.0.0.1', () => resolve(s));
  });
  server = {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        listening.closeAllConnections();
        listening.close(() => void app.close().then(resolve));
      }),
  };
  log = new RedisAuditLog({ redis, prefix, keys: AuditKeyring.fromEnv({}) });
});
afterAll(async () => {
  await server.close();
  await redis.quit();
});

async function say(text: string, userId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const response = await fetch(`${server.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(messengerMessage(text, userId, extra)),
  });
  expect(response.status).toBe(200);
  return JSON.stringify(await response.json());
}

/** Entries appended while `work` ran. */
async function entriesDuring(work: () => Promise<unknown>): Promise<AuditEntry[]> {
  const before = (await log.checkpoint()).head?.seq ?? 0;
  await work();
  return (await log.read()).filter((entry) => entry.seq > before);
}

const summary = (entries: AuditEntry[]) =>
  entries.map((e) => `${e.operation}/${e.origin}${e.detail?.purpose ? `/${e.detail.purpose}` : ''}`);

const users = { chat: `71000${Date.now()}1`, menu: `71000${Date.now()}2`, bf: `71000${Date.now()}3` };
const linked = { psid: `71000${Date.now()}4`, asid: `10158${Date.now()}5` };

describe('the example bot audits every path', () => {
  it('consent given in the chat (origin chat), export and withdrawal from the menu (origin menu)', async () => {
    const user = users.chat;
    await say('hello', user);
    const given = await entriesDuring(async () => {
      await say('invoice', user);
      await say('PRIVACY_CONSENT_YES', user);
      await say(TAX_ID, user);
    });
    expect(summary(given)).toEqual(['consent.given/chat/invoice']);
    expect(given[0].subjectDigest).toBe(fb(user));

    const exported = await entriesDuring(() => say('PRIVACY_EXPORT', user));
    expect(summary(exported)).toEqual(['export/menu']);
    expect(exported[0]).toMatchObject({ subjectDigest: fb(user), detail: { sections: expect.any(Number) } });

    const withdrawn = await entriesDuring(async () => {
      await say('PRIVACY_CONSENTS', user);
      await say('PRIVACY_WITHDRAW_1', user);
    });
    expect(summary(withdrawn)).toEqual(['consent.withdrawn/menu/invoice']);
  });

  it('the Privacy Center: opened, download and erasure (origin privacy_center)', async () => {
    const user = users.chat;
    const replies = await say('PRIVACY_CENTER', user);
    const url = /"(http:[^"]+\/privacy\/center\/[A-Za-z0-9_-]+)"/.exec(replies)![1];
    const opened = await entriesDuring(async () => expect((await fetch(url)).status).toBe(200));
    expect(summary(opened)).toEqual(['privacy_center.opened/privacy_center']);
    const download = await entriesDuring(async () =>
      expect((await fetch(`${url}/my-data.json`)).status).toBe(200),
    );
    expect(summary(download)).toEqual(['export/privacy_center']);
    const erased = await entriesDuring(async () => {
      const confirm = await (await fetch(`${url}/delete`)).text();
      const csrf = /name="csrf" value="([^"]+)"/.exec(confirm)![1];
      const done = await fetch(`${url}/delete`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf }),
      });
      expect(done.status).toBe(200);
    });
    expect(summary(erased)).toEqual(['erasure/privacy_center']);
    expect(erased[0]).toMatchObject({
      subjectDigest: fb(user),
      detail: { outcome: 'completed', confirmationCode: expect.stringMatching(/^[A-Z2-9]{12}$/) },
    });
  });

  it('"Delete my data" in the menu (origin menu)', async () => {
    await say('hello', users.menu);
    const erased = await entriesDuring(async () => {
      await say('PRIVACY_DELETE', users.menu);
      expect(await say('PRIVACY_DELETE_CONFIRM', users.menu)).toMatch(/confirmation code is [A-Z2-9]{12}/);
    });
    expect(summary(erased)).toEqual(['erasure/menu']);
    expect(erased[0].subjectDigest).toBe(fb(users.menu));
  });

  it("Bot Framework's deleteUserData (origin delete_user_data)", async () => {
    await say('hello', users.bf);
    const erased = await entriesDuring(() => say('', users.bf, { type: 'deleteUserData', text: undefined }));
    expect(summary(erased)).toEqual(['erasure/delete_user_data']);
    expect(erased[0].subjectDigest).toBe(fb(users.bf));
  });

  it("Meta's data-deletion callback (origin facebook_callback)", async () => {
    await say('hello', linked.psid);
    const keyspace = new RedisStorage({ redis, prefix }).keyspace;
    await new RedisAppScopedIdLinks({ keyspace }).link(linked.asid, {
      channelId: 'facebook',
      userId: linked.psid,
    });
    const erased = await entriesDuring(async () => {
      const body = new URLSearchParams({
        signed_request: createSignedRequest(
          { algorithm: 'HMAC-SHA256', user_id: linked.asid, issued_at: Math.floor(Date.now() / 1000) },
          APP_SECRET,
        ),
      });
      expect(
        (await fetch(`${server.url}/privacy/facebook/data-deletion`, { method: 'POST', body })).status,
      ).toBe(200);
    });
    expect(summary(erased)).toEqual(['erasure/facebook_callback']);
    expect(erased[0].subjectDigest).toBe(fb(linked.psid));
  });

  it('the whole stream verifies and holds no id, name or tax id of anyone', async () => {
    expect(await verifyAuditStore(log, AuditKeyring.fromEnv({}))).toMatchObject({ ok: true });
    const raw = JSON.stringify(await redis.xrange(log.streamKey, '-', '+'));
    expect(raw.length).toBeGreaterThan(500);
    for (const secret of [
      ...Object.values(users),
      linked.psid,
      linked.asid,
      'Paula',
      'Prueba',
      TAX_ID,
      '12345678',
    ])
      expect(raw).not.toContain(secret);
  });
});
