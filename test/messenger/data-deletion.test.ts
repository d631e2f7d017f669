import express from 'express';
import type { Redis } from 'ioredis';
import type { ErasureReceipt, SubjectErasure } from '../../src/core/erasure';
import { ConfigurationError, StorageUnavailableError } from '../../src/core/errors';
import type { DataSubject } from '../../src/core/subject';
import { createSubjectScope, runInSubjectScope } from '../../src/core/subject-scope';
import {
  facebookDataDeletionRouter,
  type FacebookDataDeletionOptions,
} from '../../src/messenger/data-deletion';
import { RedisDeletionStatusStore } from '../../src/messenger/redis-deletion-status-store';
import { RedisAppScopedIdLinks } from '../../src/messenger/redis-app-scoped-id-links';
import { createSignedRequest } from '../../src/messenger/signed-request';
import {
  combinePageScopedIdResolvers,
  LinkedPageScopedIdResolver,
  type PageScopedIdResolver,
} from '../../src/messenger/page-scoped-id-resolver';
import { GraphApiError } from '../../src/messenger/graph-api';
import type { RedisStorage } from '../../src/storage/redis-storage';
import { snapshot, testStorage } from '../support/redis';
import { listen } from './listen';

const SECRET = 'fb-app-secret';
const ASID = '10158765432109876';
const alice: DataSubject = { channelId: 'facebook', userId: '7004444333322221' };
const bob: DataSubject = { channelId: 'facebook', userId: '7008888777766665' };
const BASE = 'https://bot.example.com';
const PATH = '/privacy/facebook/data-deletion';

let storage: RedisStorage;
let redis: Redis;
let prefix: string;
let links: RedisAppScopedIdLinks;
let server: { url: string; close(): Promise<void> } | undefined;
let errors: unknown[];

type Overrides = Partial<FacebookDataDeletionOptions>;

async function start(options: Overrides | ((links: RedisAppScopedIdLinks) => Overrides) = {}) {
  ({ storage, redis, prefix } = testStorage());
  links = new RedisAppScopedIdLinks({ keyspace: storage.keyspace });
  const overrides = typeof options === 'function' ? options(links) : options;
  errors = [];
  const app = express();
  app.use(
    facebookDataDeletionRouter({
      appSecret: SECRET,
      eraser: storage,
      resolver: new LinkedPageScopedIdResolver(links),
      statuses: new RedisDeletionStatusStore({ keyspace: storage.keyspace }),
      statusBaseUrl: `${BASE}/`,
      onError: (e) => errors.push(e),
      ...overrides,
    }),
  );
  server = await listen(app);
}

afterEach(() => stop());

async function stop(): Promise<void> {
  if (!server) return;
  await server.close();
  await redis.quit();
  server = undefined;
}

/** What a turn of the subject leaves in storage. */
async function chatAs(subject: DataSubject): Promise<void> {
  await runInSubjectScope(createSubjectScope(subject, { id: `conv-${subject.userId}` }), () =>
    storage.write({ [`facebook/users/${subject.userId}/`]: { name: `name of ${subject.userId}` } }),
  );
}

async function userState(subject: DataSubject) {
  const key = `facebook/users/${subject.userId}/`;
  return (await storage.read([key]))[key];
}

function signed(overrides: Record<string, unknown> = {}, secret = SECRET): string {
  const payload = {
    algorithm: 'HMAC-SHA256',
    user_id: ASID,
    issued_at: Math.floor(Date.now() / 1000),
    ...overrides,
  };
  return createSignedRequest(payload, secret);
}

function postCallback(form: string) {
  return fetch(`${server!.url}${PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  });
}

async function deletionRequest(signedRequest: string) {
  const res = await postCallback(new URLSearchParams({ signed_request: signedRequest }).toString());
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

function statusPage(code: string, headers: Record<string, string> = {}, query = '') {
  return fetch(`${server!.url}${PATH}/status/${code}${query}`, { headers });
}

async function redisDump(): Promise<string> {
  return [...(await snapshot(redis, prefix)).entries()].map(([k, v]) => `${k} ${v}`).join('\n');
}

describe('POST data deletion callback', () => {
  beforeEach(() => start());

  it("erases the person's data, forgets the link, and answers a status URL and confirmation code", async () => {
    await chatAs(alice);
    await chatAs(bob);
    await links.link(ASID, alice);
    await links.link('10150000000000001', bob);

    const { status, body } = await deletionRequest(signed());
    expect(status).toBe(200);
    expect(body.confirmation_code).toMatch(/^[A-Z2-9]{12}$/);
    expect(body.url).toBe(`${BASE}${PATH}/status/${body.confirmation_code}`);

    expect(await userState(alice)).toBeUndefined();
    expect((await userState(bob)).name).toBe(`name of ${bob.userId}`);
    expect(await links.subjectsFor(ASID)).toEqual([]);
    const dump = await redisDump();
    expect(dump).not.toContain(ASID);
    expect(dump).not.toContain(alice.userId);
    expect(dump).toContain(bob.userId);

    const json = await (await statusPage(body.confirmation_code, { accept: 'application/json' })).json();
    expect(json).toMatchObject({
      confirmation_code: body.confirmation_code,
      status: 'completed',
      subjects_erased: 1,
      items_removed: 2, // state and the link record
      verified: true,
    });
    const page = await statusPage(body.confirmation_code);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain('All data this bot held about you has been deleted.');
    expect(html).toContain(body.confirmation_code);
  });

  it('erases every page-scoped subject linked to the person', async () => {
    const otherPage: DataSubject = { channelId: 'facebook', userId: '7001111111111111' };
    await chatAs(alice);
    await chatAs(otherPage);
    await links.link(ASID, alice);
    await links.link(ASID, otherPage);
    const { body } = await deletionRequest(signed());
    expect(await userState(alice)).toBeUndefined();
    expect(await userState(otherPage)).toBeUndefined();
    const json = await (await statusPage(body.confirmation_code, {}, '?format=json')).json();
    expect(json).toMatchObject({ status: 'completed', subjects_erased: 2 });
  });

  it('keeps no raw id in the stored deletion status', async () => {
    await chatAs(alice);
    await links.link(ASID, alice);
    const { body } = await deletionRequest(signed());
    const stored = await redis.get(`${prefix}:fbdel:${body.confirmation_code}`);
    expect(stored).toContain('completed');
    expect(stored).not.toContain(ASID);
    expect(stored).not.toContain(alice.userId);
  });

  it.each<[string, () => string, RegExp]>([
    ['no signed_request', () => '', /missing/],
    [
      'a signature made with another secret',
      () => `signed_request=${signed({}, 'wrong-secret')}`,
      /signature/,
    ],
    ['another algorithm', () => `signed_request=${signed({ algorithm: 'HMAC-SHA1' })}`, /algorithm/],
    ['broken base64', () => `signed_request=${encodeURIComponent('@@@.###')}`, /malformed/],
    ['a payload that is not JSON', () => `signed_request=${signRaw('not json')}`, /malformed/],
    ['no user_id', () => `signed_request=${signed({ user_id: undefined })}`, /user_id/],
  ])('answers 400 and deletes nothing for %s', async (_, form, message) => {
    await chatAs(alice);
    await links.link(ASID, alice);
    const res = await postCallback(form());
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string };
    expect(body.error).toMatch(message);
    expect(body.error).not.toContain(SECRET);
    expect((await userState(alice)).name).toBe(`name of ${alice.userId}`);
    expect(await links.subjectsFor(ASID)).toEqual([alice]);
  });

  it('answers 413 JSON for a body that is too large', async () => {
    const res = await postCallback(`signed_request=${'a'.repeat(64 * 1024)}`);
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: 'The request body could not be read.' });
  });

  it('tells an unknown person honestly that no conversation could be linked, and how to delete in the chat', async () => {
    const { status, body } = await deletionRequest(signed({ user_id: '10150000000009999' }));
    expect(status).toBe(200);
    const html = await (await statusPage(body.confirmation_code)).text();
    expect(html).toContain(
      'No Messenger conversation with this bot could be linked to your Facebook account',
    );
    expect(html).toContain('write &#34;privacy&#34;');
    expect(html).toContain('tap &#34;Delete my data&#34;');
    expect(html).not.toMatch(/held no data|nothing was held|no data about you/i);
    const json = await (await statusPage(body.confirmation_code, { accept: 'application/json' })).json();
    expect(json).toMatchObject({ status: 'not-linked', subjects_erased: 0 });
  });

  it('reads a status stored before "not-linked" existed ("no-data") as not linked, never as "nothing held"', async () => {
    const code = 'LEGACY234567';
    await redis.set(
      `${prefix}:fbdel:${code}`,
      JSON.stringify({
        confirmationCode: code,
        outcome: 'no-data',
        requestedAt: new Date().toISOString(),
        completedAt: new Date().toISOString(),
        subjectsErased: 0,
        itemsRemoved: 0,
        verified: true,
        receiptCodes: [],
      }),
    );
    const html = await (await statusPage(code)).text();
    expect(html).toContain('could be linked to your Facebook account');
    expect(await (await statusPage(code, {}, '?format=json')).json()).toMatchObject({ status: 'not-linked' });
  });

  it('answers 503 and keeps the link when erasure fails, so the request can be retried', async () => {
    await stop();
    const failing: SubjectErasure = {
      eraseSubject: async (): Promise<ErasureReceipt> => {
        throw new StorageUnavailableError('Redis did not answer within 2000 ms (erase).');
      },
    };
    await start({ eraser: failing });
    await links.link(ASID, alice);
    const { status, body } = await deletionRequest(signed());
    expect(status).toBe(503);
    expect(body.error).toMatch(/try again/i);
    expect(await links.subjectsFor(ASID)).toEqual([alice]);
    expect(errors).toHaveLength(1);
  });

  it.each<[string, () => Error]>([
    ['Graph is down', () => new GraphApiError('Graph API could not be reached (ECONNREFUSED).', 'network')],
    ['Graph is slow', () => new GraphApiError('Graph API did not answer within 1500 ms.', 'timeout')],
    ['storage is down', () => new StorageUnavailableError('Redis did not answer within 2000 ms (read).')],
  ])(
    'answers 503 with Retry-After when %s while resolving: nothing erased, no code, no status written',
    async (_, failure) => {
      await stop();
      const failing: PageScopedIdResolver = {
        resolve: async () => {
          throw failure();
        },
      };
      // The recorded links know alice; the other source fails.
      await start((recorded) => ({
        resolver: combinePageScopedIdResolvers([new LinkedPageScopedIdResolver(recorded), failing]),
        retryAfterSeconds: 30,
      }));
      await chatAs(alice);
      await links.link(ASID, alice);
      const before = await redisDump();
      const res = await postCallback(new URLSearchParams({ signed_request: signed() }).toString());
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('30');
      const body = (await res.json()) as Record<string, unknown>;
      expect(body.confirmation_code).toBeUndefined();
      expect(body.url).toBeUndefined();
      expect(await redisDump()).toBe(before); // nothing erased, no status record
      expect(errors).toHaveLength(1);
    },
  );
});

describe('with a resolver that never answers', () => {
  it('answers 503 within resolveTimeoutMs and erases nothing', async () => {
    await start({ resolver: { resolve: () => new Promise(() => undefined) }, resolveTimeoutMs: 200 });
    await chatAs(alice);
    const before = await redisDump();
    const started = Date.now();
    const res = await postCallback(new URLSearchParams({ signed_request: signed() }).toString());
    expect(res.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await redisDump()).toBe(before);
    expect(String(errors[0])).toMatch(/longer than 200 ms/);
    expect(String(errors[0])).not.toContain(ASID);
  });
});

describe('with a maximum age', () => {
  beforeEach(() => start({ maxAgeSeconds: 600 }));

  it('refuses an expired request with 400 and deletes nothing', async () => {
    await chatAs(alice);
    await links.link(ASID, alice);
    const { status, body } = await deletionRequest(
      signed({ issued_at: Math.floor(Date.now() / 1000) - 3600 }),
    );
    expect(status).toBe(400);
    expect(body.error).toMatch(/too old/);
    expect(await userState(alice)).toBeDefined();
  });
});

describe('with a refusal rule', () => {
  beforeEach(() =>
    start({
      refusal: (subjects) =>
        subjects.length > 0 ? 'You have an open invoice we must keep by law until it is paid.' : undefined,
    }),
  );

  it('keeps the data and shows the reason on the status page', async () => {
    await chatAs(alice);
    await links.link(ASID, alice);
    const { status, body } = await deletionRequest(signed());
    expect(status).toBe(200);
    expect(await userState(alice)).toBeDefined();
    const html = await (await statusPage(body.confirmation_code)).text();
    expect(html).toContain('Your data was not deleted.');
    expect(html).toContain('You have an open invoice we must keep by law until it is paid.');
    const json = await (await statusPage(body.confirmation_code, { accept: 'application/json' })).json();
    expect(json).toMatchObject({
      status: 'refused',
      reason: 'You have an open invoice we must keep by law until it is paid.',
    });
  });
});

describe('GET status page', () => {
  beforeEach(() => start());

  it('says not found for an unknown or malformed code, in HTML and JSON', async () => {
    const page = await statusPage('ABCDEFGHJKLM');
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('We have no data deletion request with this code.');
    const malformed = await statusPage(encodeURIComponent('<script>'));
    expect(malformed.status).toBe(404);
    expect(await malformed.text()).not.toContain('<script>');
    const json = await statusPage('ABCDEFGHJKLM', { accept: 'application/json' });
    expect(json.status).toBe(404);
    expect(await json.json()).toEqual({ error: 'No data deletion request has this confirmation code.' });
  });

  it("speaks the browser's language, or the one asked for", async () => {
    const { body } = await deletionRequest(signed());
    const spanish = await (
      await statusPage(body.confirmation_code, { 'accept-language': 'es-ES,es;q=0.9' })
    ).text();
    expect(spanish).toContain('<html lang="es">');
    expect(spanish).toContain('No hemos podido vincular ninguna conversación de Messenger');
    expect(spanish).toContain('escribe «privacidad»');
    expect(spanish).toContain('pulsa «Borrar mis datos»');
    const swedish = await (await statusPage(body.confirmation_code, {}, '?lang=sv')).text();
    expect(swedish).toContain('Ingen Messenger-konversation med den här boten kunde kopplas');
    expect(swedish).toContain('skriv &#34;integritet&#34;');
    const fallback = await (await statusPage(body.confirmation_code, { 'accept-language': 'de-DE' })).text();
    expect(fallback).toContain('No Messenger conversation with this bot could be linked');
  });

  it('shows each outcome in English, Spanish and Swedish', async () => {
    await chatAs(alice);
    await links.link(ASID, alice);
    const { body } = await deletionRequest(signed());
    const page = async (lang: string) =>
      (await (await statusPage(body.confirmation_code, {}, `?lang=${lang}`)).text()).replace(/\s+/g, ' ');
    expect(await page('en')).toContain('All data this bot held about you has been deleted.');
    expect(await page('es')).toContain('Hemos eliminado todos los datos que este bot guardaba sobre ti.');
    expect(await page('sv')).toContain('Alla uppgifter som den här boten hade om dig har raderats.');
    expect(await (await statusPage('ABCDEFGHJKLM', {}, '?lang=es')).text()).toContain(
      'No encontramos ninguna solicitud de eliminación con este código.',
    );
  });
});

describe('configuration', () => {
  it('is checked when the router is built', () => {
    const base = {
      appSecret: SECRET,
      eraser: { eraseSubject: jest.fn() },
      resolver: { resolve: jest.fn() },
      statuses: { get: jest.fn(), save: jest.fn() },
      statusBaseUrl: BASE,
    };
    expect(() => facebookDataDeletionRouter({ ...base, appSecret: '' })).toThrow(/appSecret/);
    expect(() => facebookDataDeletionRouter({ ...base, statusBaseUrl: 'bot.example.com' })).toThrow(
      ConfigurationError,
    );
    expect(() => facebookDataDeletionRouter({ ...base, path: 'no-slash' })).toThrow(/path/);
    expect(() => facebookDataDeletionRouter({ ...base, maxAgeSeconds: -1 })).toThrow(/maxAgeSeconds/);
    expect(() => facebookDataDeletionRouter({ ...base, retryAfterSeconds: 0 })).toThrow(/retryAfter/);
    expect(() => facebookDataDeletionRouter({ ...base, resolveTimeoutMs: 0 })).toThrow(/resolveTimeout/);
  });
});

function signRaw(text: string): string {
  const { createHmac } = require('node:crypto') as typeof import('node:crypto');
  const encoded = Buffer.from(text).toString('base64url');
  return `${createHmac('sha256', SECRET).update(encoded).digest('base64url')}.${encoded}`;
}
