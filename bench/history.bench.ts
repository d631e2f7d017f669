/**
 * npm run bench:history
 *
 * What one person's own history costs, on a real redis-server, with the example bot served over HTTP in its
 * own process (bench/history-server.ts: createBotApp(configFromEnv()), reporting its own heap over IPC) and
 * driven with Messenger-shaped `expectReplies` activities.
 *
 * For each size (10, 10^3, 10^5 transcript entries), a person first goes through the flows for real: first
 * contact, the privacy menu, an invoice with consent and a tax id, a payment with consent (so their consent
 * receipts and whatever the consent flows keep are really there); then their transcript list is grown to the
 * size by pushing entries in the transcript store's own encoding (copies of their real entries, dated
 * earlier) at the old end of the list (or trimmed to it, for 10). Then:
 * - an ordinary turn of that person ("hello"): p50/p99 over BENCH_HISTORY_TURNS sequential turns (the list is
 *   trimmed back to the size every 10 turns, outside the timing) and Redis commands per turn (MONITOR, Lua's
 *   inner commands left out);
 * - export: *My data* in the chat (the turn reads everything, then on Messenger links to the download), the
 *   Privacy Center download `GET <center>/<token>/my-data.json` with a link minted through the library
 *   (PrivacyCenterLinks on the same grants), and the operator's export request (POST /privacy/requests,
 *   polled until completed, then its result): time, response bytes and the server's peak heap growth;
 * - the Privacy Center page: bytes and time to first byte;
 * - erasure in the chat (*Delete my data*, then the confirmation; the confirmation's turn is timed): ms, the
 *   Redis commands of that turn (all, and those naming the person's digest), the longest single command Redis
 *   ran meanwhile (SLOWLOG); the library's erasure (RedisKeyspace.eraseSubject) of a third person called in
 *   this process: ms and round trips; then a second person of the same size erased in the chat while
 *   BENCH_HISTORY_LOAD_USERS other people send turns: their p99 during the erasure against a window without it.
 * Then Redis memory per person (MEMORY USAGE over each of their keys, state and transcript apart, plus their
 * share of shared listings) after a typical conversation (first contact, the menu, an invoice with consent and
 * a tax id, a payment, 20 messages), against the same conversation on the bare reference
 * (bench/reference-bot.ts), and the projection for 10^6 people.
 *
 * Environment: BENCH_HISTORY_SIZES ("10,1000,100000"), BENCH_HISTORY_TURNS (200), BENCH_HISTORY_LOAD_USERS
 * (16), BENCH_HISTORY_LOAD_SECONDS (3), BENCH_REDIS_URL (else a throwaway redis-server).
 */
import type { ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { Redis } from 'ioredis';
import { startRedisServer } from '../test/support/redis-server';
import { startBotProcess } from './bot-process';
import { messengerMessage } from '../test/examples/serve-example';
import { PrivacyCenterLinks } from '../src';
import { RedisKeyspace } from '../src/storage/redis-keyspace';
import { RedisPrivacyCenterGrants } from '../src/storage/redis-privacy-center-grants';
import { decodeEntry } from '../src/storage/transcript-entry';
import { percentile } from './stats';

const SIZES = (process.env.BENCH_HISTORY_SIZES ?? '10,1000,100000').split(',').filter(Boolean).map(Number);
const TURNS = Number(process.env.BENCH_HISTORY_TURNS ?? 200);
const LOAD_USERS = Number(process.env.BENCH_HISTORY_LOAD_USERS ?? 16);
const LOAD_MS = Number(process.env.BENCH_HISTORY_LOAD_SECONDS ?? 3) * 1000;
const SUBJECT_SECRET = 'bench-history-subject-secret';
const CENTER_SECRET = 'bench-history-privacy-center-secret-0123456789';
const OPERATOR_TOKEN = 'bench-history-operator-token';
const PREFIX = 'bbp';
const TAX_ID = '12345678Z';
const MB = 1024 * 1024;
/** BENCH_HISTORY_SHOW_VALUES=1 prints what each of the person's keys holds (the bench's own made-up person). */
const SHOW_VALUES = process.env.BENCH_HISTORY_SHOW_VALUES === '1';

interface Server {
  name: string;
  base: string;
  child: ChildProcess;
}

async function startServer(
  name: string,
  script: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<Server> {
  const { base, child } = await startBotProcess(name, script, env, { nodeArgs, ipc: true });
  return { name, base, child };
}

/** Asks the server process for its heap (see bench/history-server.ts). */
function heap(
  server: Server,
  what: 'start' | 'stop',
): Promise<{ peakGrowth?: number; retainedGrowth?: number }> {
  return new Promise((resolve) => {
    server.child.once('message', (reply) =>
      resolve(reply as { peakGrowth?: number; retainedGrowth?: number }),
    );
    server.child.send({ heap: what });
  });
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

interface HttpResult {
  status: number;
  body: string;
  /** ms to the response's headers (its first byte) and to its end. */
  firstByteMs: number;
  ms: number;
  bytes: number;
}

function http(
  url: string,
  options: { method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<HttpResult> {
  const start = process.hrtime.bigint();
  const since = () => Number(process.hrtime.bigint() - start) / 1e6;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        agent,
        headers: {
          ...(options.body !== undefined
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(options.body) }
            : {}),
          ...options.headers,
        },
      },
      (res) => {
        const firstByteMs = since();
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            body: body.toString(),
            firstByteMs,
            ms: since(),
            bytes: body.length,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A Messenger message from `user` with its replies in the answer; resolves with the replies' texts. */
async function say(
  server: Server,
  user: string,
  text: string,
): Promise<{ ms: number; replies: string[]; raw: string }> {
  const body = JSON.stringify(messengerMessage(text, user));
  const result = await http(`${server.base}/api/messages`, { method: 'POST', body });
  if (result.status !== 200) {
    throw new Error(`${server.name}: HTTP ${result.status} ${result.body.slice(0, 200)}`);
  }
  const activities = (JSON.parse(result.body) as { activities?: Array<{ text?: string }> }).activities ?? [];
  return { ms: result.ms, replies: activities.map((a) => a.text ?? ''), raw: result.body };
}

/** Sends `text` and fails unless a reply contains `expect` (the flows must really happen). */
async function step(server: Server, user: string, text: string, expect: RegExp): Promise<void> {
  const { replies, raw } = await say(server, user, text);
  if (!expect.test(raw)) {
    throw new Error(`${server.name}: "${text}" got ${JSON.stringify(replies).slice(0, 300)}`);
  }
}

/** The 20 ordinary messages of the typical conversation. */
const MESSAGES = [
  'hello',
  'What time do you open tomorrow?',
  'thanks',
  'Can a plumber come on Tuesday?',
  'ok',
  'How much is a call-out?',
  'hello',
  'Do you work on Saturdays?',
  'great',
  'Is the boiler check included?',
  'hello',
  'My kitchen tap is leaking',
  'thanks a lot',
  'Where are you based?',
  'ok',
  'Can I change the time?',
  'hello',
  'Do you take cards?',
  'perfect',
  'bye',
];

/**
 * First contact, the privacy menu, an invoice with consent and a tax id, a payment with consent; each reply
 * checked (`strict`, the example) so the flows really happen.
 */
async function flows(server: Server, user: string, strict = true): Promise<void> {
  const steps: Array<[string, RegExp]> = [
    ['hello', /Hello/],
    ['PRIVACY_MENU', /PRIVACY_DELETE/],
    ['PRIVACY_CLOSE', /./],
    ['invoice', /PRIVACY_CONSENT_YES/],
    ['PRIVACY_CONSENT_YES', /tax id/i],
    [TAX_ID, /invoice|customer/i],
    ['pay', /PRIVACY_CONSENT_YES/],
    ['PRIVACY_CONSENT_YES', /payment/i],
  ];
  for (const [text, expect] of steps) {
    if (strict) await step(server, user, text, expect);
    else await say(server, user, text);
  }
}

/** The typical conversation of the memory table. */
async function typicalConversation(server: Server, user: string, strict: boolean): Promise<void> {
  await flows(server, user, strict);
  for (const text of MESSAGES) await say(server, user, text);
}

class Person {
  readonly digest: string;
  constructor(
    readonly user: string,
    private readonly keyspace: RedisKeyspace,
  ) {
    this.digest = keyspace.digester.digest({ channelId: 'facebook', userId: user });
  }

  get transcriptKeyPrefix(): string {
    return this.keyspace.ownedKey(this.digest, 't', '');
  }

  async transcriptKey(redis: Redis): Promise<string> {
    const keys = (await redis.smembers(this.keyspace.indexKey(this.digest))).filter((key) =>
      key.startsWith(this.transcriptKeyPrefix),
    );
    if (keys.length !== 1) throw new Error(`expected one transcript list, found ${keys.length}`);
    return keys[0];
  }

  /** Every key in the person's hash slot tag (found by SCAN: a bench may; the library never does). */
  async ownKeys(redis: Redis): Promise<string[]> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(
        cursor,
        'MATCH',
        `${PREFIX}:{${this.digest}}:*`,
        'COUNT',
        10_000,
      );
      keys.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    return keys;
  }
}

/**
 * Brings the person's transcript to exactly `size` entries: trimmed to the newest `size`, or grown with
 * copies of their own entries (same encoding, new ids and text numbers, dated before the oldest) pushed
 * at the old end, in batches.
 */
async function growTranscript(redis: Redis, key: string, size: number): Promise<void> {
  const length = await redis.llen(key);
  if (length >= size) {
    await redis.ltrim(key, -size, -1);
    return;
  }
  const templates = (await redis.lrange(key, 0, -1))
    .map((json) => decodeEntry(json))
    .filter((entry) => entry !== undefined && entry.activity.type === 'message');
  const oldest = Math.min(...templates.map((entry) => entry!.at));
  const missing = size - length;
  for (let done = 0; done < missing; done += 10_000) {
    const batch: string[] = [];
    for (let i = done; i < Math.min(missing, done + 10_000); i++) {
      const template = templates[i % templates.length]!;
      const at = oldest - (i + 1) * 60_000; // one message a minute, going back in time
      const activity = {
        ...template.activity,
        id: `history-${i}`,
        timestamp: new Date(at).toISOString(),
        text: `${template.activity.text ?? ''} (${i})`,
      };
      batch.push(JSON.stringify({ at, seq: 0, activity }));
    }
    await redis.lpush(key, ...batch); // LPUSH reverses: the oldest ends at the head
  }
  if ((await redis.llen(key)) !== size) throw new Error('transcript not grown to size');
}

/** Counts the commands clients send while `run` runs (MONITOR; Lua's inner commands left out). */
async function countCommands(
  redis: Redis,
  run: () => Promise<unknown>,
  naming?: string,
): Promise<{ all: number; naming: number }> {
  let all = 0;
  let named = 0;
  const monitor = await redis.monitor();
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    if (source.includes('lua') || args[0].toLowerCase() === 'info') return;
    all++;
    if (naming && args.some((arg) => arg.includes(naming))) named++;
  });
  await new Promise((r) => setTimeout(r, 100));
  await run();
  await new Promise((r) => setTimeout(r, 200));
  monitor.disconnect();
  return { all, naming: named };
}

/** `users` other people sending "hello" turns until `stop()`; every turn's start and end (ms, bench clock). */
function load(server: Server, users: number) {
  const turns: Array<{ start: number; end: number }> = [];
  let running = true;
  const now = () => Number(process.hrtime.bigint()) / 1e6;
  const done = Promise.all(
    Array.from({ length: users }, async (_, u) => {
      while (running) {
        const start = now();
        await say(server, `history-load-${u}`, 'hello');
        turns.push({ start, end: now() });
      }
    }),
  );
  return {
    turns,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

const latencies = (turns: Array<{ start: number; end: number }>) =>
  turns.map((t) => t.end - t.start).sort((a, b) => a - b);

/** The longest command Redis ran since the last reset (µs), from SLOWLOG (threshold 0 while measuring). */
async function longestCommandUs(redis: Redis): Promise<{ us: number; command: string }> {
  const entries = (await redis.slowlog('GET', 1000)) as Array<[number, number, number, string[]]>;
  let longest = { us: 0, command: '' };
  for (const [, , us, args] of entries) {
    if (us > longest.us) longest = { us, command: String(args[0]).toLowerCase() };
  }
  return longest;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
const pad = (value: string, width: number) => value.padStart(width);

interface SizeResult {
  size: number;
  p50: number;
  p99: number;
  commands: number;
}

async function main(): Promise<void> {
  const redisServer = process.env.BENCH_REDIS_URL ? undefined : await startRedisServer();
  const url = process.env.BENCH_REDIS_URL ?? redisServer!.url;
  const redis = new Redis(url);
  await redis.flushall();
  const keyspace = new RedisKeyspace({ redis, prefix: PREFIX, subjectSecret: SUBJECT_SECRET });
  const links = new PrivacyCenterLinks({
    secret: CENTER_SECRET,
    grants: new RedisPrivacyCenterGrants({ keyspace }),
    baseUrl: 'http://bench',
  });
  const env = {
    REDIS_URL: url,
    PORT: '0',
    PRIVACY_SUBJECT_SECRET: SUBJECT_SECRET,
    PRIVACY_CENTER_SECRET: CENTER_SECRET,
    PRIVACY_OPERATOR_TOKEN: OPERATOR_TOKEN,
    // The history cap above the largest size, so the grown transcript is kept whole (its age cap stays the
    // default 90 days: the grown entries, one a minute, span 69 days at 10^5).
    PRIVACY_HISTORY_MAX_ENTRIES: String(Math.max(1000, ...SIZES) * 2),
  };
  const example = await startServer('example', 'history-server.ts', env, ['--expose-gc']);
  const reference = await startServer('reference', 'reference-bot.ts', env);
  console.log(
    `Redis ${(await redis.info('server')).match(/redis_version:(\S+)/)?.[1]}; ${cpus().length} cores, ` +
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}; sizes ${SIZES.join(', ')}; ${TURNS} turns per size`,
  );
  try {
    // Warm-up: JIT, connections, the other people's state.
    for (let u = 0; u < LOAD_USERS; u++) await say(example, `history-load-${u}`, 'hello');
    for (let i = 0; i < 50; i++) await say(example, 'history-warm', 'hello');

    const results: SizeResult[] = [];
    const exports: string[] = [];
    const erasures: string[] = [];
    const libraryErasures: string[] = [];
    for (const size of SIZES) {
      const person = new Person(`history-${size}`, keyspace);
      await flows(example, person.user);
      const listKey = await person.transcriptKey(redis);
      await growTranscript(redis, listKey, size);

      // An ordinary turn.
      const turnMs: number[] = [];
      for (let i = 0; i < 10; i++) await say(example, person.user, 'hello');
      for (let i = 0; i < TURNS; i++) {
        if (i % 10 === 0) await redis.ltrim(listKey, -size, -1);
        turnMs.push((await say(example, person.user, 'hello')).ms);
      }
      await redis.ltrim(listKey, -size, -1);
      turnMs.sort((a, b) => a - b);
      const counted = await countCommands(redis, async () => {
        for (let i = 0; i < 50; i++) await say(example, person.user, 'hello');
      });
      await redis.ltrim(listKey, -size, -1);
      results.push({
        size,
        p50: percentile(turnMs, 50),
        p99: percentile(turnMs, 99),
        commands: counted.all / 50,
      });

      // Export: the chat's *My data*, the Privacy Center download, the operator's request.
      const measureHeap = async <T>(
        run: () => Promise<T>,
      ): Promise<{ value: T; growth: number; retained: number }> => {
        await heap(example, 'start');
        const value = await run();
        const { peakGrowth, retainedGrowth } = await heap(example, 'stop');
        return { value, growth: peakGrowth ?? NaN, retained: retainedGrowth ?? NaN };
      };
      const chat = await measureHeap(() => say(example, person.user, 'PRIVACY_EXPORT'));
      // A failed export is reported in the table, not thrown: the figure is the finding.
      const chatFailed = !/my-data\.json/.test(chat.value.raw);
      await redis.ltrim(listKey, -size, -1);
      const link = await links.issue({ channelId: 'facebook', userId: person.user }, 'en');
      const center = `${example.base}${new URL(link.url).pathname}`;
      const download = await measureHeap(() => http(`${center}/my-data.json`));
      if (download.value.status !== 200) throw new Error(`download: HTTP ${download.value.status}`);
      const operator = await measureHeap(async () => {
        const auth = { authorization: `Bearer ${OPERATOR_TOKEN}` };
        const started = process.hrtime.bigint();
        const submitted = await http(`${example.base}/privacy/requests`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({
            kind: 'export',
            subjects: [{ channelId: 'facebook', userId: person.user }],
            verify: 'none',
          }),
        });
        if (submitted.status !== 202) throw new Error(`operator: HTTP ${submitted.status}`);
        const { id } = JSON.parse(submitted.body) as { id: string };
        for (;;) {
          const status = await http(`${example.base}/privacy/requests/${id}`, { headers: auth });
          const { state } = JSON.parse(status.body) as { state: string };
          if (state === 'completed') break;
          if (state === 'failed' || state === 'refused') throw new Error(`operator export ${state}`);
          await new Promise((r) => setTimeout(r, 10));
        }
        const result = await http(`${example.base}/privacy/requests/${id}/result`, { headers: auth });
        if (result.status !== 200) throw new Error(`operator result: HTTP ${result.status}`);
        return { ...result, ms: Number(process.hrtime.bigint() - started) / 1e6 };
      });
      const page = await http(center);
      if (page.status !== 200) throw new Error(`Privacy Center page: HTTP ${page.status}`);
      exports.push(
        `${pad(String(size), 7)} | chat My data ${pad(ms(chat.value.ms), 8)}, heap +${pad(mb(chat.growth), 8)} (kept +${mb(chat.retained)})${chatFailed ? ' FAILED' : ''} | ` +
          `download ${pad(ms(download.value.ms), 8)}, ${pad(kb(download.value.bytes), 10)}, heap +${pad(mb(download.growth), 8)} (kept +${mb(download.retained)}) | ` +
          `operator ${pad(ms(operator.value.ms), 8)}, ${pad(kb(operator.value.bytes), 10)}, heap +${pad(mb(operator.growth), 8)} (kept +${mb(operator.retained)}) | ` +
          `page ${pad(kb(page.bytes), 9)}, first byte ${pad(ms(page.firstByteMs), 8)}`,
      );

      // Erasure, alone: the confirmation turn's time, its commands, the longest command in Redis.
      await say(example, person.user, 'PRIVACY_MENU');
      await step(example, person.user, 'PRIVACY_DELETE', /PRIVACY_DELETE_CONFIRM/);
      await redis.ltrim(listKey, -size, -1);
      await redis.config('SET', 'slowlog-log-slower-than', '0');
      await redis.slowlog('RESET');
      let erasedMs = 0;
      let erasedReply = '';
      // The heap probe collects garbage first: the exports' garbage would otherwise be collected during it.
      await heap(example, 'start');
      const erasureCommands = await countCommands(
        redis,
        async () => {
          const erased = await say(example, person.user, 'PRIVACY_DELETE_CONFIRM');
          erasedMs = erased.ms;
          erasedReply = erased.raw;
        },
        person.digest,
      );
      await heap(example, 'stop');
      const longest = await longestCommandUs(redis);
      await redis.config('SET', 'slowlog-log-slower-than', '10000');
      const left = await person.ownKeys(redis);
      if (!/deleted|erased/i.test(erasedReply) || left.some((key) => !key.endsWith(':epoch'))) {
        throw new Error(`erasure did not erase: ${erasedReply.slice(0, 200)} ${left.length} keys left`);
      }

      // The library's erasure in this process (RedisKeyspace.eraseSubject, as every erasure path ends in it),
      // for a third person of the same size: its time and its round trips, without the turn around it.
      const third = new Person(`history-${size}-c`, keyspace);
      await flows(example, third.user);
      await growTranscript(redis, await third.transcriptKey(redis), size);
      let libraryMs = 0;
      const libraryCommands = await countCommands(redis, async () => {
        const started = process.hrtime.bigint();
        const receipt = await keyspace.eraseSubject({ channelId: 'facebook', userId: third.user });
        libraryMs = Number(process.hrtime.bigint() - started) / 1e6;
        if (!receipt.verified) throw new Error('library erasure not verified');
      });
      libraryErasures.push(
        `${pad(String(size), 7)} | ${pad(ms(libraryMs), 8)} | ${pad(String(libraryCommands.all), 11)}`,
      );

      // Erasure of a second person of the same size while others send turns.
      const second = new Person(`history-${size}-b`, keyspace);
      await flows(example, second.user);
      const secondList = await second.transcriptKey(redis);
      await growTranscript(redis, secondList, size);
      await say(example, second.user, 'PRIVACY_MENU');
      await step(example, second.user, 'PRIVACY_DELETE', /PRIVACY_DELETE_CONFIRM/);
      await redis.ltrim(secondList, -size, -1);
      const quiet = load(example, LOAD_USERS);
      await new Promise((r) => setTimeout(r, LOAD_MS));
      await quiet.stop();
      const busy = load(example, LOAD_USERS);
      await new Promise((r) => setTimeout(r, LOAD_MS / 2));
      const erasureStart = Number(process.hrtime.bigint()) / 1e6;
      const underLoad = await say(example, second.user, 'PRIVACY_DELETE_CONFIRM');
      const erasureEnd = Number(process.hrtime.bigint()) / 1e6;
      await new Promise((r) => setTimeout(r, LOAD_MS / 2));
      await busy.stop();
      const overlapping = latencies(busy.turns.filter((t) => t.start < erasureEnd && t.end > erasureStart));
      const without = latencies(quiet.turns);
      const during = latencies(busy.turns);
      erasures.push(
        `${pad(String(size), 7)} | ${pad(ms(erasedMs), 8)} | ${pad(String(erasureCommands.all), 8)} (${pad(String(erasureCommands.naming), 3)} naming the person) | ` +
          `${pad(`${(longest.us / 1000).toFixed(2)} ms`, 9)} ${longest.command.padEnd(8)} | ` +
          `${pad(ms(underLoad.ms), 8)} | ${pad(ms(percentile(without, 99)), 8)} | ${pad(ms(percentile(during, 99)), 8)} | ` +
          `${pad(String(overlapping.length), 4)} turns, max ${ms(overlapping[overlapping.length - 1] ?? 0)}`,
      );
      console.log(`size ${size} done (load average ${loadavg()[0].toFixed(2)})`);
    }

    console.log(
      '\nAn ordinary turn of a person with N transcript entries (sequential turns, HTTP round trip)',
    );
    console.log('entries |      p50 |      p99 | Redis commands/turn');
    for (const r of results) {
      console.log(
        `${pad(String(r.size), 7)} | ${pad(ms(r.p50), 8)} | ${pad(ms(r.p99), 8)} | ${pad(r.commands.toFixed(2), 19)}`,
      );
    }
    const first = results[0];
    const last = results[results.length - 1];
    if (results.length > 1) {
      const ratio = last.p50 / first.p50;
      console.log(
        `ratio ${last.size}/${first.size}: p50 ${ratio.toFixed(2)}, p99 ${(last.p99 / first.p99).toFixed(2)} (target <= 1.2) ${ratio <= 1.2 ? 'OK' : 'MISSED'}`,
      );
    }

    console.log(
      '\nExport (time to the whole answer, its size, the server peak heap growth, and what it still holds after a full collection) and the Privacy Center page',
    );
    for (const line of exports) console.log(line);

    console.log(
      `\nErasure in the chat (the confirmation turn), and ${LOAD_USERS} other people's turns while a second person of that size is erased`,
    );
    console.log(
      'entries |  erasure | commands (naming the person)    | longest in Redis   | under load |  p99 without | p99 with | turns overlapping the erasure',
    );
    for (const line of erasures) console.log(line);
    console.log(
      "\nThe library's erasure alone (RedisKeyspace.eraseSubject in the bench process, verified receipt)",
    );
    console.log('entries |  erasure | round trips');
    for (const line of libraryErasures) console.log(line);

    await memoryPerPerson(redis, keyspace, example, reference);
  } finally {
    example.child.kill('SIGTERM');
    reference.child.kill('SIGTERM');
    redis.disconnect();
    agent.destroy();
    await redisServer?.stop();
  }
}

/** MEMORY USAGE of each key (exact for lists and sets: every element sampled). */
async function usage(redis: Redis, keys: readonly string[]): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  for (const key of keys) {
    sizes.set(key, Number((await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0')) ?? 0));
  }
  return sizes;
}

/** A key's type, length and the start of its value, for BENCH_HISTORY_SHOW_VALUES. */
async function describeValue(redis: Redis, key: string): Promise<string> {
  const type = await redis.type(key);
  const ttl = await redis.pttl(key);
  const value =
    type === 'string'
      ? ((await redis.get(key)) ?? '')
      : type === 'set'
        ? (await redis.smembers(key)).join(' , ')
        : type === 'list'
          ? `${await redis.llen(key)} entries, first: ${(await redis.lindex(key, 0)) ?? ''}`
          : type;
  return `${type}, ${value.length} chars, ttl ${ttl} ms: ${value.slice(0, 1200)}`;
}

/** The bytes of what a key holds (a string's length; the sum of a set's or list's members). */
async function dataBytes(redis: Redis, key: string): Promise<number> {
  const type = await redis.type(key);
  const members =
    type === 'string'
      ? [(await redis.getBuffer(key)) ?? Buffer.alloc(0)]
      : type === 'set'
        ? await redis.smembersBuffer(key)
        : type === 'list'
          ? await redis.lrangeBuffer(key, 0, -1)
          : [];
  return members.reduce((sum, member) => sum + member.length, 0);
}

/** What a key is, by its kind segment (`<prefix>:{digest}:<kind>...`). */
function kindOf(key: string): string {
  const kind = key.slice(key.indexOf('}:') + 2);
  return kind.replace(/:.*$/, (rest) => (rest.length > 12 ? ':…' : rest));
}

async function memoryPerPerson(
  redis: Redis,
  keyspace: RedisKeyspace,
  example: Server,
  reference: Server,
): Promise<void> {
  const person = new Person('history-memory', keyspace);
  await typicalConversation(example, person.user, true);
  await typicalConversation(reference, 'history-memory-ref', false);
  await new Promise((r) => setTimeout(r, 300)); // transcripts are written at the turn's end; be sure

  const keys = await person.ownKeys(redis);
  const sizes = await usage(redis, keys);
  let state = 0;
  let transcript = 0;
  console.log('\nRedis memory of one person after a typical conversation (MEMORY USAGE, bytes)');
  console.log('key kind              |  bytes | of which data | Redis overhead (key name, encoding)');
  for (const [key, bytes] of [...sizes].sort((a, b) => b[1] - a[1])) {
    const isTranscript = key.startsWith(person.transcriptKeyPrefix);
    if (isTranscript) transcript += bytes;
    else state += bytes;
    const data = await dataBytes(redis, key);
    console.log(
      `${kindOf(key).padEnd(21)} | ${pad(String(bytes), 6)} | ${pad(String(data), 13)} | ${pad(String(bytes - data), 6)}${isTranscript ? ' (transcript)' : ''}`,
    );
    if (SHOW_VALUES) console.log(`  ${key}: ${await describeValue(redis, key)}`);
  }
  // Their share of the shared listings (a digest in a sorted set): the listing's bytes per member.
  let shared = 0;
  for (const encoded of await redis.smembers(keyspace.refsKey(person.digest))) {
    const key = encoded.slice(2);
    const members = encoded.startsWith('z') ? await redis.zcard(key) : await redis.scard(key);
    const bytes = Number((await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0')) ?? 0);
    if (members > 0) shared += bytes / members;
  }
  const referenceKeys = [
    'ref:facebook/users/history-memory-ref/',
    'ref:facebook/conversations/history-memory-ref-page/',
  ];
  const referenceSizes = await usage(redis, referenceKeys);
  const referenceBytes = [...referenceSizes.values()].reduce((a, b) => a + b, 0);
  for (const [key, bytes] of referenceSizes) {
    const data = await dataBytes(redis, key);
    console.log(
      `${`reference ${key.includes('/users/') ? 'user' : 'conversation'}`.padEnd(21)} | ${pad(String(bytes), 6)} | ${pad(String(data), 13)} | ${pad(String(bytes - data), 6)}`,
    );
    if (SHOW_VALUES) console.log(`  ${key}: ${await describeValue(redis, key)}`);
  }
  const statePlusShared = state + shared;
  console.log(
    `state ${state} B + share of shared listings ${shared.toFixed(0)} B = ${statePlusShared.toFixed(0)} B; transcript ${transcript} B (${await redis.llen(await person.transcriptKey(redis))} entries)`,
  );
  console.log(
    `reference (bare botbuilder, user + conversation state, consents kept in user state): ${referenceBytes} B (${[
      ...referenceSizes.values(),
    ].join(' + ')})`,
  );
  const ratio = statePlusShared / referenceBytes;
  console.log(`ratio state/reference: ${ratio.toFixed(2)} (goal <= 2) ${ratio <= 2 ? 'OK' : 'MISSED'}`);
  const gb = (bytes: number) => `${((bytes * 1e6) / 1024 ** 3).toFixed(2)} GB`;
  console.log(
    `for 10^6 such people: state ${gb(statePlusShared)}, transcript ${gb(transcript)}, together ${gb(statePlusShared + transcript)}; reference ${gb(referenceBytes)}`,
  );
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
