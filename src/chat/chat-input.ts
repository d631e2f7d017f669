import type { ChatChoice } from './render-bot-turn';

/** What one line typed at the `you> ` prompt asks for. */
export type ChatInput =
  | { readonly kind: 'empty' }
  | { readonly kind: 'quit' }
  | { readonly kind: 'help' }
  /** Send this text as a message. */
  | { readonly kind: 'text'; readonly text: string }
  /** Send a button payload (a numbered choice or `/payload TOKEN`). */
  | { readonly kind: 'postback'; readonly payload: string; readonly title: string }
  /** The line cannot be used; tell the person why. */
  | { readonly kind: 'invalid'; readonly reason: string };

const LONGEST_PAYLOAD = 1000;

/**
 * Reads a line typed at the prompt. A number picks that choice of the bot's last turn; a number
 * without such a choice is sent as plain text. `/quit`, `/help` and `/payload TOKEN` are commands; any
 * other `/word` is refused (so a typo of `/quit` is not sent to the bot); `//text` sends `/text`.
 */
export function parseChatInput(line: string, choices: readonly ChatChoice[]): ChatInput {
  const text = line.trim();
  if (!text) return { kind: 'empty' };
  if (text.startsWith('//')) return { kind: 'text', text: text.slice(1) };
  if (text.startsWith('/')) return parseCommand(text);
  if (/^\d{1,6}$/.test(text)) {
    const choice = choices[Number(text) - 1];
    if (choice) {
      return choice.kind === 'postback'
        ? { kind: 'postback', payload: choice.value, title: choice.title }
        : { kind: 'text', text: choice.value };
    }
  }
  return { kind: 'text', text };
}

function parseCommand(text: string): ChatInput {
  const [command, ...rest] = text.split(/\s+/);
  const argument = rest.join(' ');
  switch (command.toLowerCase()) {
    case '/quit':
    case '/exit':
      return { kind: 'quit' };
    case '/help':
      return { kind: 'help' };
    case '/payload':
      if (!argument)
        return { kind: 'invalid', reason: 'give the payload to send, e.g. /payload PRIVACY_MENU' };
      if (argument.length > LONGEST_PAYLOAD) {
        return { kind: 'invalid', reason: `a payload is at most ${LONGEST_PAYLOAD} characters` };
      }
      return { kind: 'postback', payload: argument, title: argument };
    default:
      return {
        kind: 'invalid',
        reason: `unknown command ${command}; /help lists the commands (//text sends /text)`,
      };
  }
}
