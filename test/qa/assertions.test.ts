import { checkBotTurn } from '../../src/qa/assertions';
import { replyOf } from '../../src/qa/bot-reply';
import { parseConvo } from '../../src/qa/convo-parser';
import type { BotTurn } from '../../src/qa/convo';

/** The first #bot turn of a convo made of these lines. */
function bot(...lines: string[]): BotTurn {
  return parseConvo(['T', '#me', 'x', '#bot', ...lines].join('\n')).turns[1] as BotTurn;
}

const reply = (text: string, buttons: string[] = []) => ({ text, buttons, buttonValues: buttons });

describe('checkBotTurn', () => {
  it.each<[string, string[], string, string[], boolean]>([
    ['plain text is found ignoring case and spacing', ['hello   THERE'], 'Oh, Hello there!', [], true],
    ['plain text not found', ['goodbye'], 'Hello there', [], false],
    ['a wildcard', ['hello * are you'], 'Hello there, how are you?', [], true],
    ['negated text', ['!error'], 'All fine', [], true],
    ['negated text present', ['!error'], 'An ERROR happened', [], false],
    ['TEXT exact', ['TEXT Hello!'], 'Hello!', [], true],
    ['TEXT is case-sensitive', ['TEXT hello!'], 'Hello!', [], false],
    ['TEXT_IC', ['TEXT_IC hello!'], 'Hello!', [], true],
    ['!TEXT', ['!TEXT Hello!'], 'Hello', [], true],
    ['TEXT_CONTAINS_ANY', ['TEXT_CONTAINS_ANY hola|hello'], 'Well hello', [], true],
    ['TEXT_CONTAINS_ANY is case-sensitive', ['TEXT_CONTAINS_ANY hola|hello'], 'HELLO', [], false],
    ['TEXT_CONTAINS_ANY_IC', ['TEXT_CONTAINS_ANY_IC hola|hello'], 'HELLO', [], true],
    ['!TEXT_CONTAINS_ANY', ['!TEXT_CONTAINS_ANY sorry|error'], 'Fine', [], true],
    ['!TEXT_CONTAINS_ANY present', ['!TEXT_CONTAINS_ANY sorry|error'], 'So sorry!', [], false],
    ['TEXT_CONTAINS_ALL', ['TEXT_CONTAINS_ALL a|b'], 'a and b', [], true],
    ['TEXT_CONTAINS_ALL missing one', ['TEXT_CONTAINS_ALL a|z'], 'a and b', [], false],
    ['BUTTONS present in any order', ['BUTTONS No|Yes'], 'Sure?', ['Yes', 'No', 'Maybe'], true],
    ['BUTTONS missing one', ['BUTTONS Yes|Never'], 'Sure?', ['Yes', 'No'], false],
    ['!BUTTONS', ['!BUTTONS Pay now'], 'Sure?', ['Yes'], true],
    ['!BUTTONS present', ['!BUTTONS Yes'], 'Sure?', ['Yes'], false],
    ['BUTTONS without values needs some', ['BUTTONS'], 'Sure?', [], false],
    ['!BUTTONS without values needs none', ['!BUTTONS'], 'Sure?', [], true],
    ['an empty #bot accepts anything', [], 'whatever', ['x'], true],
  ])('%s', (_, lines, text, buttons, passes) => {
    const problems = checkBotTurn(bot(...lines), reply(text, buttons));
    expect(problems.length === 0).toBe(passes);
  });

  it('names every asserter that failed', () => {
    const problems = checkBotTurn(
      bot('hello', 'BUTTONS Yes', '!TEXT_CONTAINS_ANY bye'),
      reply('bye', ['No']),
    );
    expect(problems).toEqual([
      'the reply does not contain "hello"',
      'BUTTONS Yes: missing "Yes"',
      '!TEXT_CONTAINS_ANY bye: the reply contains "bye"',
    ]);
  });
});

describe('replyOf', () => {
  it('reads suggested actions, card buttons, Messenger quick replies and button templates', () => {
    const parsed = replyOf({
      type: 'message',
      text: 'Pick one',
      suggestedActions: { to: [], actions: [{ type: 'imBack', title: 'Yes', value: 'YES' }] },
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.hero',
          content: { title: 'Card', buttons: [{ type: 'postBack', title: 'Book', value: 'BOOK' }] },
        },
      ],
      channelData: {
        quick_replies: [{ content_type: 'text', title: 'Later', payload: 'LATER' }],
        attachment: {
          type: 'template',
          payload: { buttons: [{ type: 'web_url', title: 'Pay', url: 'https://pay.test' }] },
        },
      },
    });
    expect(parsed).toEqual({
      text: 'Pick one',
      buttons: ['Yes', 'Book', 'Later', 'Pay'],
      buttonValues: ['YES', 'BOOK', 'LATER', 'https://pay.test'],
    });
    expect(checkBotTurn(bot('BUTTONS BOOK|Later'), parsed)).toEqual([]);
  });

  it("uses a card's texts when the message has no text", () => {
    const parsed = replyOf({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.hero',
          content: { title: 'Our services', text: 'Pick' },
        },
      ],
    });
    expect(parsed.text).toBe('Our services\nPick');
  });
});
