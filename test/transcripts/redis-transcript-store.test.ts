import type { Activity } from 'botbuilder-core';
import type { Redis } from 'ioredis';
import { ConfigurationError, StorageUnavailableError } from '../../src/core/errors';
import { createRedisClient } from '../../src/storage/redis-client';
import { RedisKeyspace } from '../../src/storage/redis-keyspace';
import { type RedisStorage } from '../../src/storage/redis-storage';
import { RedisTranscriptStore } from '../../src/storage/redis-transcript-store';
import { snapshot, testStorage } from '../support/redis';
import { freePort } from '../support/redis-server';
import { echoBot, lines } from './transcript-store-contract';

describe('RedisTranscriptStore in Redis', () => {
  let storage: RedisStorage;
  let redis: Redis;
  let prefix: string;

  beforeEach(() => {
    ({ storage, redis, prefix } = testStorage());
  });
  afterEach(async () => {
    await redis.quit();
  });

  async function stored(): Promise<string> {
    return [...(await snapshot(redis, prefix)).entries()].map(([key, value]) => `${key}=${value}`).join('\n');
  }

  it("after the user is erased, Redis holds no text and no id of theirs, and another user's history is intact", async () => {
    const store = new RedisTranscriptStore({ keyspace: storage.keyspace });
    const { say } = echoBot({
      store,
      storage,
      eraseAll: (s) => storage.eraseSubject(s),
      close: async () => {},
    });
    // A Messenger-like conversation id contains the user's id.
    await say('my flat is at Calle Mayor 1', { user: 'psid-4711', conversation: 'psid-4711-page-99' });
    await say('card ends 4242', { user: 'psid-4711', conversation: 'psid-4711-page-99' });
    await say('bob here', { user: 'psid-0815', conversation: 'psid-0815-page-99' });
    await store.flush();
    await store.listTranscripts('test'); // the listing must not keep raw ids either
    const before = await stored();
    expect(before).toContain('Calle Mayor');
    expect(before).toContain('psid-4711');

    const receipt = await storage.keyspace.eraseSubject({ channelId: 'test', userId: 'psid-4711' });
    expect(receipt.verified).toBe(true);
    expect(receipt.keysRemoved).toBeGreaterThanOrEqual(2); // state and transcript
    await store.listTranscripts('test');
    await store.getTranscriptActivities('test', 'psid-4711-page-99');

    const after = await stored();
    for (const leaked of ['Calle Mayor', 'card ends 4242', 'psid-4711', 'Name of psid-4711']) {
      expect(after).not.toContain(leaked);
    }
    expect(after).toContain('bob here');
    expect(lines((await store.getTranscriptActivities('test', 'psid-0815-page-99')).items)).toEqual([
      ['psid-0815', 'bob here'],
      ['bot', 'echo: bob here'],
    ]);
  });

  it('reads the export and a history page by ranges: never the whole list, a page only around the page shown', async () => {
    const store = new RedisTranscriptStore({
      keyspace: storage.keyspace,
      maxActivitiesPerConversation: 5000,
    });
    const subject = { channelId: 'test', userId: 'reader' };
    for (let start = 0; start < 3000; start += 100) {
      await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          store.logActivity({
            type: 'message',
            channelId: 'test',
            conversation: { id: 'long' },
            from: { id: 'reader', role: 'user' },
            recipient: { id: 'bot', role: 'bot' },
            text: `m ${start + i}`,
          }),
        ),
      );
    }
    await store.flush();
    const monitor = await redis.monitor();
    const ranges: Array<[number, number]> = [];
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (args[0].toLowerCase() === 'lrange') ranges.push([Number(args[2]), Number(args[3])]);
    });
    const sizeOf = ([start, stop]: [number, number]) =>
      (stop < 0 ? 3000 + stop : stop) - (start < 0 ? 3000 + start : start) + 1;

    const first = await store.historyPage(subject, { limit: 50 });
    const second = await store.historyPage(subject, { before: first.olderCursor, limit: 50 });
    expect(second.messages.map((m) => m.text)).toEqual(Array.from({ length: 50 }, (_, n) => `m ${2900 + n}`));
    await new Promise((resolve) => setTimeout(resolve, 300)); // MONITOR lines trail the replies
    const pageReads = ranges.splice(0);
    expect(pageReads.length).toBeGreaterThan(0);
    expect(Math.max(...pageReads.map(sizeOf))).toBeLessThanOrEqual(102); // only around the page (2 x 51)

    let count = 0;
    for (const section of await store.exportSections(subject)) {
      for await (const page of section.pages()) count += page.length;
    }
    expect(count).toBe(3000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    monitor.disconnect();
    expect(ranges.some(([start, stop]) => start === 0 && stop === -1)).toBe(false);
    expect(Math.max(...ranges.map(sizeOf))).toBeLessThanOrEqual(500 + 32);
  });

  it('keeps a user’s transcript in few keys, all in the user’s slot and index', async () => {
    const store = new RedisTranscriptStore({ keyspace: storage.keyspace });
    const { say } = echoBot({
      store,
      storage,
      eraseAll: (s) => storage.eraseSubject(s),
      close: async () => {},
    });
    for (let i = 0; i < 5; i++) await say(`message ${i}`);
    await store.flush();
    const digest = storage.keyspace.digester.digest({ channelId: 'test', userId: 'user1' });
    const owned = (await storage.keyspace.subjectKeys({ channelId: 'test', userId: 'user1' })).sort();
    const transcriptKeys = owned.filter((key) => key.startsWith(`${prefix}:{${digest}}:t:`));
    expect(transcriptKeys).toHaveLength(1);
    expect(await redis.llen(transcriptKeys[0])).toBe(10);
    // Outside the user's slot: only listings of digests.
    const unowned = [...(await snapshot(redis, prefix)).entries()].filter(
      ([key]) => !key.startsWith(`${prefix}:{`),
    );
    expect(unowned.map(([key]) => key.split(':')[1]).sort()).toEqual(['tc', 'tl']);
    for (const [, value] of unowned) expect(value.replace(/^\w+:/, '').split('\u0001')).toContain(digest);
    // ...recorded in the user's refs, so erasing the user takes the digest out of them.
    const refs = await redis.smembers(storage.keyspace.refsKey(digest));
    expect(refs.map((ref) => ref.slice(2)).sort()).toEqual(
      expect.arrayContaining(unowned.map(([key]) => key).sort()),
    );
  });

  it('sets the retention TTL on every transcript key and refreshes it with each activity', async () => {
    const store = new RedisTranscriptStore({ keyspace: storage.keyspace, retentionSeconds: 3600 });
    const { say } = echoBot({
      store,
      storage,
      eraseAll: (s) => storage.eraseSubject(s),
      close: async () => {},
    });
    await say('hello');
    await store.flush();
    const keys = [...(await snapshot(redis, prefix)).keys()].filter((key) =>
      /:t:|:tc:|:tl:|:tle:|:refs$/.test(key),
    );
    expect(keys).toHaveLength(5);
    const history = keys.filter((key) => /:t:/.test(key));
    const listings = keys.filter((key) => !/:t:/.test(key));
    // The history keeps the retention; the listings (and the refs recording them) outlive it by the
    // refresh interval (a quarter of the retention, 15 minutes at most), so they never expire first.
    for (const key of history) expect(await redis.pttl(key)).toBeGreaterThan(3590_000);
    for (const key of history) expect(await redis.pttl(key)).toBeLessThanOrEqual(3600_000);
    for (const key of listings) expect(await redis.pttl(key)).toBeGreaterThan(3600_000 + 890_000);
    for (const key of listings) expect(await redis.pttl(key)).toBeLessThanOrEqual(3600_000 + 900_000);
    for (const key of history) await redis.pexpire(key, 5000); // as if most of the retention had passed
    await say('still here');
    await store.flush();
    for (const key of history) expect(await redis.pttl(key)).toBeGreaterThan(3590_000);
  });

  it('lists a user again once the refresh interval has passed, so listings never expire before the history', async () => {
    // Retention 2 s: the listings are written again after 0.5 s, for 2.5 s.
    const store = new RedisTranscriptStore({ keyspace: storage.keyspace, retentionSeconds: 2 });
    const { say } = echoBot({
      store,
      storage,
      eraseAll: (s) => storage.eraseSubject(s),
      close: async () => {},
    });
    const channelExpiry = `${prefix}:tle:{test}`;
    const ann = storage.keyspace.digester.digest({ channelId: 'test', userId: 'ann' });
    await say('hi', { user: 'ann', conversation: 'c-ann' });
    await store.flush();
    const first = Number(await redis.zscore(channelExpiry, ann));
    await say('again', { user: 'ann', conversation: 'c-ann' });
    await store.flush();
    expect(Number(await redis.zscore(channelExpiry, ann))).toBe(first); // within the interval: not rewritten
    await new Promise((resolve) => setTimeout(resolve, 600));
    await say('later', { user: 'ann', conversation: 'c-ann' });
    await store.flush();
    const listedUntil = Number(await redis.zscore(channelExpiry, ann));
    expect(listedUntil).toBeGreaterThan(first + 500);
    const historyExpiresAt =
      Date.now() +
      (await redis.pttl([...(await snapshot(redis, prefix)).keys()].find((k) => /:t:/.test(k))!));
    expect(listedUntil).toBeGreaterThanOrEqual(historyExpiresAt - 50);
  });

  it('with history.maxAgeDays, a conversation nobody writes in expires whole once its newest entry is past it', async () => {
    const day = 86_400_000;
    for (const [options, expected] of [
      [{ history: { maxAgeDays: 2 } }, 2 * day],
      [{ history: { maxAgeDays: 2 }, retentionSeconds: 3600 }, 3600_000],
      [{ history: { maxAgeDays: 2 }, retentionSeconds: 30 * 86_400 }, 2 * day],
    ] as const) {
      const store = new RedisTranscriptStore({ keyspace: storage.keyspace, ...options });
      const conversation = `ttl-${expected}-${'retentionSeconds' in options}`;
      const { say } = echoBot({
        store,
        storage,
        eraseAll: async () => undefined as never,
        close: async () => {},
      });
      await say('hello', { conversation });
      await store.flush();
      const digest = storage.keyspace.digester.digest({ channelId: 'test', userId: 'user1' });
      const list = storage.keyspace.ownedKey(
        digest,
        't',
        storage.keyspace.digester.digestText(`test\u0000${conversation}`),
      );
      const ttl = await redis.pttl(list);
      expect(ttl).toBeGreaterThan(expected - 10_000);
      expect(ttl).toBeLessThanOrEqual(expected);
    }
  });

  it('an append drops at most 32 aged-out entries (bounded work); readers hide the rest until later appends', async () => {
    let now = Date.now() - 10 * 86_400_000;
    const store = new RedisTranscriptStore({
      keyspace: storage.keyspace,
      history: { maxAgeDays: 1 },
      now: () => now,
    });
    const message = (text: string) =>
      ({
        type: 'message',
        text,
        channelId: 'test',
        conversation: { id: 'c-bounded' },
        from: { id: 'user1', role: 'user' },
      }) as Activity;
    for (let i = 0; i < 40; i++) await store.logActivity(message(`old ${i}`));
    now += 2 * 86_400_000;
    const digest = storage.keyspace.digester.digest({ channelId: 'test', userId: 'user1' });
    const list = storage.keyspace.ownedKey(
      digest,
      't',
      storage.keyspace.digester.digestText('test\u0000c-bounded'),
    );
    await store.logActivity(message('new 1'));
    expect(await redis.llen(list)).toBe(40 + 1 - 32);
    expect(lines((await store.getTranscriptActivities('test', 'c-bounded')).items)).toEqual([
      ['user1', 'new 1'],
    ]);
    await store.logActivity(message('new 2'));
    expect(await redis.lrange(list, 0, -1)).toEqual([
      expect.stringContaining('new 1'),
      expect.stringContaining('new 2'),
    ]);
  });

  it('erasing a user takes their digest out of the channel and conversation listings at once', async () => {
    const store = new RedisTranscriptStore({ keyspace: storage.keyspace });
    const { say } = echoBot({
      store,
      storage,
      eraseAll: (s) => storage.eraseSubject(s),
      close: async () => {},
    });
    await say('hi', { user: 'ann', conversation: 'c-ann' });
    await say('hi', { user: 'bob', conversation: 'c-bob' });
    await say('hi all', { user: 'ann', conversation: 'team', group: true });
    await say('hi all', { user: 'bob', conversation: 'team', group: true });
    await store.flush();
    const channelKey = `${prefix}:tl:{test}`;
    const teamKey = `${prefix}:tc:${storage.keyspace.digester.digestText('test\u0000team')}`;
    const ann = storage.keyspace.digester.digest({ channelId: 'test', userId: 'ann' });
    expect(await redis.zrange(channelKey, '0', '-1')).toContain(ann);
    expect(await redis.zrange(teamKey, '0', '-1')).toContain(ann);
    const receipt = await storage.keyspace.eraseSubject({ channelId: 'test', userId: 'ann' });
    expect(receipt.verified).toBe(true);
    // No read in between: the erasure itself removed them.
    expect(await redis.zrange(channelKey, '0', '-1')).not.toContain(ann);
    expect(await redis.zrange(teamKey, '0', '-1')).not.toContain(ann);
    expect(
      await redis.exists(`${prefix}:tc:${storage.keyspace.digester.digestText('test\u0000c-ann')}`),
    ).toBe(0);
    expect((await store.listTranscripts('test')).items.map((item) => item.id).sort()).toEqual([
      'c-bob',
      'team',
    ]);
    // Back after the erasure (a new erasure epoch): listed again at once, not after a refresh interval.
    await say('back again', { user: 'ann', conversation: 'c-ann' });
    await store.flush();
    expect(await redis.zrange(channelKey, '0', '-1')).toContain(ann);
  });

  it('a user leaves the listings when their own history expires, whatever other users do', async () => {
    const store = new RedisTranscriptStore({ keyspace: storage.keyspace, retentionSeconds: 1 });
    const { say } = echoBot({
      store,
      storage,
      eraseAll: (s) => storage.eraseSubject(s),
      close: async () => {},
    });
    await say('hi', { user: 'ann', conversation: 'team', group: true });
    await store.flush();
    // Her history expires after 1 s; her listings a refresh interval (0.25 s) later.
    await new Promise((resolve) => setTimeout(resolve, 1300));
    await say('still talking', { user: 'bob', conversation: 'team', group: true });
    await store.flush();
    const ann = storage.keyspace.digester.digest({ channelId: 'test', userId: 'ann' });
    const bob = storage.keyspace.digester.digest({ channelId: 'test', userId: 'bob' });
    const teamKey = `${prefix}:tc:${storage.keyspace.digester.digestText('test\u0000team')}`;
    for (const key of [`${prefix}:tl:{test}`, `${prefix}:tle:{test}`, teamKey]) {
      expect(await redis.zrange(key, '0', '-1')).toEqual([bob]);
    }
    expect(ann).not.toBe(bob);
  });

  it('exports the user’s conversations with who said what and when, and no ids', async () => {
    const store = new RedisTranscriptStore({ keyspace: storage.keyspace });
    const { say } = echoBot({
      store,
      storage,
      eraseAll: (s) => storage.eraseSubject(s),
      close: async () => {},
    });
    await say('first words', { user: 'psid-4711', conversation: 'psid-4711-page-99' });
    await say('other user', { user: 'psid-0815', conversation: 'psid-0815-page-99' });
    await store.flush();
    const sections = await store.exportSubject({ channelId: 'test', userId: 'psid-4711' });
    expect(sections).toEqual([
      {
        kind: 'transcript',
        label: 'test/conversations/you-page-99/transcript',
        data: [
          { timestamp: expect.any(String), from: 'user', text: 'first words' },
          { timestamp: expect.any(String), from: 'bot', text: 'echo: first words' },
        ],
      },
    ]);
    expect(JSON.stringify(sections)).not.toContain('psid-4711');
  });

  it('rejects invalid options at start-up', () => {
    const keyspace = storage.keyspace;
    expect(() => new RedisTranscriptStore({} as never)).toThrow(ConfigurationError);
    expect(() => new RedisTranscriptStore({ keyspace, retentionSeconds: -1 })).toThrow(ConfigurationError);
    expect(() => new RedisTranscriptStore({ keyspace, history: { maxEntries: 0 } })).toThrow(
      'RedisTranscriptStore: history.maxEntries must be a whole number, at least 1.',
    );
    expect(() => new RedisTranscriptStore({ keyspace, history: { maxAgeDays: 0.5 } })).toThrow(
      'RedisTranscriptStore: history.maxAgeDays must be a whole number of days from 1 to 36500.',
    );
    expect(() => new RedisTranscriptStore({ keyspace, history: { maxAgeDays: 40_000 } })).toThrow(
      /maxAgeDays/,
    );
    expect(() => new RedisTranscriptStore({ keyspace, history: 5 as never })).toThrow(
      /history must be an object/,
    );
    expect(
      () =>
        new RedisTranscriptStore({ keyspace, history: { maxEntries: 5 }, maxActivitiesPerConversation: 5 }),
    ).toThrow(/give history.maxEntries only/);
    expect(() => new RedisTranscriptStore({ keyspace, maxActivitiesPerConversation: 0 })).toThrow(
      ConfigurationError,
    );
    expect(() => new RedisTranscriptStore({ keyspace, maxEntryBytes: 100 })).toThrow(/maxEntryBytes/);
    expect(() => new RedisTranscriptStore({ keyspace, pageSize: 5000 })).toThrow(/pageSize/);
  });
});

it('with Redis down, logging fails fast with StorageUnavailableError that names no user', async () => {
  const timeoutMs = 300;
  const redis = createRedisClient(`redis://127.0.0.1:${await freePort()}`, timeoutMs);
  redis.on('error', () => undefined);
  const store = new RedisTranscriptStore({
    keyspace: new RedisKeyspace({ redis, operationTimeoutMs: timeoutMs }),
  });
  const activity = {
    type: 'message',
    text: 'my secret',
    channelId: 'test',
    conversation: { id: 'conv-of-user-4711' },
    from: { id: 'user-4711', role: 'user' },
  } as Activity;
  const start = Date.now();
  const error = await store.logActivity(activity).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(StorageUnavailableError);
  expect(String((error as Error).message)).not.toMatch(/4711|secret/);
  expect(Date.now() - start).toBeLessThan(timeoutMs * 5);
  await expect(store.getTranscriptActivities('test', 'conv-of-user-4711')).rejects.toBeInstanceOf(
    StorageUnavailableError,
  );
  await store.flush();
  redis.disconnect();
});
