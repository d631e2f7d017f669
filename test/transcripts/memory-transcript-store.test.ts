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

it('keeps the history as it was logged even if the activity object changes later', async () => {
  const store = new MemoryPrivacyTranscriptStore({ keyspace: new MemoryKeyspace() });
  const activity = message('original');
  await store.logActivity(activity);
  activity.text = 'changed afterwards';
  expect((await store.getTranscriptActivities('test', 'c1')).items[0].text).toBe('original');
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
  expect(() => new MemoryPrivacyTranscriptStore({ keyspace, maxEntryBytes: 100 })).toThrow(/maxEntryBytes/);
  expect(() => new MemoryPrivacyTranscriptStore({ keyspace, pageSize: 0 })).toThrow(/pageSize/);
});
