import {
  AutoSaveStateMiddleware,
  TestAdapter,
  TranscriptLoggerMiddleware,
  UserState,
  type Activity,
  type ConversationAccount,
  type Storage,
  type TurnContext,
} from 'botbuilder-core';
import type { TranscriptActivity, TranscriptStore } from '../../src/storage/transcript-store';
import { subjectOfActivity, SubjectScopeMiddleware } from '../../src/turn/subject-scope-middleware';
import { type DataSubject } from '../../src/core/subject';
import { type ErasureReceipt, type SubjectErasure } from '../../src/core/erasure';
import {
  collectSubjectData,
  type PagedDataSection,
  type SubjectDataSection,
  type SubjectDataSource,
} from '../../src/core/data-export';
import { isPagedSection, writeSubjectData } from '../../src/core/export-writer';
import type { HistorySource, ReadableMessage } from '../../src/core/privacy-center';
import type { TranscriptHistoryOptions } from '../../src/storage/transcript-history';

/** A transcript store under test with the state storage of the same bot. */
export interface TranscriptFixture {
  store: TranscriptStore &
    SubjectErasure &
    Omit<SubjectDataSource, 'exportSections'> &
    HistorySource & {
      exportSections(subject: DataSubject): Promise<PagedDataSection[]>;
      flush(): Promise<void>;
    };
  storage: Storage;
  /** Erases the subject everywhere the bot keeps data. */
  eraseAll(subject: DataSubject): Promise<ErasureReceipt>;
  /** Everything the backend holds for these subjects, as text (hidden entries included). */
  stored?(subjects: readonly DataSubject[]): Promise<string>;
  close(): Promise<void>;
}

export interface FixtureOptions {
  pageSize?: number;
  maxActivitiesPerConversation?: number;
  history?: TranscriptHistoryOptions;
  /** The clock (ms) activities are stamped and aged by. */
  now?: () => number;
}

interface Speaker {
  user?: string;
  conversation?: string;
  channel?: string;
  group?: boolean;
  timestamp?: Date;
}

/**
 * An echo bot as a real bot is set up: subject scope, transcript logging, auto-saved user state. It
 * counts visits (so every turn reads the user's state first), erases on "forget me", and holds turns
 * named with `gate` after loading state.
 */
export function echoBot(fixture: TranscriptFixture) {
  const userState = new UserState(fixture.storage);
  const visits = userState.createProperty<number>('visits');
  const gates = new Map<string, { loaded: () => void; release: Promise<void> }>();

  const logic = async (context: TurnContext) => {
    const text = context.activity.text ?? '';
    await visits.set(context, (await visits.get(context, 0)) + 1);
    if (context.activity.type !== 'message') return; // corrections (messageUpdate, messageDelete) get no echo
    if (text === 'forget me') {
      await fixture.eraseAll(subjectOfActivity(context.activity)!);
      await context.sendActivity('forgotten');
      return;
    }
    const gate = gates.get(text);
    if (gate) {
      gate.loaded();
      await gate.release;
    }
    await context.sendActivity(`echo: ${text}`);
  };

  const adapter = new TestAdapter(logic);
  adapter.use(new SubjectScopeMiddleware());
  adapter.use(new TranscriptLoggerMiddleware(fixture.store));
  adapter.use(new AutoSaveStateMiddleware(userState));

  /** One user turn; resolves when the turn is over (the transcript may still be being written). */
  function say(text: string, who: Speaker & { id?: string; type?: string } = {}): Promise<void> {
    const user = who.user ?? 'user1';
    const activity: Partial<Activity> = {
      ...adapter.makeActivity(text),
      ...(who.id ? { id: who.id } : {}),
      ...(who.type ? { type: who.type } : {}),
      channelId: who.channel ?? 'test',
      from: { id: user, name: `Name of ${user}` },
      conversation: { id: who.conversation ?? 'Convo1', isGroup: who.group ?? false } as ConversationAccount,
      ...(who.timestamp ? { timestamp: who.timestamp } : {}),
    };
    return adapter.processActivity(activity, logic);
  }

  function gate(text: string) {
    let loaded!: () => void;
    let release!: () => void;
    const loadedPromise = new Promise<void>((resolve) => (loaded = resolve));
    const releasePromise = new Promise<void>((resolve) => (release = resolve));
    gates.set(text, { loaded, release: releasePromise });
    return { loaded: loadedPromise, release };
  }

  return { adapter, logic, say, gate };
}

/** Every activity of a conversation, following continuation tokens. */
export async function allActivities(
  store: TranscriptStore,
  channelId: string,
  conversationId: string,
  startDate?: Date,
): Promise<TranscriptActivity[]> {
  const all: TranscriptActivity[] = [];
  let token: string | undefined;
  for (let page = 0; page < 100; page++) {
    const result = await store.getTranscriptActivities(channelId, conversationId, token, startDate);
    all.push(...result.items);
    if (!result.continuationToken) return all;
    token = result.continuationToken;
  }
  throw new Error('getTranscriptActivities kept returning continuation tokens');
}

/** Every conversation listed for a channel, following continuation tokens. */
export async function allConversations(store: TranscriptStore, channelId: string): Promise<string[]> {
  const ids: string[] = [];
  let token: string | undefined;
  for (let page = 0; page < 100; page++) {
    const result = await store.listTranscripts(channelId, token);
    ids.push(...result.items.map((item) => item.id));
    if (!result.continuationToken) return ids.sort();
    token = result.continuationToken;
  }
  throw new Error('listTranscripts kept returning continuation tokens');
}

/** [sender id, text] of each activity. */
export function lines(activities: TranscriptActivity[]): Array<[string | undefined, string | undefined]> {
  return activities.map((activity) => [activity.from?.id, activity.text]);
}

const user1: DataSubject = { channelId: 'test', userId: 'user1' };

/**
 * Logs `count` messages of `conversation` outside a turn, alternating user1 and the bot, texts `<label>
 * <n>` (n from `from`); a few at a time, in order.
 */
async function logMany(
  store: TranscriptStore & { flush(): Promise<void> },
  count: number,
  conversation: string,
  from = 0,
  label = conversation,
): Promise<void> {
  for (let start = from; start < from + count; start += 50) {
    const batch = [];
    for (let n = start; n < Math.min(from + count, start + 50); n++) {
      const bot = { id: 'bot', role: 'bot' };
      const user = { id: 'user1', role: 'user' };
      batch.push(
        store.logActivity({
          type: 'message',
          id: `${conversation}-${n}`,
          channelId: 'test',
          conversation: { id: conversation },
          from: n % 2 === 1 ? bot : user,
          recipient: n % 2 === 1 ? user : bot,
          text: `${label} ${n}`,
        }),
      );
    }
    await Promise.all(batch);
  }
  await store.flush();
}

/** Every page of a streamed section, as read. */
async function pagesOf(section: PagedDataSection): Promise<Array<Array<{ text: string; from: string }>>> {
  const pages: Array<Array<{ text: string; from: string }>> = [];
  for await (const page of section.pages()) pages.push(page as Array<{ text: string; from: string }>);
  return pages;
}

/** Every page of the history from the newest back, following cursors. */
async function historyPages(store: HistorySource, limit: number): Promise<ReadableMessage[][]> {
  const pages: ReadableMessage[][] = [];
  let before: string | undefined;
  for (let i = 0; i < 1000; i++) {
    const page = await store.historyPage(user1, { before, limit });
    pages.push([...page.messages]);
    if (!page.olderCursor) return pages;
    expect(page.olderCursor).toMatch(/^\d+\.\d+$/); // a log position, never an id
    before = page.olderCursor;
  }
  throw new Error('historyPage kept returning cursors');
}

/** The behaviour every privacy-aware TranscriptStore of this library shares. */
export function describeTranscriptStoreContract(
  name: string,
  makeFixture: (options?: FixtureOptions) => Promise<TranscriptFixture>,
): void {
  describe(`TranscriptStore contract: ${name}`, () => {
    const fixtures: TranscriptFixture[] = [];
    async function fixture(options?: FixtureOptions): Promise<TranscriptFixture> {
      const made = await makeFixture(options);
      fixtures.push(made);
      return made;
    }
    afterEach(async () => {
      await Promise.all(fixtures.splice(0).map((made) => made.close()));
    });

    it('logs what the user says and what the bot answers, in order', async () => {
      const f = await fixture();
      const { adapter } = echoBot(f);
      await adapter
        .send('hi')
        .assertReply('echo: hi')
        .send('how are you?')
        .assertReply('echo: how are you?')
        .startTest();
      await f.store.flush();
      const page = await f.store.getTranscriptActivities('test', 'Convo1');
      expect(lines(page.items)).toEqual([
        ['user1', 'hi'],
        ['bot', 'echo: hi'],
        ['user1', 'how are you?'],
        ['bot', 'echo: how are you?'],
      ]);
      expect(page.items.every((activity) => activity.timestamp instanceof Date)).toBe(true);
      expect(page.continuationToken).toBe('');
    });

    it('pages through a transcript without gaps or repeats, also while new activities arrive', async () => {
      const f = await fixture({ pageSize: 3 });
      const { say } = echoBot(f);
      for (const text of ['one', 'two', 'three', 'four']) await say(text);
      await f.store.flush();

      const first = await f.store.getTranscriptActivities('test', 'Convo1');
      expect(lines(first.items)).toEqual([
        ['user1', 'one'],
        ['bot', 'echo: one'],
        ['user1', 'two'],
      ]);
      expect(first.continuationToken).not.toBe('');
      await say('five');
      await f.store.flush();

      const rest: TranscriptActivity[] = [];
      let token: string | undefined = first.continuationToken;
      while (token) {
        const page = await f.store.getTranscriptActivities('test', 'Convo1', token);
        expect(page.items.length).toBeLessThanOrEqual(3);
        rest.push(...page.items);
        token = page.continuationToken;
      }
      expect(lines([...first.items, ...rest]).map(([, text]) => text)).toEqual([
        'one',
        'echo: one',
        'two',
        'echo: two',
        'three',
        'echo: three',
        'four',
        'echo: four',
        'five',
        'echo: five',
      ]);
    });

    it('leaves out activities older than startDate', async () => {
      const f = await fixture();
      const { say } = echoBot(f);
      await say('long ago', { timestamp: new Date('2020-01-01T00:00:00Z') });
      await say('today');
      await f.store.flush();
      const texts = lines(await allActivities(f.store, 'test', 'Convo1', new Date('2021-01-01'))).map(
        ([, text]) => text,
      );
      expect(texts).toEqual(['echo: long ago', 'today', 'echo: today']);
    });

    it('rejects bad arguments with clear errors', async () => {
      const f = await fixture();
      await expect(f.store.getTranscriptActivities('test', 'Convo1', 'not-a-token')).rejects.toThrow(
        /continuation token/,
      );
      await expect(f.store.listTranscripts('test', '../../etc')).rejects.toThrow(/continuation token/);
      await expect(f.store.getTranscriptActivities('', 'Convo1')).rejects.toThrow(/channelId/);
      await expect(f.store.deleteTranscript('test', '')).rejects.toThrow(/conversationId/);
      await expect(
        f.store.getTranscriptActivities('test', 'Convo1', undefined, new Date('nonsense')),
      ).rejects.toThrow(/startDate/);
    });

    it('skips activities that name no user instead of failing', async () => {
      const f = await fixture();
      const nobody = [
        undefined,
        null,
        {},
        { type: 'message', text: 'no channel', conversation: { id: 'c' }, from: { id: 'u' } },
        { type: 'message', text: 'no sender', channelId: 'test', conversation: { id: 'c' } },
        { type: 'message', text: 'no conversation', channelId: 'test', from: { id: 'u' } },
        { type: 'message', text: 'empty id', channelId: 'test', conversation: { id: 'c' }, from: { id: '' } },
      ];
      for (const activity of nobody)
        await expect(f.store.logActivity(activity as never)).resolves.toBeUndefined();
      expect((await f.store.getTranscriptActivities('test', 'c')).items).toEqual([]);
      expect(await allConversations(f.store, 'test')).toEqual([]);
    });

    it('files a bot message sent outside a turn under its recipient', async () => {
      const f = await fixture();
      await f.store.logActivity({
        type: 'message',
        text: 'proactive news',
        channelId: 'test',
        conversation: { id: 'Convo1' },
        from: { id: 'bot', role: 'bot' },
        recipient: { id: 'user1' },
      } as Activity);
      expect(lines((await f.store.getTranscriptActivities('test', 'Convo1')).items)).toEqual([
        ['bot', 'proactive news'],
      ]);
      await f.eraseAll(user1);
      expect((await f.store.getTranscriptActivities('test', 'Convo1')).items).toEqual([]);
    });

    it('lists the conversations of a channel, page by page', async () => {
      const f = await fixture({ pageSize: 2 });
      const { say } = echoBot(f);
      await say('a', { user: 'user1', conversation: 'c1' });
      await say('b', { user: 'user2', conversation: 'c2' });
      await say('c', { user: 'user3', conversation: 'c3' });
      await say('d', { user: 'user1', conversation: 'c4' });
      await say('e', { user: 'user4', conversation: 'c5', channel: 'other' });
      await f.store.flush();
      expect(await allConversations(f.store, 'test')).toEqual(['c1', 'c2', 'c3', 'c4']);
      expect(await allConversations(f.store, 'other')).toEqual(['c5']);
      const first = await f.store.listTranscripts('test');
      expect(first.items.every((item) => item.channelId === 'test' && item.created instanceof Date)).toBe(
        true,
      );
    });

    it('deletes one conversation and keeps the others', async () => {
      const f = await fixture();
      const { say } = echoBot(f);
      await say('keep me', { conversation: 'c1' });
      await say('delete me', { conversation: 'c2' });
      await f.store.flush();
      await f.store.deleteTranscript('test', 'c2');
      expect((await f.store.getTranscriptActivities('test', 'c2')).items).toEqual([]);
      expect(lines((await f.store.getTranscriptActivities('test', 'c1')).items)).toHaveLength(2);
      expect(await allConversations(f.store, 'test')).toEqual(['c1']);
    });

    it("erasing a user removes their whole history and keeps everyone else's", async () => {
      const f = await fixture();
      const { say } = echoBot(f);
      await say('my secret plan', { conversation: 'c1' });
      await say('another secret', { conversation: 'c2' });
      await say('bob was here', { user: 'bob', conversation: 'c3' });
      await f.store.flush();

      const receipt = await f.eraseAll(user1);
      expect(receipt.verified).toBe(true);
      expect((await f.store.getTranscriptActivities('test', 'c1')).items).toEqual([]);
      expect((await f.store.getTranscriptActivities('test', 'c2')).items).toEqual([]);
      expect(await f.store.exportSubject(user1)).toEqual([]);
      expect(await allConversations(f.store, 'test')).toEqual(['c3']);
      expect(lines((await f.store.getTranscriptActivities('test', 'c3')).items)).toEqual([
        ['bob', 'bob was here'],
        ['bot', 'echo: bob was here'],
      ]);
      // New activities after the erasure are a fresh history.
      await say('hello again', { conversation: 'c1' });
      await f.store.flush();
      expect(lines((await f.store.getTranscriptActivities('test', 'c1')).items)).toEqual([
        ['user1', 'hello again'],
        ['bot', 'echo: hello again'],
      ]);
    });

    it('keeps nothing of the turn in which the user asked to be forgotten', async () => {
      const f = await fixture();
      const { say } = echoBot(f);
      await say('remember this');
      await say('forget me');
      await f.store.flush();
      expect((await f.store.getTranscriptActivities('test', 'Convo1')).items).toEqual([]);
    });

    it('a turn that read the user’s data before an erasure cannot log its activities afterwards', async () => {
      const f = await fixture();
      const { adapter, logic, say, gate } = echoBot(f);
      await say('first');
      const slow = gate('slow turn');
      const slowTurn = say('slow turn');
      await slow.loaded;
      await adapter.processActivity(adapter.makeActivity('forget me'), logic);
      slow.release();
      await slowTurn;
      await f.store.flush();
      expect((await f.store.getTranscriptActivities('test', 'Convo1')).items).toEqual([]);
      expect(await f.store.exportSubject(user1)).toEqual([]);
    });

    it('merges the users of a group conversation, and erasing one keeps the others', async () => {
      const f = await fixture();
      const { say } = echoBot(f);
      await say('hello from ann', { user: 'ann', conversation: 'team', group: true });
      await say('hello from bob', { user: 'bob', conversation: 'team', group: true });
      await say('ann again', { user: 'ann', conversation: 'team', group: true });
      await f.store.flush();
      expect(lines(await allActivities(f.store, 'test', 'team'))).toEqual([
        ['ann', 'hello from ann'],
        ['bot', 'echo: hello from ann'],
        ['bob', 'hello from bob'],
        ['bot', 'echo: hello from bob'],
        ['ann', 'ann again'],
        ['bot', 'echo: ann again'],
      ]);
      expect(await allConversations(f.store, 'test')).toEqual(['team']);
      await f.eraseAll({ channelId: 'test', userId: 'ann' });
      expect(lines(await allActivities(f.store, 'test', 'team'))).toEqual([
        ['bob', 'hello from bob'],
        ['bot', 'echo: hello from bob'],
      ]);
    });

    it('keeps only what the export needs of an activity, cut to the size cap', async () => {
      const f = await fixture();
      const long = 'a'.repeat(50_000);
      await f.store.logActivity({
        type: 'message',
        text: `my story: ${long}`,
        channelId: 'test',
        conversation: { id: 'Convo1', name: 'secret room', isGroup: false },
        from: { id: 'user1', name: 'Ana López', role: 'user', aadObjectId: 'aad-1' },
        recipient: { id: 'bot', name: 'Bot', role: 'bot' },
        locale: 'es-ES',
        localTimestamp: new Date(),
        value: { card: '4111111111111111', blob: long },
        channelData: { message: { mid: 'm_1', seq: 1 }, raw: long },
        entities: [{ type: 'geo', latitude: 40.4, longitude: -3.7 }],
        attachments: [
          {
            contentType: 'image/jpeg',
            name: 'boiler.jpg',
            contentUrl: 'https://cdn.example/signed?token=abc',
          },
          { contentType: 'application/vnd.microsoft.card.adaptive', content: { body: long } },
        ],
        suggestedActions: {
          to: ['user1'],
          actions: [
            { type: 'postBack', title: 'Book a visit', value: 'BOOK_VISIT_PAYLOAD' },
            { type: 'imBack', title: 'Privacy', value: 'PRIVACY_MENU' },
          ],
        },
      } as unknown as Activity);
      const [stored] = (await f.store.getTranscriptActivities('test', 'Convo1')).items;
      const json = JSON.stringify(stored);
      expect(Buffer.byteLength(json)).toBeLessThanOrEqual(8 * 1024);
      for (const gone of [
        'Ana López',
        'secret room',
        'aad-1',
        '4111',
        'mid',
        'latitude',
        'token=abc',
        'PAYLOAD',
        'es-ES',
      ]) {
        expect(json).not.toContain(gone);
      }
      expect(stored).toMatchObject({
        type: 'message',
        channelId: 'test',
        from: { id: 'user1', role: 'user' },
        conversation: { id: 'Convo1' },
        attachments: [
          { contentType: 'image/jpeg', name: 'boiler.jpg' },
          { contentType: 'application/vnd.microsoft.card.adaptive' },
        ],
      });
      expect(stored.text?.startsWith('my story: aaa')).toBe(true);
      expect(stored.text?.endsWith('…')).toBe(true);
      const [section] = await f.store.exportSubject(user1);
      expect(section.data).toEqual([
        expect.objectContaining({
          from: 'user',
          buttons: ['Book a visit', 'Privacy'],
          attachments: [
            { contentType: 'image/jpeg', name: 'boiler.jpg' },
            { contentType: 'application/vnd.microsoft.card.adaptive' },
          ],
        }),
      ]);
      // An activity whose ids alone exceed the cap is not kept.
      await f.store.logActivity({
        type: 'message',
        text: 'hi',
        channelId: 'test',
        conversation: { id: 'Convo2' },
        from: { id: 'x'.repeat(10_000), role: 'user' },
      } as Activity);
      expect((await f.store.getTranscriptActivities('test', 'Convo2')).items).toEqual([]);
    });

    it('a messageDelete removes the message it names from the history and the export', async () => {
      const f = await fixture();
      const { say } = echoBot(f);
      await say('hello', { id: 'm-1' });
      await say('my card is 4111 1111 1111 1111', { id: 'm-2' });
      await say('oops', { id: 'm-3' });
      await say('', { id: 'm-2', type: 'messageDelete' });
      await f.store.flush();
      const texts = lines(await allActivities(f.store, 'test', 'Convo1')).map(([, text]) => text);
      expect(texts).toEqual([
        'hello',
        'echo: hello',
        'echo: my card is 4111 1111 1111 1111',
        'oops',
        'echo: oops',
      ]);
      const [section] = await f.store.exportSubject(user1);
      expect(section.data).not.toContainEqual(
        expect.objectContaining({ from: 'user', text: expect.stringContaining('4111') }),
      );
      expect(section.data).toHaveLength(5);
      // The bot's own message is deleted the same way (TranscriptLoggerMiddleware logs its deletions).
      const [botEcho] = (await allActivities(f.store, 'test', 'Convo1')).filter((a) =>
        a.text?.startsWith('echo: my card'),
      );
      expect(botEcho.id).toBeTruthy();
      await f.store.logActivity({
        type: 'messageDelete',
        id: botEcho.id,
        channelId: 'test',
        conversation: { id: 'Convo1' },
        from: { id: 'bot', role: 'bot' },
        recipient: { id: 'user1', role: 'user' },
      });
      await f.store.flush();
      expect(JSON.stringify(await f.store.exportSubject(user1))).not.toContain('4111');
    });

    it('a messageUpdate replaces the text of the message it names, in its place', async () => {
      const f = await fixture();
      const { say } = echoBot(f);
      await say('I live at Calle Mayor 1', { id: 'm-1' });
      await say('thanks', { id: 'm-2' });
      await say('I live at Calle Mayor 3', { id: 'm-1', type: 'messageUpdate' });
      await f.store.flush();
      const kept = await allActivities(f.store, 'test', 'Convo1');
      expect(lines(kept)).toEqual([
        ['user1', 'I live at Calle Mayor 3'],
        ['bot', 'echo: I live at Calle Mayor 1'],
        ['user1', 'thanks'],
        ['bot', 'echo: thanks'],
      ]);
      expect(kept[0].type).toBe('message');
      const [section] = await f.store.exportSubject(user1);
      expect((section.data as Array<{ text: string }>).map((m) => m.text)).toEqual([
        'I live at Calle Mayor 3',
        'echo: I live at Calle Mayor 1',
        'thanks',
        'echo: thanks',
      ]);
    });

    it('a correction that names no kept message stores nothing', async () => {
      const f = await fixture();
      const { say } = echoBot(f);
      await say('hello', { id: 'm-1' });
      await say('edited text of an unknown message', { id: 'unknown', type: 'messageUpdate' });
      await say('', { type: 'messageDelete' }); // makeActivity's own id, which nothing kept has
      await f.store.logActivity({
        type: 'messageUpdate',
        text: 'no id at all',
        channelId: 'test',
        conversation: { id: 'Convo1' },
        from: { id: 'user1', role: 'user' },
      });
      await f.store.flush();
      expect(lines(await allActivities(f.store, 'test', 'Convo1'))).toEqual([
        ['user1', 'hello'],
        ['bot', 'echo: hello'],
      ]);
    });

    it('keeps the newest activities of a conversation up to the configured number', async () => {
      const f = await fixture({ maxActivitiesPerConversation: 3 });
      const { say } = echoBot(f);
      for (const text of ['one', 'two', 'three']) await say(text);
      await f.store.flush();
      expect(lines(await allActivities(f.store, 'test', 'Convo1')).map(([, text]) => text)).toEqual([
        'echo: two',
        'three',
        'echo: three',
      ]);
    });

    it('history.maxEntries: after many turns only the newest entries remain in storage, in order', async () => {
      const f = await fixture({ history: { maxEntries: 5 } });
      const { say } = echoBot(f);
      for (let i = 1; i <= 12; i++) await say(`note-${String(i).padStart(2, '0')}`);
      await f.store.flush();
      const newest = ['echo: note-10', 'note-11', 'echo: note-11', 'note-12', 'echo: note-12'];
      expect(texts(await allActivities(f.store, 'test', 'Convo1'))).toEqual(newest);
      expect(exportedTexts(await f.store.exportSubject(user1))).toEqual(newest);
      const stored = await f.stored!([user1]);
      for (let i = 1; i <= 9; i++) expect(stored).not.toContain(`note-0${i}`);
      expect(stored).toContain('note-12');
    });

    it('history.maxEntries holds for activities logged outside a turn too', async () => {
      const f = await fixture({ history: { maxEntries: 3 } });
      for (let i = 1; i <= 8; i++) await f.store.logActivity(userMessage(`line-${i}`));
      await f.store.flush();
      expect(texts(await allActivities(f.store, 'test', 'Convo1'))).toEqual(['line-6', 'line-7', 'line-8']);
      expect(await f.stored!([user1])).not.toContain('line-5');
    });

    it('history.maxAgeDays: older entries are hidden at once and gone from storage at the next write, while the person keeps chatting', async () => {
      let now = Date.now() - 60 * DAY;
      const f = await fixture({ history: { maxAgeDays: 30 }, now: () => now });
      const { say } = echoBot(f);
      await say('first-visit');
      now += 10 * DAY;
      await say('second-visit');
      now += 15 * DAY;
      await say('third-visit');
      now += 10 * DAY; // first 35 days old, second 25, third 10
      await f.store.flush();
      const kept = ['second-visit', 'echo: second-visit', 'third-visit', 'echo: third-visit'];
      // No write since the first visit aged out: readers leave it out all the same.
      expect(texts(await allActivities(f.store, 'test', 'Convo1'))).toEqual(kept);
      expect(exportedTexts(await f.store.exportSubject(user1))).toEqual(kept);

      await say('fourth-visit');
      await f.store.flush();
      const stored = await f.stored!([user1]);
      expect(stored).not.toContain('first-visit');
      expect(stored).toContain('second-visit');
      expect(texts(await allActivities(f.store, 'test', 'Convo1'))).toEqual([
        ...kept,
        'fourth-visit',
        'echo: fourth-visit',
      ]);
    });

    it('history.maxAgeDays holds for activities logged outside a turn, with maxEntries beside it', async () => {
      let now = Date.now() - 10 * DAY;
      const f = await fixture({ history: { maxEntries: 4, maxAgeDays: 2 }, now: () => now });
      for (let i = 1; i <= 6; i++) {
        await f.store.logActivity(userMessage(`day-${i}`));
        now += DAY;
      }
      await f.store.flush();
      // Logged on days 1..6; it is day 7: days 5 and 6 are within two days, the rest is gone.
      expect(texts(await allActivities(f.store, 'test', 'Convo1'))).toEqual(['day-5', 'day-6']);
      const stored = await f.stored!([user1]);
      for (const old of ['day-1', 'day-2', 'day-3']) expect(stored).not.toContain(old);
    });

    it('streams a long history in bounded pages, in order, without repeats or loss, as the whole export', async () => {
      const f = await fixture({ maxActivitiesPerConversation: 5000 });
      await logMany(f.store, 2600, 'Long');
      await logMany(f.store, 3, 'Short');
      const sections = await f.store.exportSections(user1);
      expect(sections.map((s) => s.label)).toEqual([
        'test/conversations/Long/transcript',
        'test/conversations/Short/transcript',
      ]);
      const pages = await pagesOf(sections[0]);
      expect(pages.length).toBeGreaterThanOrEqual(6); // read 500 entries at a time, never all at once
      expect(Math.max(...pages.map((page) => page.length))).toBeLessThanOrEqual(500);
      const texts = pages.flat().map((message) => message.text);
      expect(texts).toEqual(Array.from({ length: 2600 }, (_, n) => `Long ${n}`));
      expect(
        pages
          .flat()
          .slice(0, 2)
          .map((m) => m.from),
      ).toEqual(['user', 'bot']);

      // The streamed JSON is the whole export's JSON, byte for byte.
      const now = () => new Date('2026-12-08T00:00:00.000Z');
      let streamed = '';
      await writeSubjectData(user1, [f.store], { write: (chunk) => void (streamed += chunk) }, { now });
      const whole = await collectSubjectData(user1, [f.store], { now });
      expect(whole.sections.map((s) => (s.data as unknown[]).length)).toEqual([2600, 3]);
      expect(streamed).toBe(JSON.stringify(whole, null, 2));
    });

    it('a streamed export read while the person writes on repeats nothing and loses nothing kept', async () => {
      const f = await fixture({ maxActivitiesPerConversation: 1000 });
      await logMany(f.store, 1000, 'Busy');
      const [section] = await f.store.exportSections(user1);
      const texts: string[] = [];
      for await (const page of section.pages()) {
        // After the first page, 20 more messages push the 20 oldest out of the capped list.
        texts.push(...(page as Array<{ text: string }>).map((m) => m.text));
        if (texts.length === 500) await logMany(f.store, 20, 'Busy', 1000);
      }
      const numbers = texts.map((text) => Number(text.split(' ')[1]));
      expect(new Set(numbers).size).toBe(numbers.length); // no repeats
      expect(numbers).toEqual([...numbers].sort((a, b) => a - b)); // in order
      for (let n = 0; n < 1000; n++) expect(numbers).toContain(n); // nothing that was kept is lost
      expect(Math.max(...numbers)).toBeLessThan(1040);
    });

    it('pages the history from the newest back with cursors that name no id, across conversations', async () => {
      const f = await fixture({ maxActivitiesPerConversation: 5000 });
      for (let round = 0; round < 6; round++) {
        await logMany(f.store, 20, round % 2 === 0 ? 'A' : 'B', round * 20, 'm');
      }
      const pages = await historyPages(f.store, 50);
      expect(pages.map((page) => page.length)).toEqual([50, 50, 20]);
      const texts = pages
        .reverse()
        .flat()
        .map((m) => m.text);
      expect(texts).toEqual(Array.from({ length: 120 }, (_, n) => `m ${n}`));
      expect(pages[0][0]).toMatchObject({ fromYou: true, text: 'm 0' });
      expect(pages[0][1].fromYou).toBe(false);
      await expect(f.store.historyPage(user1, { before: 'user1', limit: 50 })).rejects.toThrow(RangeError);
      expect(
        (await f.store.historyPage({ channelId: 'test', userId: 'nobody' }, { limit: 50 })).messages,
      ).toEqual([]);
      // The sections of the export are paged ones: the page never reads them whole.
      expect((await f.store.exportSections(user1)).every(isPagedSection)).toBe(true);
    });
  });
}

const DAY = 86_400_000;

/** A message user1 sent in Convo1, logged outside a turn. */
function userMessage(text: string): Activity {
  return {
    type: 'message',
    text,
    channelId: 'test',
    conversation: { id: 'Convo1' } as ConversationAccount,
    from: { id: 'user1', role: 'user' },
    recipient: { id: 'bot', role: 'bot' },
  } as Activity;
}

function texts(activities: TranscriptActivity[]): Array<string | undefined> {
  return activities.map((activity) => activity.text);
}

/** The texts of the messages of an export's transcript sections. */
function exportedTexts(sections: SubjectDataSection[]): string[] {
  return sections
    .filter((section) => section.kind === 'transcript')
    .flatMap((section) => (section.data as Array<{ text: string }>).map((message) => message.text));
}
