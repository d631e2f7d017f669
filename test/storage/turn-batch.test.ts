import type { Activity } from 'botbuilder-core';
import { createSubjectScope, runTurnInSubjectScope } from '../../src/core/subject-scope';
import { EtagConflictError } from '../../src/core/errors';
import { RedisTranscriptStore } from '../../src/storage/redis-transcript-store';
import { type DataSubject } from '../../src/core/subject';
import { snapshot, testStorage } from '../support/redis';

// A turn's writes are held and written once at its end; the guarantees of direct writes still hold.

const alice: DataSubject = { channelId: 'webchat', userId: 'alice' };
const userKey = 'webchat/users/alice/';

function turn<T>(work: () => Promise<T>): Promise<T> {
  return runTurnInSubjectScope(createSubjectScope(alice, { id: 'conv-a' }), work);
}

function message(text: string): Activity {
  return {
    type: 'message',
    text,
    channelId: 'webchat',
    conversation: { id: 'conv-a' },
    from: { id: 'alice', role: 'user' },
    recipient: { id: 'bot', role: 'bot' },
  } as Activity;
}

it('holds writes until the turn ends; the turn reads its own writes; the end writes and indexes them', async () => {
  const { storage, redis, prefix } = testStorage();
  try {
    await turn(async () => {
      await storage.write({ [userKey]: { name: 'Alice' } });
      expect((await snapshot(redis, prefix)).size).toBe(0); // held
      expect((await storage.read([userKey]))[userKey]).toMatchObject({ name: 'Alice' });
    });
    const stored = await storage.read([userKey]);
    expect(stored[userKey]).toMatchObject({ name: 'Alice' });
    expect(await storage.keyspace.subjectKeys(alice)).toHaveLength(1);
  } finally {
    redis.disconnect();
  }
});

it('a write with a stale eTag still rejects with EtagConflictError inside the turn', async () => {
  const { storage, redis } = testStorage();
  try {
    await storage.write({ [userKey]: { n: 1 } });
    const { eTag } = (await storage.read([userKey]))[userKey];
    await turn(async () => {
      await storage.write({ [userKey]: { n: 2 } }); // held, unconditional
      await expect(storage.write({ [userKey]: { n: 3, eTag } })).rejects.toBeInstanceOf(EtagConflictError);
    });
    expect((await storage.read([userKey]))[userKey]).toMatchObject({ n: 2 });
  } finally {
    redis.disconnect();
  }
});

it('an erasure while the turn runs drops its held state and history, and lists the user nowhere', async () => {
  const { storage, redis, prefix } = testStorage();
  const transcripts = new RedisTranscriptStore({ keyspace: storage.keyspace, retentionSeconds: 3600 });
  try {
    await turn(async () => {
      await storage.write({ [userKey]: { name: 'Alice' } });
      await transcripts.logActivity(message('hello'));
    });
    let held!: () => void;
    let release!: () => void;
    const written = new Promise<void>((resolve) => (held = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    const running = turn(async () => {
      await storage.read([userKey]); // the turn sees the current erasure epoch
      await storage.write({ [userKey]: { name: 'Alice', visits: 2 } });
      await transcripts.logActivity(message('my secret'));
      held();
      await gate;
    });
    await written;
    // Erased from outside the turn (e.g. the data-deletion callback) while its writes are held.
    expect((await storage.eraseSubject(alice)).verified).toBe(true);
    release();
    await running;
    await transcripts.flush();
    const left = await snapshot(redis, prefix);
    const digest = storage.keyspace.digester.digest(alice);
    // Only the tombstone (and the anonymous proof) remain: no state, no history, no listing naming Alice.
    expect([...left.keys()].filter((key) => key.includes(digest) && !key.endsWith(':epoch'))).toEqual([]);
    const values = [...left].filter(([key]) => !key.includes(':erasure:')).map(([, value]) => value);
    expect(values.join('\n')).not.toContain(digest);
    expect(values.join('\n')).not.toContain('secret');
  } finally {
    redis.disconnect();
  }
});
