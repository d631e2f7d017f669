import {
  AutoSaveStateMiddleware,
  ConversationState,
  TestAdapter,
  UserState,
  type Activity,
} from 'botbuilder-core';
import { activityPayload } from '../../src/turn/activity-payload';
import { MetricsMiddleware } from '../../src/turn/metrics-middleware';
import { createPrivacy } from '../../src/botbuilder';
import type { MetricEvent } from '../../src/core/metrics/metric-event';
import { testStorage } from '../support/redis';
import { INVENTORY } from './privacy-test-bot';

// One payload rule for the privacy layer (menu triggers, choices, consent answers) and its metrics:
// a click's payload where the channel put it, else text that is itself a payload.

describe('activityPayload', () => {
  it.each<[string, Partial<Activity>, string | undefined]>([
    [
      'a Messenger postback',
      { text: 'Privacy', channelData: { postback: { payload: 'PRIVACY_MENU' } } },
      'PRIVACY_MENU',
    ],
    [
      'a Messenger quick reply',
      { text: 'Close', channelData: { message: { quick_reply: { payload: 'PRIVACY_CLOSE' } } } },
      'PRIVACY_CLOSE',
    ],
    ['a card or suggested-action value', { text: 'Terms', value: 'PRIVACY_TERMS' }, 'PRIVACY_TERMS'],
    ['a value object with a payload', { value: { payload: 'PRIVACY_EXPORT' } }, 'PRIVACY_EXPORT'],
    [
      'the postback before the quick reply and the value',
      {
        channelData: {
          postback: { payload: 'PRIVACY_DELETE' },
          message: { quick_reply: { payload: 'B_B' } },
        },
        value: 'C_C',
      },
      'PRIVACY_DELETE',
    ],
    [
      "a bot's own payload, as sent, and not the text beside it",
      { text: 'PRIVACY_DELETE', channelData: { postback: { payload: '{"action":"book"}' } } },
      '{"action":"book"}',
    ],
    ['text that is a payload (web chat imBack, QA scripts)', { text: '  PRIVACY_MENU ' }, 'PRIVACY_MENU'],
    ['no single word typed in capitals', { text: 'CANCEL' }, undefined],
    ['no ordinary text', { text: 'privacy menu please' }, undefined],
    ['no empty payload', { text: 'hello', channelData: { postback: { payload: '' } }, value: '' }, undefined],
  ])('reads %s', (_case, activity, expected) => {
    expect(activityPayload({ type: 'message', ...activity })).toBe(expected);
  });

  it('takes the text payloads a bot declares', () => {
    const declared = (text: string) => text === 'BOOK';
    expect(activityPayload({ type: 'message', text: 'BOOK' }, declared)).toBe('BOOK');
    expect(activityPayload({ type: 'message', text: 'PRIVACY_MENU' }, declared)).toBeUndefined();
  });
});

describe('a click in the privacy menu', () => {
  let close: (() => Promise<unknown>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  /** Opens the menu and answers it with `answer`; the clicks the metrics saw. */
  async function clicksWhenClosingWith(answer: Partial<Activity>): Promise<string[]> {
    const { storage, redis } = testStorage();
    close = () => redis.quit();
    const events: MetricEvent[] = [];
    const recorder = { record: (event: MetricEvent) => void events.push(event) };
    const userState = new UserState(storage);
    const conversationState = new ConversationState(storage);
    const privacy = createPrivacy({
      brand: { name: 'Home Services', policyUrl: 'https://example.com/privacy' },
      userState,
      conversationState,
      erasure: storage,
      inventory: INVENTORY,
      metrics: recorder,
    });
    const adapter = new TestAdapter(async (context) => void (await context.sendActivity('Hello!')), {
      channelId: 'facebook',
      locale: 'en-US',
      from: { id: `user-${Date.now()}`, name: '' },
    } as Partial<Activity>)
      .use(new MetricsMiddleware(recorder))
      .use(privacy.middleware)
      .use(new AutoSaveStateMiddleware(userState, conversationState));
    await adapter
      .send({ type: 'message', text: 'Privacy', channelData: { postback: { payload: 'PRIVACY_MENU' } } })
      // The first reply of a Messenger conversation comes after the automated-assistant notice.
      .assertReply((reply) => expect(reply.text).toContain('automated assistant of Home Services'))
      .assertReply((reply) => expect(reply.text).toContain('what would you like to do'))
      .send({ type: 'message', ...answer })
      .assertReply((reply) => expect(reply.text).toBe('Closing the privacy menu.'))
      .startTest();
    return events.filter((e) => e.name === 'click').map((e) => e.dimension ?? '');
  }

  it.each<[string, Partial<Activity>]>([
    [
      'a quick reply',
      { text: 'Close', channelData: { message: { quick_reply: { payload: 'PRIVACY_CLOSE' } } } },
    ],
    ['its payload typed (web chat)', { text: 'PRIVACY_CLOSE' }],
    ['its title typed', { text: 'close' }],
    ['a synonym typed in capitals', { text: 'CANCEL' }],
  ])('is counted once, whether by %s', async (_case, answer) => {
    expect(await clicksWhenClosingWith(answer)).toEqual(['PRIVACY_MENU', 'PRIVACY_CLOSE']);
  });
});
