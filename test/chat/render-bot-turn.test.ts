import { CardFactory, MessageFactory, type Activity } from 'botbuilder';
import { renderBotTurn } from '../../src/chat/render-bot-turn';

const postBack = (title: string, value: string) => ({ type: 'postBack', title, value });

describe('renderBotTurn', () => {
  it('prints the text and numbers suggested actions, keeping their payloads', () => {
    const turn = renderBotTurn([
      {
        type: 'message',
        text: 'Privacy: what would you like to do?',
        suggestedActions: {
          to: [],
          actions: [postBack('Delete my data', 'PRIVACY_DELETE'), postBack('Close', 'PRIVACY_CLOSE')],
        },
      },
    ]);
    expect(turn.lines).toEqual([
      'bot> Privacy: what would you like to do?',
      '  1) Delete my data',
      '  2) Close',
    ]);
    expect(turn.choices).toEqual([
      { title: 'Delete my data', kind: 'postback', value: 'PRIVACY_DELETE' },
      { title: 'Close', kind: 'postback', value: 'PRIVACY_CLOSE' },
    ]);
  });

  it('treats imBack buttons as typed text and numbers choices across the messages of a turn', () => {
    const turn = renderBotTurn([
      { type: 'typing' },
      MessageFactory.suggestedActions(['Red'], 'First?') as Partial<Activity>,
      MessageFactory.suggestedActions(['Blue'], 'Second?') as Partial<Activity>,
    ]);
    expect(turn.lines).toEqual(['bot> First?', '  1) Red', 'bot> Second?', '  2) Blue']);
    expect(turn.choices.map((c) => [c.kind, c.value])).toEqual([
      ['message', 'Red'],
      ['message', 'Blue'],
    ]);
  });

  it('indents the lines of a long text under the first', () => {
    expect(renderBotTurn([{ type: 'message', text: 'One\n\nTwo' }]).lines).toEqual([
      'bot> One',
      '',
      '     Two',
    ]);
  });

  it('shows a hero card with its link as [Title] url and its postBack buttons as choices', () => {
    const card = CardFactory.heroCard('Plumbing', 'We fix leaks.', undefined, [
      { type: 'openUrl', title: 'Our site', value: 'https://example.com/plumbing' },
      postBack('Book', 'BOOK_PLUMBING'),
    ]);
    const turn = renderBotTurn([MessageFactory.attachment(card) as Partial<Activity>]);
    expect(turn.lines).toEqual([
      'bot> Plumbing',
      '  We fix leaks.',
      '  [Our site] https://example.com/plumbing',
      '  1) Book',
    ]);
    expect(turn.choices).toEqual([{ title: 'Book', kind: 'postback', value: 'BOOK_PLUMBING' }]);
  });

  it('shows file attachments by name and content type', () => {
    const turn = renderBotTurn([
      {
        type: 'message',
        text: 'The attached file has your data.',
        attachments: [
          {
            name: 'my-data.json',
            contentType: 'application/json',
            contentUrl: 'data:application/json;base64,e30=',
          },
          { contentType: 'image/png', contentUrl: 'https://example.com/a.png' },
        ],
      },
    ]);
    expect(turn.lines).toEqual([
      'bot> The attached file has your data.',
      '  [attachment: my-data.json (application/json)]',
      '  [attachment: unnamed (image/png)]',
    ]);
  });

  it('strips control characters so a bot cannot rewrite the terminal', () => {
    const turn = renderBotTurn([{ type: 'message', text: 'Hi\u001b[2J there\u0007' }]);
    expect(turn.lines).toEqual(['bot> Hi[2J there']);
  });

  it('prints nothing for a turn without messages', () => {
    expect(renderBotTurn([{ type: 'typing' }, { type: 'event', name: 'x' }])).toEqual({
      lines: [],
      choices: [],
    });
  });
});
