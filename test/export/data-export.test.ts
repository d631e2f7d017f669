import {
  AutoSaveStateMiddleware,
  ConversationState,
  TestAdapter,
  TranscriptLoggerMiddleware,
  UserState,
  type Activity,
  type Storage,
  type TurnContext,
} from 'botbuilder-core';
import type { TranscriptStore } from '../../src/storage/transcript-store';
import { MemoryPrivacyStorage } from '../../src/storage/memory-privacy-storage';
import { SubjectDigester, type DataSubject } from '../../src/core/subject';
import { SubjectScopeMiddleware } from '../../src/turn/subject-scope-middleware';
import {
  collectSubjectData,
  subjectLabel,
  toJsonAttachment,
  type SubjectDataExport,
  type SubjectDataSource,
} from '../../src/core/data-export';
import { MemoryPrivacyTranscriptStore } from '../../src/storage/memory-privacy-transcript-store';
import { RedisTranscriptStore } from '../../src/storage/redis-transcript-store';
import { testStorage } from '../support/redis';

interface Setup {
  storage: Storage & SubjectDataSource;
  transcripts: TranscriptStore & SubjectDataSource & { flush(): Promise<void> };
  digester: SubjectDigester;
  erase(subject: DataSubject): Promise<unknown>;
  close(): Promise<void>;
}

const setups: Array<[string, () => Setup]> = [
  [
    'Redis',
    () => {
      const { storage, redis } = testStorage();
      const transcripts = new RedisTranscriptStore({ keyspace: storage.keyspace });
      return {
        storage,
        transcripts,
        digester: storage.keyspace.digester,
        erase: (subject) => storage.eraseSubject(subject),
        close: async () => {
          await transcripts.flush();
          await redis.quit();
        },
      };
    },
  ],
  [
    'memory',
    () => {
      const storage = new MemoryPrivacyStorage({ subjectSecret: 'test-secret' });
      const transcripts = new MemoryPrivacyTranscriptStore({ keyspace: storage.keyspace });
      return {
        storage,
        transcripts,
        digester: new SubjectDigester('test-secret'),
        erase: (subject) => storage.eraseSubject(subject),
        close: async () => undefined,
      };
    },
  ],
];

/** A bot that remembers a nickname (user state) and the last topic (conversation state). */
async function chat(setup: Setup, turns: Array<{ user: string; text: string }>): Promise<void> {
  const userState = new UserState(setup.storage);
  const conversationState = new ConversationState(setup.storage);
  const nickname = userState.createProperty<string>('nickname');
  const topic = conversationState.createProperty<string>('topic');
  const logic = async (context: TurnContext) => {
    const text = context.activity.text ?? '';
    if (text.startsWith('call me ')) await nickname.set(context, text.slice('call me '.length));
    else await topic.set(context, text);
    await context.sendActivity(`ok ${(await nickname.get(context)) ?? 'friend'}`);
  };
  const adapter = new TestAdapter(logic);
  adapter.use(new SubjectScopeMiddleware());
  adapter.use(new TranscriptLoggerMiddleware(setup.transcripts));
  adapter.use(new AutoSaveStateMiddleware(userState, conversationState));
  for (const { user, text } of turns) {
    const activity: Partial<Activity> = {
      ...adapter.makeActivity(text),
      from: { id: user, name: `Full Name ${user}` },
      conversation: { id: `${user}-page-1` } as Activity['conversation'],
    };
    await adapter.processActivity(activity, logic);
  }
  await setup.transcripts.flush();
}

const alice: DataSubject = { channelId: 'test', userId: 'alice-psid-123' };
const fixedNow = () => new Date('2025-05-01T12:00:00Z');

describe.each(setups)('"My data" export on %s stores', (_name, makeSetup) => {
  let setup: Setup;
  beforeEach(() => {
    setup = makeSetup();
  });
  afterEach(async () => {
    await setup.close();
  });

  async function exportAlice(): Promise<SubjectDataExport> {
    return collectSubjectData(alice, [setup.storage, setup.transcripts], {
      digester: setup.digester,
      now: fixedNow,
    });
  }

  it('holds the user’s state and messages, without eTags, ids or other users’ data', async () => {
    await chat(setup, [
      { user: 'alice-psid-123', text: 'call me Ally' },
      { user: 'alice-psid-123', text: 'boiler repair' },
      { user: 'bob-psid-456', text: 'call me Bobby' },
    ]);
    const exported = await exportAlice();

    expect(exported.subjectDigest).toBe(setup.digester.digest(alice));
    expect(exported.exportedAt).toBe('2025-05-01T12:00:00.000Z');
    const state = exported.sections.filter((section) => section.kind === 'state');
    expect(state.map((section) => section.label).sort()).toEqual([
      'test/conversations/you-page-1/',
      'test/users/you/',
    ]);
    expect(state.find((section) => section.label === 'test/users/you/')?.data).toEqual({ nickname: 'Ally' });
    expect(state.find((section) => section.label.includes('conversations'))?.data).toEqual({
      topic: 'boiler repair',
    });

    const transcripts = exported.sections.filter((section) => section.kind === 'transcript');
    expect(transcripts).toHaveLength(1);
    expect(transcripts[0].label).toBe('test/conversations/you-page-1/transcript');
    expect(transcripts[0].data).toEqual([
      { timestamp: expect.any(String), from: 'user', text: 'call me Ally' },
      { timestamp: expect.any(String), from: 'bot', text: 'ok Ally' },
      { timestamp: expect.any(String), from: 'user', text: 'boiler repair' },
      { timestamp: expect.any(String), from: 'bot', text: 'ok Ally' },
    ]);

    const json = JSON.stringify(exported);
    expect(json).not.toContain('alice-psid-123');
    expect(json).not.toContain('eTag');
    expect(json).not.toMatch(/Bobby|bob-psid/);
  });

  it('is empty after the user is erased', async () => {
    await chat(setup, [{ user: 'alice-psid-123', text: 'call me Ally' }]);
    await setup.erase(alice);
    expect((await exportAlice()).sections).toEqual([]);
  });
});

it('turns an export into a JSON file attachment that decodes back to the same data', () => {
  const exported: SubjectDataExport = {
    exportedAt: '2025-05-01T12:00:00.000Z',
    sections: [{ kind: 'state', label: 'webchat/users/you/', data: { name: 'Åsa Öberg', emoji: '🔧' } }],
  };
  const attachment = toJsonAttachment(exported);
  expect(attachment.contentType).toBe('application/json');
  expect(attachment.name).toBe('my-data.json');
  const [header, payload] = attachment.contentUrl.split(',');
  expect(header).toBe('data:application/json;base64');
  expect(JSON.parse(Buffer.from(payload, 'base64').toString('utf8'))).toEqual(exported);
  expect(toJsonAttachment(exported, 'mis-datos.json').name).toBe('mis-datos.json');
});

it('fails when a source fails, rather than handing over a partial export', async () => {
  const failing: SubjectDataSource = { exportSubject: () => Promise.reject(new Error('store down')) };
  const working: SubjectDataSource = {
    exportSubject: async () => [{ kind: 'consent', label: 'x', data: 1 }],
  };
  await expect(collectSubjectData(alice, [working, failing])).rejects.toThrow('store down');
  const result = await collectSubjectData(alice, [working]);
  expect(result.subjectDigest).toBeUndefined();
  expect(result.sections).toEqual([{ kind: 'consent', label: 'x', data: 1 }]);
});

it('labels keys with "you" for the user’s id, without mangling keys for very short ids', () => {
  expect(subjectLabel('facebook/users/4711/', { channelId: 'facebook', userId: '4711' })).toBe(
    'facebook/users/you/',
  );
  expect(subjectLabel('test/users/u/', { channelId: 'test', userId: 'u' })).toBe('test/users/you/');
  expect(
    subjectLabel('facebook/conversations/4711-99/users/4711/', { channelId: 'facebook', userId: '4711' }),
  ).toBe('facebook/conversations/you-99/users/you/');
});
