import fc from 'fast-check';
import { parseChatInput } from '../../src/chat/chat-input';
import type { ChatChoice } from '../../src/chat/render-bot-turn';

const choices: ChatChoice[] = [
  { title: 'Delete my data', kind: 'postback', value: 'PRIVACY_DELETE' },
  { title: 'Blue', kind: 'message', value: 'Blue' },
];

describe('parseChatInput', () => {
  it('sends the payload of the numbered choice', () => {
    expect(parseChatInput(' 1 ', choices)).toEqual({
      kind: 'postback',
      payload: 'PRIVACY_DELETE',
      title: 'Delete my data',
    });
  });

  it('sends an imBack choice as the text it stands for', () => {
    expect(parseChatInput('2', choices)).toEqual({ kind: 'text', text: 'Blue' });
  });

  it('sends a number without a matching choice as plain text', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999 }), (n) => {
        fc.pre(n < 1 || n > choices.length);
        expect(parseChatInput(String(n), choices)).toEqual({ kind: 'text', text: String(n) });
      }),
    );
    expect(parseChatInput('1', [])).toEqual({ kind: 'text', text: '1' });
    expect(parseChatInput('1.5', choices)).toEqual({ kind: 'text', text: '1.5' });
  });

  it('sends other text as typed (trimmed) and ignores empty lines', () => {
    expect(parseChatInput('  privacy ', choices)).toEqual({ kind: 'text', text: 'privacy' });
    expect(parseChatInput('   ', choices)).toEqual({ kind: 'empty' });
  });

  it('knows /quit, /help and /payload TOKEN', () => {
    expect(parseChatInput('/quit', choices)).toEqual({ kind: 'quit' });
    expect(parseChatInput('/EXIT', choices)).toEqual({ kind: 'quit' });
    expect(parseChatInput('/help', choices)).toEqual({ kind: 'help' });
    expect(parseChatInput('/payload PRIVACY_MENU', choices)).toEqual({
      kind: 'postback',
      payload: 'PRIVACY_MENU',
      title: 'PRIVACY_MENU',
    });
  });

  it('refuses /payload without a token and unknown commands, with a reason', () => {
    expect(parseChatInput('/payload', choices)).toEqual({
      kind: 'invalid',
      reason: expect.stringContaining('/payload PRIVACY_MENU'),
    });
    expect(parseChatInput(`/payload ${'X'.repeat(1001)}`, choices)).toMatchObject({ kind: 'invalid' });
    expect(parseChatInput('/qiut', choices)).toEqual({
      kind: 'invalid',
      reason: expect.stringContaining('unknown command /qiut'),
    });
  });

  it('sends //text as /text', () => {
    expect(parseChatInput('//start', choices)).toEqual({ kind: 'text', text: '/start' });
  });
});
