import type { Activity } from 'botbuilder-core';
import { ConfigurationError } from '../../src/core/errors';
import { MemoryPrivacyStorage } from '../../src/storage/memory-privacy-storage';
import { MemoryPrivacyTranscriptStore } from '../../src/storage/memory-privacy-transcript-store';
import { describeTranscriptStoreContract, lines } from './transcript-store-contract';

describeTranscriptStoreContract('MemoryPrivacyTranscriptStore', async (options) => {
  const storage = new MemoryPrivacyStorage({ subjectSecret: 'test-secret' });
  const store = new MemoryPrivacyTranscriptStore({ subjectSecret: 'test-secret', ...options });
  return {
    store,
    storage,
    eraseAll: async (subject) => {
      await storage.eraseSubject(subject);
      return store.eraseSubject(subject);
    },
    close: async () => undefined,
  };
});

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
  const store = new MemoryPrivacyTranscriptStore({ retentionSeconds: 60, now: () => now });
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
  const store = new MemoryPrivacyTranscriptStore();
  const activity = message('original');
  await store.logActivity(activity);
  activity.text = 'changed afterwards';
  expect((await store.getTranscriptActivities('test', 'c1')).items[0].text).toBe('original');
});

it('rejects invalid options at start-up', () => {
  expect(() => new MemoryPrivacyTranscriptStore({ retentionSeconds: 0 })).toThrow(ConfigurationError);
  expect(() => new MemoryPrivacyTranscriptStore({ maxActivitiesPerConversation: 1.5 })).toThrow(
    ConfigurationError,
  );
  expect(() => new MemoryPrivacyTranscriptStore({ maxEntryBytes: 100 })).toThrow(/maxEntryBytes/);
  expect(() => new MemoryPrivacyTranscriptStore({ pageSize: 0 })).toThrow(/pageSize/);
});
