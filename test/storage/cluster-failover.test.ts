import {
  TestAdapter,
  TranscriptLoggerMiddleware,
  UserState,
  type Activity,
  type TurnContext,
} from 'botbuilder-core';
import { Cluster } from 'ioredis';
import { createSubjectScope, runInSubjectScope } from '../../src/core/subject-scope';
import { ErasureNotDurableError, type ErasureReceipt } from '../../src/core/erasure';
import { RedisStorage } from '../../src/storage/redis-storage';
import { RedisTranscriptStore } from '../../src/storage/redis-transcript-store';
import { StorageUnavailableError } from '../../src/core/errors';
import { SubjectScopeMiddleware } from '../../src/turn/subject-scope-middleware';
import { type DataSubject } from '../../src/core/subject';
import { startRedisCluster, type RunningRedisCluster } from '../support/redis-cluster';

// A real Redis Cluster of 3 masters and 3 replicas. A master is killed while users talk and while some
// of them are erased: turns fail fast (StorageUnavailableError, bounded) instead of hanging, recover once
// the replica is promoted, and no erasure is reported as verified and durable unless it holds.

const OPERATION_TIMEOUT_MS = 1000;
const USERS = 24;

let cluster: RunningRedisCluster;
let redis: Cluster;

beforeAll(async () => {
  // botbuilder's TranscriptLoggerMiddleware reports each failed write on console.error: expected here.
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const started = Date.now();
  cluster = await startRedisCluster({ masters: 3, replicas: 1, nodeTimeoutMs: 1000 });
  redis = new Cluster(cluster.nodes, {
    slotsRefreshInterval: 500,
    retryDelayOnFailover: 100,
    retryDelayOnClusterDown: 100,
    redisOptions: { maxRetriesPerRequest: 1, connectTimeout: 500 },
  });
  redis.on('error', () => undefined);
  if (process.env.FAILOVER_REPORT) console.log(`cluster started in ${Date.now() - started} ms`);
}, 60_000);
afterAll(async () => {
  redis?.disconnect();
  await cluster?.stop();
});

interface TurnOutcome {
  user: number;
  startedAt: number;
  ms: number;
  error?: unknown;
}

it('kill a master under load: turns fail within 2 s, then recover; no false "verified"', async () => {
  const storage = new RedisStorage({
    redis,
    prefix: 'fo',
    subjectSecret: 'failover',
    operationTimeoutMs: OPERATION_TIMEOUT_MS,
    erasureDurability: { level: 'replicas', timeoutMs: 300 },
  });
  const transcripts = new RedisTranscriptStore({ keyspace: storage.keyspace });
  const userState = new UserState(storage);
  const visits = userState.createProperty<number>('visits');
  const logic = async (context: TurnContext) => {
    await visits.set(context, (await visits.get(context, 0)) + 1);
    await userState.saveChanges(context);
    await context.sendActivity('ok');
  };
  const adapter = new TestAdapter(logic);
  adapter.use(new SubjectScopeMiddleware());
  adapter.use(new TranscriptLoggerMiddleware(transcripts));
  const subject = (user: number): DataSubject => ({ channelId: 'facebook', userId: `psid-${user}` });

  const outcomes: TurnOutcome[] = [];
  async function turn(user: number): Promise<TurnOutcome> {
    const startedAt = Date.now();
    const activity: Partial<Activity> = {
      ...adapter.makeActivity('hi'),
      channelId: 'facebook',
      from: { id: subject(user).userId, name: 'x' },
      conversation: { id: `conv-${user}` } as Activity['conversation'],
    };
    const outcome: TurnOutcome = { user, startedAt, ms: 0 };
    try {
      await adapter.processActivity(activity, logic);
    } catch (error) {
      outcome.error = error;
    }
    outcome.ms = Date.now() - startedAt;
    outcomes.push(outcome);
    return outcome;
  }

  // Everyone has data before the failure.
  for (let user = 0; user < USERS; user++) expect((await turn(user)).error).toBeUndefined();
  await transcripts.flush();

  // Load: every user talks in a loop until told to stop.
  const stopped = new Set<number>();
  let running = true;
  const loops = new Map<number, Promise<void>>();
  for (let user = 0; user < USERS; user++) {
    loops.set(
      user,
      (async () => {
        while (running && !stopped.has(user)) {
          await turn(user);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })(),
    );
  }
  await new Promise((resolve) => setTimeout(resolve, 300));

  const victim = cluster.masterPorts()[0];
  const killedAt = Date.now();
  await cluster.killNode(victim);

  // Erase a user every 250 ms during the failover (each stops talking first).
  const erasures: Array<{ user: number; receipt?: ErasureReceipt; error?: unknown }> = [];
  for (let user = 0; user < 8; user++) {
    stopped.add(user);
    await loops.get(user);
    await transcripts.flush().catch(() => undefined);
    try {
      erasures.push({ user, receipt: await storage.eraseSubject(subject(user)) });
    } catch (error) {
      erasures.push({ user, error });
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  // Recovery: the replica takes over; every talking user's turns succeed again.
  const deadline = Date.now() + 20_000;
  let recoveredAt = 0;
  while (Date.now() < deadline) {
    const round = await Promise.all(Array.from({ length: USERS - 8 }, (_, i) => turn(i + 8)));
    if (round.every((outcome) => outcome.error === undefined)) {
      recoveredAt = Date.now();
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  running = false;
  await Promise.all(loops.values());
  await transcripts.flush().catch(() => undefined);

  const failed = outcomes.filter((outcome) => outcome.error !== undefined);
  if (process.env.FAILOVER_REPORT) {
    console.log(
      JSON.stringify({
        turns: outcomes.length,
        failed: failed.length,
        slowestFailureMs: Math.max(...failed.map((o) => o.ms)),
        lastFailureAfterKillMs: Math.max(...failed.map((o) => o.startedAt + o.ms)) - killedAt,
        erasures: erasures.map((e) =>
          e.error ? (e.error as Error).name : `verified=${e.receipt!.verified} durable=${e.receipt!.durable}`,
        ),
      }),
    );
  }
  expect(failed.length).toBeGreaterThan(0); // the failure was felt
  for (const outcome of failed) {
    expect(outcome.error).toBeInstanceOf(StorageUnavailableError);
    expect(outcome.ms).toBeLessThan(2000 + 500); // bounded (plus scheduling slack on a busy machine)
  }
  expect(recoveredAt).toBeGreaterThan(killedAt);
  expect(cluster.masterPorts()).toHaveLength(3); // a replica was promoted

  // Each erasure during the failover either failed, or holds now (on the promoted masters too).
  for (const { user, receipt, error } of erasures) {
    if (error !== undefined) {
      expect(error instanceof StorageUnavailableError || error instanceof ErasureNotDurableError).toBe(true);
      continue;
    }
    if (!receipt!.verified || !receipt!.durable) continue;
    const digest = receipt!.subjectDigest;
    expect(await redis.exists(storage.keyspace.indexKey(digest))).toBe(0);
    const state = await runInSubjectScope(createSubjectScope(subject(user), { id: `conv-${user}` }), () =>
      storage.read([`facebook/users/${subject(user).userId}/`]),
    );
    expect(state).toEqual({});
    expect((await transcripts.getTranscriptActivities('facebook', `conv-${user}`)).items).toEqual([]);
  }
  // The users who were not erased kept their data.
  const kept = await runInSubjectScope(createSubjectScope(subject(10), { id: 'conv-10' }), () =>
    storage.read(['facebook/users/psid-10/']),
  );
  expect(kept['facebook/users/psid-10/'].visits).toBeGreaterThan(1);
}, 60_000);
