import { ActivityTypes, TestAdapter, type Activity, type TurnContext } from 'botbuilder-core';
import type { MetricsRecorder } from '../../src/core/metrics/metric-event';
import { MetricsMiddleware, recordFeature, recordTurnEvent } from '../../src/turn/metrics-middleware';
import { FanOutMetricsRecorder } from '../../src/metrics/fan-out-recorder';
import { CollectingSink, PERSONAL, TEST_LABELS } from './fixtures';

function messengerAdapter(logic: (ctx: TurnContext) => Promise<void>) {
  return new TestAdapter(logic, {
    channelId: 'facebook',
    locale: 'es-ES',
    from: { id: PERSONAL.userIds[0], name: PERSONAL.names[0] },
    conversation: { id: PERSONAL.conversationIds[0], isGroup: false, conversationType: 'personal', name: '' },
  });
}

function setup(
  logic: (ctx: TurnContext) => Promise<void> = async (ctx) => void (await ctx.sendActivity('ok')),
) {
  const sink = new CollectingSink();
  const recorder = new FanOutMetricsRecorder({ declared: TEST_LABELS, sinks: [sink] });
  const adapter = messengerAdapter(logic).use(new MetricsMiddleware(recorder, { knownPayloads: ['yes'] }));
  return { sink, recorder, adapter };
}

const message = (fields: Partial<Activity>): Partial<Activity> => ({
  type: ActivityTypes.Message,
  ...fields,
});

describe('MetricsMiddleware', () => {
  it('counts Messenger postbacks, quick replies, value payloads and known text payloads as clicks', async () => {
    const { sink, adapter } = setup();
    await adapter
      .send(
        message({
          text: 'Privacy',
          channelData: { postback: { payload: 'PRIVACY_MENU', title: 'Privacy' } },
        }),
      )
      .assertReply('ok')
      .send(
        message({
          text: 'Sí',
          channelData: { message: { text: 'Sí', quick_reply: { payload: 'CONSENT_YES' } } },
        }),
      )
      .assertReply('ok')
      .send(message({ value: 'BOOK_SLOT' }))
      .assertReply('ok')
      .send(message({ value: { payload: 'book:morning' } }))
      .assertReply('ok')
      .send('PRIVACY_MENU')
      .assertReply('ok')
      .send('yes')
      .assertReply('ok')
      .send({ type: ActivityTypes.Event, name: 'postback', value: 'GET_STARTED' })
      .assertReply('ok')
      .startTest();
    expect(sink.named('click').map((e) => e.dimension)).toEqual([
      'PRIVACY_MENU',
      'CONSENT_YES',
      'BOOK_SLOT',
      'book:morning',
      'PRIVACY_MENU',
      'yes',
      'GET_STARTED',
    ]);
    // the locale is counted by its language unless the bot declares regional tags
    expect(sink.named('click')[0]).toMatchObject({ channel: 'facebook', locale: 'es' });
    expect(sink.named('message.in')).toHaveLength(6);
  });

  it('never turns typed text or unsafe payloads into a dimension', async () => {
    const { sink, adapter } = setup();
    await adapter
      .send(`me llamo ${PERSONAL.names[0]}`)
      .assertReply('ok')
      .send('Delete')
      .assertReply('ok')
      .send(message({ text: 'Pay', channelData: { postback: { payload: `PAY_${PERSONAL.cards[2]}` } } }))
      .assertReply('ok')
      .send(message({ text: 'x', channelData: { postback: { payload: 'show me everything please' } } }))
      .assertReply('ok')
      .startTest();
    expect(sink.named('message.in')).toHaveLength(4);
    // unsafe payloads still count as a click, under `other`
    expect(sink.named('click').map((e) => e.dimension)).toEqual(['other', 'other']);
  });

  it('counts each message the bot sends and times the turn', async () => {
    const { sink, adapter } = setup(async (ctx) => {
      await ctx.sendActivities([
        { type: 'message', text: 'one' },
        { type: 'typing' },
        { type: 'message', text: 'two' },
      ]);
    });
    await adapter
      .send('hola')
      .assertReply('one')
      .assertReply((a) => expect(a.type).toBe('typing'))
      .assertReply('two')
      .startTest();
    expect(sink.named('message.out')).toHaveLength(2);
    const [turn] = sink.named('turn');
    expect(turn).toMatchObject({ channel: 'facebook', dimension: 'message' });
    expect(turn.value).toBeGreaterThanOrEqual(0);
  });

  it('does not count Messenger echoes of the bot’s own messages as incoming', async () => {
    const { sink, adapter } = setup(async () => undefined);
    await adapter
      .send(message({ text: 'sent by page', channelData: { message: { is_echo: true } } }))
      .startTest();
    expect(sink.named('message.in')).toHaveLength(0);
    expect(sink.named('turn')).toHaveLength(1);
  });

  it('lets the bot’s own errors through, counts them, and survives a throwing recorder', async () => {
    const failing = setup(async () => {
      throw new Error('bot bug');
    });
    failing.adapter.onTurnError = async (ctx) => void (await ctx.sendActivity('sorry'));
    await failing.adapter.send('hi').assertReply('sorry').startTest();
    expect(failing.sink.named('turn.error')).toHaveLength(1);
    expect(failing.sink.named('turn')).toHaveLength(1);

    const throwing: MetricsRecorder = {
      record() {
        throw new Error('recorder bug');
      },
    };
    const adapter = messengerAdapter(async (ctx) => void (await ctx.sendActivity('still here'))).use(
      new MetricsMiddleware(throwing),
    );
    await adapter
      .send(message({ channelData: { postback: { payload: 'PRIVACY_MENU' } } }))
      .assertReply('still here')
      .startTest();
  });

  it('records feature use and other turn events with the turn’s channel and locale', async () => {
    const sink = new CollectingSink();
    const recorder = new FanOutMetricsRecorder({ declared: TEST_LABELS, sinks: [sink] });
    const adapter = messengerAdapter(async (ctx) => {
      recordFeature(recorder, ctx, 'started', 'book-appointment');
      recordTurnEvent(recorder, ctx, 'consent.given', 'marketing');
      recordFeature(recorder, ctx, 'completed', PERSONAL.userIds[1]);
      await ctx.sendActivity('done');
    });
    await adapter.send('book').assertReply('done').startTest();
    expect(sink.events.map((e) => [e.name, e.dimension, e.channel, e.locale])).toEqual([
      ['feature.started', 'book-appointment', 'facebook', 'es'],
      ['consent.given', 'marketing', 'facebook', 'es'],
      ['metrics.rejected', 'looks-personal', undefined, undefined],
    ]);
  });
});
