import { Redis } from 'ioredis';
import { ConversationState, TestAdapter, TranscriptLoggerMiddleware, UserState } from 'botbuilder-core';
import { createRedisClient } from '../../src/storage/redis-client';
import { RedisStorage } from '../../src/storage/redis-storage';
import { RedisTranscriptStore } from '../../src/storage/redis-transcript-store';
import { SubjectScopeMiddleware } from '../../src/turn/subject-scope-middleware';
import { sayOnMessenger, serveExample } from '../examples/serve-example';
import { startRedisServer, type RunningRedis } from '../support/redis-server';

// What an ordinary turn of the example bot costs Redis: one round trip before the bot logic (user state,
// conversation state and the erasure epoch in one MGET), one after it (changed state, the transcript
// entries of the incoming and outgoing activities, index, refs, TTLs and listings, as one pipeline),
// however many activities the bot sends. Measured on a Redis of its own, so nothing else counts.

/**
 * The metrics sink's once-a-second counter flush (its commands, or its script on `<prefix>:m:<day>`) runs
 * beside the turns; it is not part of a turn.
 */
const METRICS_COMMANDS = new Set(['multi', 'exec', 'hincrby', 'hincrbyfloat', 'expire']);

let redisServer: RunningRedis;
let admin: Redis;
let bot: { url: string; close(): Promise<void> };

beforeAll(async () => {
  redisServer = await startRedisServer();
  admin = new Redis(redisServer.url);
  bot = await serveExample({ redisUrl: redisServer.url, redisPrefix: 'rt' });
});

afterAll(async () => {
  await bot.close();
  admin.disconnect();
  await redisServer.stop();
});

function say(text: string, userId: string): Promise<string[]> {
  return sayOnMessenger(bot.url, text, userId);
}

/** How many times Redis read from a client socket: one per round trip of a client. */
async function socketReads(): Promise<number> {
  return Number((await admin.info('stats')).match(/total_reads_processed:(\d+)/)![1]);
}

/**
 * The commands clients sent during `turn` (MONITOR, without those Lua scripts ran inside Redis), by name
 * with counts, and how many socket reads Redis made for them (without those of the metric counters'
 * flush, which runs beside the turn once a second and lands in a slow turn more than once).
 */
async function measure(
  turn: () => Promise<unknown>,
): Promise<{ commands: Record<string, number>; reads: number; flushes: number }> {
  const commands: Record<string, number> = {};
  const infoTimes: number[] = [];
  const flushTimes: number[] = [];
  const monitor = await admin.monitor(); // a connection of its own
  monitor.on('monitor', (time: string, args: string[], source: string) => {
    const name = args[0].toLowerCase();
    if (name === 'info') infoTimes.push(Number(time));
    if (source.includes('lua') || METRICS_COMMANDS.has(name) || name === 'info') return;
    if (args.slice(1).some((arg) => /^rt2?:m:/.test(arg))) {
      flushTimes.push(Number(time)); // the metric counters' flush script: one round trip of its own
      return;
    }
    commands[name] = (commands[name] ?? 0) + 1;
  });
  const readsBefore = await socketReads();
  await turn();
  const readsAfter = await socketReads();
  await new Promise((resolve) => setTimeout(resolve, 300)); // MONITOR lines trail the replies
  monitor.disconnect();
  const [from, to] = infoTimes;
  const flushes = flushTimes.filter((time) => time > from && time < to).length;
  // The INFO between the two counts is one read of its own.
  return { commands, reads: readsAfter - readsBefore - 1 - flushes, flushes };
}

/** The cheapest of a few tries: the metrics flush can land inside one of them. */
async function cheapest(turn: () => Promise<unknown>, tries = 3) {
  const results = [];
  for (let i = 0; i < tries; i++) results.push(await measure(turn));
  // A try without a flush in it first (a flush sent with a turn's command can share its socket read).
  return results.sort((a, b) => a.flushes - b.flushes || a.reads - b.reads)[0];
}

// The pipeline holds one script per subject; the listings of the subject's transcript (two scripts more)
// go with it only on the subject's first activity in a while (see the transcript store's ListingRefresh).
const ONE_MGET_ONE_PIPELINE = { mget: 1, evalsha: 1 };

it('a warm turn that changes no state: one MGET before the bot logic, one pipeline after it', async () => {
  await say('hello', 'rt-user-1');
  await say('hello', 'rt-user-1');
  const turn = await cheapest(async () => expect((await say('hello', 'rt-user-1')).join()).toMatch(/hello/i));
  expect(turn.commands).toEqual(ONE_MGET_ONE_PIPELINE);
  expect(turn.reads).toBe(2);
});

it('turns that change state cost the same two round trips', async () => {
  const user = 'rt-user-2';
  const listsBefore = new Set(await admin.keys('rt:{*}:t:*'));
  const first = await say('hello', user); // the automated-assistant notice, then the greeting
  // "book" starts a dialog (conversation state changes), each answer moves it on and the last one ends it.
  const steps = ['book', 'Plumbing', 'Monday'];
  const replies: string[][] = [];
  for (const text of steps) {
    const turn = await measure(async () => replies.push(await say(text, user)));
    expect(turn.commands).toEqual(ONE_MGET_ONE_PIPELINE);
    expect(turn.reads).toBeLessThanOrEqual(3); // 2 (the metrics flush's round trips are left out)
  }
  // The writes arrived: the dialog ended, and the history holds every activity of the three turns.
  expect(replies[2].join(' ')).toMatch(/Plumbing/);
  const lists = (await admin.keys('rt:{*}:t:*')).filter((key) => !listsBefore.has(key));
  expect(lists).toHaveLength(1);
  const sent = replies.reduce((sum, texts) => sum + texts.length, 0);
  expect(first).toHaveLength(2);
  // hello and the replies to it, then each turn
  expect(await admin.llen(lists[0])).toBe(1 + first.length + steps.length + sent);
  const dialogState = await admin.mget(...(await admin.smembers(lists[0].replace(/:t:.*/, ':index'))));
  expect(dialogState.join()).not.toMatch(/askDay|dialogStack":\[\{/);
});

it('a turn costs the same however many activities the bot sends (botbuilder state and transcript logger)', async () => {
  const storage = new RedisStorage({ redis: createRedisClient(redisServer.url), prefix: 'rt2' });
  const transcripts = new RedisTranscriptStore({ keyspace: storage.keyspace, retentionSeconds: 3600 });
  const userState = new UserState(storage);
  const conversationState = new ConversationState(storage);
  const visits = userState.createProperty<number>('visits');
  const topic = conversationState.createProperty<string>('topic');
  const adapter = new TestAdapter(async (context) => {
    // What the privacy middleware does first: load every state together.
    await Promise.all([userState.load(context), conversationState.load(context)]);
    const count = Number(context.activity.text);
    for (let i = 0; i < count; i++) await context.sendActivity(`reply ${i + 1} of ${count}`);
    await visits.set(context, ((await visits.get(context, 0)) ?? 0) + 1);
    await topic.set(context, `sent ${count}`);
    await Promise.all([userState.saveChanges(context), conversationState.saveChanges(context)]);
  })
    .use(new SubjectScopeMiddleware())
    .use(new TranscriptLoggerMiddleware(transcripts));
  try {
    await adapter.send('1').startTest();
    for (const count of [1, 3, 10]) {
      const turn = await measure(() => adapter.send(String(count)).startTest());
      expect(turn.commands).toEqual(ONE_MGET_ONE_PIPELINE);
      expect(turn.reads).toBeLessThanOrEqual(3);
    }
    const history = await transcripts.getTranscriptActivities('test', 'Convo1');
    // The first turn (1 in, 1 out), then 1 + 1, 1 + 3 and 1 + 10: every activity is in the history.
    expect(history.items).toHaveLength(2 + 2 + 4 + 11);
    expect(history.items.filter((a) => a.text === 'reply 10 of 10')).toHaveLength(1);
  } finally {
    storage.keyspace.redis.disconnect();
  }
});
