import type { Activity } from 'botbuilder-core';
import { ConfigurationError } from '../../src/core/errors';
import { MemoryKeyspace } from '../../src/storage/memory-keyspace';
import { MemoryPrivacyTranscriptStore } from '../../src/storage/memory-privacy-transcript-store';
import { lines } from './transcript-store-contract';

function message(text: string): Activity {
  return {
    type: 'message',
    text,
    channelId: 'test',
    conversation: { id: 'c1' },
    from: { id: 'user1', role: 'user' },
    recipient: { id: 'bot' },
  } as Activity;
}

it('forgets a conversation after the retention period without activity, counted from the last one', async () => {
  let now = 1_000_000;
  const store = new MemoryPrivacyTranscriptStore({
    keyspace: new MemoryKeyspace({ now: () => now }),
    retentionSeconds: 60,
  });
  await store.logActivity(message('first'));
  now += 50_000;
  await store.logActivity(message('second')); // refreshes the retention
  now += 50_000;
  expect(lines((await store.getTranscriptActivities('test', 'c1')).items)).toEqual([
    ['user1', 'first'],
    ['user1', 'second'],
  ]);
  now += 10_001;
  expect((await store.getTranscriptActivities('test', 'c1')).items).toEqual([]);
  expect((await store.listTranscripts('test')).items).toEqual([]);
  expect(await store.exportSubject({ channelId: 'test', userId: 'user1' })).toEqual([]);
});

it('with history.maxAgeDays, a conversation nobody writes in is gone once its newest entry is past it', async () => {
  let now = 1_000_000;
  const store = new MemoryPrivacyTranscriptStore({
    keyspace: new MemoryKeyspace({ now: () => now }),
    history: { maxAgeDays: 2 },
  });
  await store.logActivity(message('hello'));
  now += 2 * 86_400_000 + 1;
  expect((await store.listTranscripts('test')).items).toEqual([]);
  expect(await store.keyspace.subjectKeys({ channelId: 'test', userId: 'user1' })).toEqual([]);
});

it('keeps the history as it was logged even if the activity object changes later', async () => {
  const store = new MemoryPrivacyTranscriptStore({ keyspace: new MemoryKeyspace() });
  const activity = message('original');
  await store.logActivity(activity);
  activity.text = 'changed afterwards';
  expect((await store.getTranscriptActivities('test', 'c1')).items[0].text).toBe('original');
});

it('takes an activity whose time is an ISO string (as the Agents SDK carries it) at that time', async () => {
  const store = new MemoryPrivacyTranscriptStore({ keyspace: new MemoryKeyspace({ now: () => 5_000_000 }) });
  await store.logActivity({ ...message('sent on new year'), timestamp: '2026-01-01T10:00:00.000Z' });
  await store.logActivity({ ...message('clock broken'), timestamp: 'not a time' });
  const page = await store.getTranscriptActivities('test', 'c1');
  expect(page.items.map((activity) => activity.timestamp)).toEqual([
    new Date('2026-01-01T10:00:00.000Z'),
    undefined,
  ]);
  const [section] = await store.exportSubject({ channelId: 'test', userId: 'user1' });
  expect(section.data).toEqual([
    { timestamp: '2026-01-01T10:00:00.000Z', from: 'user', text: 'sent on new year' },
    { timestamp: new Date(5_000_000).toISOString(), from: 'user', text: 'clock broken' },
  ]);
  // Only the first is from 2026 or later.
  const since = await store.getTranscriptActivities(
    'test',
    'c1',
    undefined,
    new Date('2025-12-31T00:00:00Z'),
  );
  expect(since.items.map((activity) => activity.text)).toEqual(['sent on new year']);
});

it('rejects invalid options at start-up', () => {
  const keyspace = new MemoryKeyspace();
  expect(() => new MemoryPrivacyTranscriptStore({} as never)).toThrow(/needs the MemoryKeyspace/);
  expect(() => new MemoryPrivacyTranscriptStore({ keyspace, retentionSeconds: 0 })).toThrow(
    ConfigurationError,
  );
  expect(() => new MemoryPrivacyTranscriptStore({ keyspace, maxActivitiesPerConversation: 1.5 })).toThrow(
    ConfigurationError,
  );
  expect(() => new MemoryPrivacyTranscriptStore({ keyspace, history: { maxEntries: -3 } })).toThrow(
    'MemoryPrivacyTranscriptStore: history.maxEntries must be a whole number, at least 1.',
  );
  expect(() => new MemoryPrivacyTranscriptStore({ keyspace, history: { maxAgeDays: Number.NaN } })).toThrow(
    'MemoryPrivacyTranscriptStore: history.maxAgeDays must be a whole number of days from 1 to 36500.',
  );
  expect(
    () =>
      new MemoryPrivacyTranscriptStore({
        keyspace,
        history: { maxEntries: 2 },
        maxActivitiesPerConversation: 2,
      }),
  ).toThrow(/give history.maxEntries only/);
  expect(() => new MemoryPrivacyTranscriptStore({ keyspace, maxEntryBytes: 100 })).toThrow(/maxEntryBytes/);
  expect(() => new MemoryPrivacyTranscriptStore({ keyspace, pageSize: 0 })).toThrow(/pageSize/);
});
