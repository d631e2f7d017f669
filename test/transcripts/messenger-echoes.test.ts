import { TestAdapter, TranscriptLoggerMiddleware, type Activity, type TurnContext } from 'botbuilder-core';
import type { Redis } from 'ioredis';
import { RedisTranscriptStore } from '../../src/storage/redis-transcript-store';
import {
  scopeOfActivity,
  subjectOfActivity,
  SubjectScopeMiddleware,
} from '../../src/turn/subject-scope-middleware';
import { type DataSubject } from '../../src/core/subject';
import { snapshot, testStorage } from '../support/redis';

// Messenger echoes: a message the page sent (a human agent in the Page inbox) comes back with
// `is_echo`, from the page to the person. It is the person's conversation, so it is theirs to export and
// to erase.

const PAGE = 'page-99';
const PERSON = 'psid-4711';
const person: DataSubject = { channelId: 'facebook', userId: PERSON };

function fromPerson(text: string): Partial<Activity> {
  return {
    type: 'message',
    text,
    channelId: 'facebook',
    from: { id: PERSON, name: 'Paula' },
    recipient: { id: PAGE, name: 'Home Services' },
    conversation: { id: `${PERSON}-${PAGE}` } as Activity['conversation'],
  };
}

function echo(text: string): Partial<Activity> {
  return {
    type: 'message',
    text,
    channelId: 'facebook',
    from: { id: PAGE, name: 'Home Services' },
    recipient: { id: PERSON, name: 'Paula' },
    conversation: { id: `${PERSON}-${PAGE}` } as Activity['conversation'],
    channelData: { message: { is_echo: true, mid: 'm_1', text } },
  };
}

it('binds an echo to the person it was sent to, and anything else to its sender', () => {
  expect(subjectOfActivity(echo('hello') as Activity)).toEqual(person);
  expect(scopeOfActivity(echo('hello') as Activity)?.subject).toEqual(person);
  expect(subjectOfActivity(fromPerson('hi') as Activity)).toEqual(person);
  for (const notEcho of [{ message: { is_echo: 'true' } }, { message: null }, { is_echo: true }, 'x']) {
    expect(subjectOfActivity({ ...echo('hello'), channelData: notEcho } as Activity)?.userId).toBe(PAGE);
  }
  expect(
    subjectOfActivity({ ...echo('hello'), recipient: undefined } as unknown as Activity),
  ).toBeUndefined();
});

describe('with a transcript in Redis', () => {
  let redis: Redis;
  let prefix: string;
  afterEach(async () => {
    await redis.quit();
  });

  it("a human agent's messages are exported with the person's history and erased with it", async () => {
    const made = testStorage();
    ({ redis, prefix } = made);
    const { storage } = made;
    const transcripts = new RedisTranscriptStore({ keyspace: storage.keyspace });
    const logic = async (context: TurnContext) => {
      if (!context.activity.channelData?.message?.is_echo) await context.sendActivity('An agent will answer');
    };
    const adapter = new TestAdapter(logic);
    adapter.use(new SubjectScopeMiddleware());
    adapter.use(new TranscriptLoggerMiddleware(transcripts));

    await adapter.processActivity(fromPerson('my boiler leaks'), logic);
    await adapter.processActivity(echo('Hi Paula, Ana from support: I call you at 5'), logic);
    await transcripts.flush();

    const [section] = await transcripts.exportSubject(person);
    expect(section.data).toEqual([
      expect.objectContaining({ from: 'user', text: 'my boiler leaks' }),
      expect.objectContaining({ from: 'bot', text: 'An agent will answer' }),
      expect.objectContaining({ from: 'bot', text: 'Hi Paula, Ana from support: I call you at 5' }),
    ]);
    expect(await transcripts.exportSubject({ channelId: 'facebook', userId: PAGE })).toEqual([]);

    const receipt = await storage.keyspace.eraseSubject(person);
    expect(receipt.verified).toBe(true);
    const left = [...(await snapshot(redis, prefix)).values()].join('\n');
    expect(left).not.toContain('Ana from support');
    expect(left).not.toContain('boiler');
  });
});
