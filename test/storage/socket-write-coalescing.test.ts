import type { Redis } from 'ioredis';
import { createSubjectScope, runInSubjectScope } from '../../src/core/subject-scope';
import { testStorage } from '../support/redis';

// The store's commands of one tick share socket writes (at most 8 per write) and nothing is held past
// the tick: a bot under load makes far fewer system calls, and no command waits for another.

/** Counts the socket writes (system calls) the client makes from now on. */
function countSocketWrites(redis: Redis): () => number {
  const stream = redis.stream as unknown as {
    _write: (...args: unknown[]) => unknown;
    _writev?: (...args: unknown[]) => unknown;
  };
  let writes = 0;
  const write = stream._write;
  const writev = stream._writev;
  stream._write = function (this: unknown, ...args: unknown[]) {
    writes++;
    return write.apply(this, args);
  };
  if (writev) {
    stream._writev = function (this: unknown, ...args: unknown[]) {
      writes++;
      return writev.apply(this, args);
    };
  }
  return () => writes;
}

const users = Array.from({ length: 64 }, (_, i) => ({ channelId: 'webchat', userId: `u${i}` }));
const keyOf = (i: number) => `webchat/users/u${i}/`;

it('64 state writes and reads issued together leave in at most 8 commands per socket write, each answered correctly', async () => {
  const { storage, redis } = testStorage();
  try {
    // One write first: the server learns the script (EVAL), as it has after a bot's first turn.
    await runInSubjectScope(createSubjectScope(users[0]), () => storage.write({ [keyOf(0)]: { visits: 0 } }));
    const writes = countSocketWrites(redis);
    await Promise.all(
      users.map((user, i) =>
        runInSubjectScope(createSubjectScope(user), () => storage.write({ [keyOf(i)]: { visits: i } })),
      ),
    );
    expect(writes()).toBeLessThanOrEqual(64 / 8 + 1);

    const before = writes();
    const items = await Promise.all(
      users.map((user, i) => runInSubjectScope(createSubjectScope(user), () => storage.read([keyOf(i)]))),
    );
    expect(writes() - before).toBeLessThanOrEqual(64 / 8 + 1);
    items.forEach((item, i) => expect(item[keyOf(i)]).toMatchObject({ visits: i }));

    // The same client's own commands, sent one by one by ioredis, for comparison: one write each.
    const plainBefore = writes();
    await Promise.all(users.map((_, i) => redis.set(`plain-${i}`, String(i))));
    expect(writes() - plainBefore).toBe(64);
    await redis.del(...users.map((_, i) => `plain-${i}`));
  } finally {
    redis.disconnect();
  }
});

it('a lone command is sent before the event loop moves on: nothing stays held past the tick', async () => {
  const { storage, redis } = testStorage();
  try {
    await redis.ping();
    const written = runInSubjectScope(createSubjectScope(users[0]), () =>
      storage.write({ [keyOf(0)]: { visits: 1 } }),
    );
    expect(redis.stream.writableCorked).toBe(1); // held while this tick may add more
    await new Promise<void>((resolve) => process.nextTick(resolve));
    expect(redis.stream.writableCorked).toBe(0); // sent
    await written;
    expect((await storage.read([keyOf(0)]))[keyOf(0)]).toMatchObject({ visits: 1 });
  } finally {
    redis.disconnect();
  }
});

it('a store on a client that is not connected yet writes through ioredis’s own queue', async () => {
  const { storage, redis } = testStorage();
  try {
    expect(redis.status).not.toBe('ready');
    await runInSubjectScope(createSubjectScope(users[1]), () => storage.write({ [keyOf(1)]: { visits: 2 } }));
    expect((await storage.read([keyOf(1)]))[keyOf(1)]).toMatchObject({ visits: 2 });
  } finally {
    redis.disconnect();
  }
});
