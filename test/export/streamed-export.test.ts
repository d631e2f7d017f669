import { randomBytes } from 'node:crypto';
import { ConversationState, UserState } from 'botbuilder-core';
import express from 'express';
import type { Redis } from 'ioredis';
import { createPrivacy } from '../../src/botbuilder';
import { collectSubjectData, type SubjectDataSource } from '../../src/core/data-export';
import { StorageUnavailableError } from '../../src/core/errors';
import { PrivacyCenterLinks } from '../../src/core/privacy-center-link';
import { PrivacyRequests } from '../../src/core/requests/privacy-requests';
import { EnvelopeCipher } from '../../src/core/sensitive/envelope-cipher';
import type { DataSubject } from '../../src/core/subject';
import { privacyCenterRouter } from '../../src/server/privacy-center-router';
import { MemoryKeyspace } from '../../src/storage/memory-keyspace';
import { MemoryPrivacyCenterGrants } from '../../src/storage/memory-privacy-center-grants';
import { createRedisClient } from '../../src/storage/redis-client';
import { RedisPrivacyRequestStore } from '../../src/storage/redis-privacy-request-store';
import { RedisStorage } from '../../src/storage/redis-storage';
import { RedisTranscriptStore } from '../../src/storage/redis-transcript-store';
import { privacyCenterBackend } from '../../src/turn/privacy-center-backend';
import { INVENTORY } from '../botbuilder/privacy-test-bot';
import { listen } from '../messenger/listen';
import { snapshot, uniquePrefix } from '../support/redis';
import { startRedisServer, type RunningRedis } from '../support/redis-server';

// My data from a long history, over real HTTP from a real Redis: the Privacy Center download and the
// operator's export request stream it (the same JSON as the whole export), and a Redis failure midway
// ends the download as a failure, never as a file that looks complete, and never crashes the server.

jest.setTimeout(120_000);

const ana: DataSubject = { channelId: 'webchat', userId: 'ana-4711' };
const bo: DataSubject = { channelId: 'webchat', userId: 'bo-0815' };

let server: RunningRedis;
let redis: Redis;
let storage: RedisStorage;
let transcripts: RedisTranscriptStore;
let http: { url: string; close(): Promise<void> };
let errors: unknown[];
let centerUrl: (subject: DataSubject) => Promise<string>;

beforeEach(async () => {
  server = await startRedisServer();
  redis = createRedisClient(server.url, 500);
  redis.on('error', () => undefined); // the server is stopped on purpose below
  storage = new RedisStorage({ redis, prefix: uniquePrefix('stream'), operationTimeoutMs: 500 });
  transcripts = new RedisTranscriptStore({
    keyspace: storage.keyspace,
    maxActivitiesPerConversation: 10_000,
  });
  const privacy = createPrivacy({
    brand: { name: 'Home Services', policyUrl: 'https://example.com/privacy' },
    userState: new UserState(storage),
    conversationState: new ConversationState(storage),
    erasure: storage,
    dataSources: [storage, transcripts],
    inventory: INVENTORY,
  });
  const links = new PrivacyCenterLinks({
    secret: 's'.repeat(32),
    grants: new MemoryPrivacyCenterGrants({ keyspace: new MemoryKeyspace() }),
    baseUrl: 'http://unused.example',
  });
  errors = [];
  http = await listen(
    express().use(
      privacyCenterRouter({
        links,
        backend: privacyCenterBackend(privacy),
        localizer: privacy.localizer,
        brand: { name: 'Home Services' },
        onError: (error) => errors.push(error),
      }),
    ),
  );
  centerUrl = async (subject) => `${http.url}/privacy/center/${(await links.issue(subject, 'en')).token}`;
});

afterEach(async () => {
  await http.close();
  redis.disconnect();
  await server.stop();
});

/** Logs `count` messages of one conversation (alternating the person and the bot), in order. */
async function logHistory(subject: DataSubject, count: number, text = (n: number) => `message ${n}`) {
  for (let start = 0; start < count; start += 100) {
    const batch = [];
    for (let n = start; n < Math.min(count, start + 100); n++) {
      const person = { id: subject.userId, role: 'user' };
      const bot = { id: 'bot', role: 'bot' };
      batch.push(
        transcripts.logActivity({
          type: 'message',
          channelId: subject.channelId,
          conversation: { id: `conversation-of-${subject.userId}` },
          from: n % 2 === 0 ? person : bot,
          recipient: n % 2 === 0 ? bot : person,
          text: text(n),
        }),
      );
    }
    await Promise.all(batch);
  }
  await transcripts.flush();
}

it('the Privacy Center download streams a history of thousands of messages: the whole export, in order', async () => {
  await storage.write({ 'webchat/users/ana-4711/': { booking: { service: 'Plumbing' } } });
  await logHistory(ana, 3000);
  const response = await fetch(`${await centerUrl(ana)}/my-data.json`);
  expect(response.status).toBe(200);
  expect(response.headers.get('transfer-encoding')).toBe('chunked'); // streamed, not built first
  expect(response.headers.get('content-disposition')).toBe('attachment; filename="my-data.json"');
  const text = await response.text();
  const whole = await collectSubjectData(ana, [storage, transcripts]);
  const downloaded = JSON.parse(text) as typeof whole;
  expect(downloaded.sections).toEqual(whole.sections);
  expect(text).toBe(JSON.stringify({ ...whole, exportedAt: downloaded.exportedAt }, null, 2));
  const messages = downloaded.sections.find((s) => s.kind === 'transcript')!.data as Array<{ text: string }>;
  expect(messages.map((m) => m.text)).toEqual(Array.from({ length: 3000 }, (_, n) => `message ${n}`));
});

it('a Redis failure midway cuts the download off (no complete-looking file) and the server stays up', async () => {
  // About 20 MB of JSON: far more than the socket buffers, so the server is still reading when Redis stops.
  const long = 'x'.repeat(4000);
  await logHistory(ana, 5000, (n) => `${n} ${long}`);
  const response = await fetch(`${await centerUrl(ana)}/my-data.json`);
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  let received = (await reader.read()).value?.length ?? 0;
  await server.stop();
  let outcome: string;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.length;
    }
    outcome = 'complete';
  } catch {
    outcome = 'cut off';
  }
  expect(outcome).toBe('cut off');
  expect(received).toBeLessThan(20_000_000);
  expect(errors.some((error) => error instanceof StorageUnavailableError)).toBe(true);
  expect(errors.map(String).join('\n')).not.toContain(ana.userId);
  // The process did not crash: the next download gets the plain 503 page.
  const next = await fetch(`${await centerUrl(ana)}/my-data.json`);
  expect(next.status).toBe(503);
});

describe('operator export requests', () => {
  const cipher = new EnvelopeCipher([{ kid: 'test', key: randomBytes(32) }]);
  const at = new Date('2026-12-08T01:00:00.000Z');

  function requestsWith(dataSources: SubjectDataSource[]) {
    return new PrivacyRequests({
      store: new RedisPrivacyRequestStore({ keyspace: storage.keyspace }),
      erasure: storage,
      dataSources,
      cipher,
      digester: storage.keyspace.digester,
      sweepIntervalMs: 0,
      now: () => at,
    });
  }

  it('write the result file streamed into sealed chunks: the same JSON as the whole exports', async () => {
    await logHistory(ana, 2600);
    await logHistory(bo, 3);
    const requests = requestsWith([storage, transcripts]);
    const filed = await requests.submit({
      kind: 'export',
      subjects: [ana, bo],
      appScopedIds: [],
      verify: 'none',
    });
    await requests.whenIdle();
    expect((await requests.get(filed.id))?.state).toBe('completed');

    // Kept as several sealed chunks: no plaintext, never one giant value.
    const kept = await snapshot(redis, storage.keyspace.prefix);
    const result = [...kept].find(([key]) => key.endsWith(`:res:${filed.id}`));
    expect(result).toBeDefined();
    const sealed = await redis.lrange(result![0], 0, -1);
    expect(sealed.length).toBeGreaterThan(3);
    expect(sealed.some((chunk) => chunk.includes('message 1') || chunk.includes(ana.userId))).toBe(false);

    const taken = await requests.takeResult(filed.id);
    if (taken.status !== 'ok') throw new Error(taken.status);
    let text = '';
    for await (const chunk of taken.chunks) text += chunk;
    const options = { digester: storage.keyspace.digester, now: () => at };
    const expected = {
      requestId: filed.id,
      kind: 'export',
      exportedAt: at.toISOString(),
      subjects: [
        await collectSubjectData(ana, [storage, transcripts], options),
        await collectSubjectData(bo, [storage, transcripts], options),
      ],
    };
    expect(text).toBe(JSON.stringify(expected, null, 2));
    expect((await requests.takeResult(filed.id)).status).toBe('gone');
    await requests.close();
  });

  it('a source failing midway fails the request: no partial result is kept or handed out', async () => {
    await logHistory(ana, 1200);
    const failing: SubjectDataSource = {
      exportSubject: async () => [],
      exportSections: async () => [
        {
          kind: 'transcript',
          label: 'elsewhere',
          async *pages() {
            yield [{ text: 'first page' }];
            throw new StorageUnavailableError('the other store is down');
          },
        },
      ],
    };
    const requests = requestsWith([storage, transcripts, failing]);
    const filed = await requests.submit({
      kind: 'export',
      subjects: [ana],
      appScopedIds: [],
      verify: 'none',
    });
    await requests.whenIdle();
    const request = await requests.get(filed.id);
    expect(request?.state).toBe('failed');
    expect(request?.failureReason).toContain('StorageUnavailableError');
    expect(request?.result).toBeUndefined();
    expect((await requests.takeResult(filed.id)).status).toBe('gone');
    const keys = [...(await snapshot(redis, storage.keyspace.prefix)).keys()];
    expect(keys.filter((key) => /:res(-w|-t)?:/.test(key))).toEqual([]);
    await requests.close();
  });
});
