import { ConversationState, TestAdapter, TranscriptLoggerMiddleware, UserState } from 'botbuilder-core';
import { Cluster } from 'ioredis';
import { createSubjectScope, runInSubjectScope } from '../../src/core/subject-scope';
import { RedisStorage } from '../../src/storage/redis-storage';
import { RedisTranscriptStore } from '../../src/storage/redis-transcript-store';
import { SubjectScopeMiddleware } from '../../src/botbuilder/subject-scope-middleware';
import { type DataSubject } from '../../src/core/subject';
import { startRedisCluster, type RunningRedisCluster } from '../support/redis-cluster';
import { describeStorageContract } from './storage-contract';

// The same store on a real 3-master Redis Cluster: a subject's keys share one hash slot, so the eTag
// checks, the index and the erasure script never hit CROSSSLOT, and erasure still finds everything.

let cluster: RunningRedisCluster;
const clients: Cluster[] = [];

beforeAll(async () => {
  cluster = await startRedisCluster();
}, 60_000);
afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit()));
  await cluster.stop();
});

function clusterStorage(prefix = `c${clients.length}`): { storage: RedisStorage; redis: Cluster } {
  const redis = new Cluster(cluster.nodes, { redisOptions: { maxRetriesPerRequest: 1 } });
  clients.push(redis);
  return { storage: new RedisStorage({ redis, prefix, subjectSecret: 'cluster' }), redis };
}

describeStorageContract('RedisStorage on Redis Cluster', () => clusterStorage().storage);

it('erases every key of a subject (state and chat history) on a cluster, and only theirs', async () => {
  const { storage, redis } = clusterStorage('cl');
  const transcripts = new RedisTranscriptStore({ keyspace: storage.keyspace });
  const userState = new UserState(storage);
  const conversationState = new ConversationState(storage);
  const adapter = new TestAdapter(async (context) => {
    await userState.createProperty<string>('name').set(context, `name of ${context.activity.from.id}`);
    await conversationState.createProperty<number>('turns').set(context, 1);
    await Promise.all([userState.saveChanges(context), conversationState.saveChanges(context)]);
    await context.sendActivity(`hello ${context.activity.from.id}`);
  });
  adapter.use(new SubjectScopeMiddleware());
  adapter.use(new TranscriptLoggerMiddleware(transcripts));
  const users = ['alice', 'bob', 'carol', '{x}', '*'];
  for (const id of users) {
    await adapter
      .send({
        type: 'message',
        text: 'hi',
        from: { id, name: id },
        conversation: { id: `conv-${id}` },
      } as never)
      .assertReply(`hello ${id}`)
      .startTest();
  }
  await transcripts.flush();
  const alice: DataSubject = { channelId: 'test', userId: 'alice' };
  const keys = await storage.keyspace.subjectKeys(alice);
  expect(keys.length).toBeGreaterThanOrEqual(3); // user state, conversation state, history
  const receipt = await storage.eraseSubject(alice);
  expect(receipt).toMatchObject({ keysRemoved: keys.length, verified: true });
  expect(await redis.exists(...keys.slice(0, 1))).toBe(0);
  // The listings outside alice's slot (on other masters) dropped her digest in the same erasure.
  expect(await redis.zscore('cl:tl:{test}', receipt.subjectDigest)).toBeNull();
  expect(await redis.exists(storage.keyspace.refsKey(receipt.subjectDigest))).toBe(0);
  for (const id of users.slice(1)) {
    const other: DataSubject = { channelId: 'test', userId: id };
    const state = await runInSubjectScope(createSubjectScope(other, { id: `conv-${id}` }), () =>
      storage.read([`test/users/${id}/`]),
    );
    expect(state[`test/users/${id}/`].name).toBe(`name of ${id}`);
    const history = await transcripts.getTranscriptActivities('test', `conv-${id}`);
    expect(history.items.map((a) => a.text)).toEqual(['hi', `hello ${id}`]);
  }
  expect((await transcripts.getTranscriptActivities('test', 'conv-alice')).items).toEqual([]);
}, 30_000);
