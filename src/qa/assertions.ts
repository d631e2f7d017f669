import type { BotReply } from './bot-reply';
import type { Asserter, BotTurn } from './convo';

/**
 * Checks one reply against a `#bot` turn; returns what did not hold (empty when the turn passed).
 * Text matching ignores spacing differences; TEXT is exact and case-sensitive, the `_IC` variants and
 * plain text lines ignore case.
 */
export function checkBotTurn(turn: BotTurn, reply: BotReply): string[] {
  const problems: string[] = [];
  if (turn.text) {
    const found = wildcardContains(reply.text, turn.text.value);
    if (found === turn.text.negated) {
      problems.push(
        turn.text.negated
          ? `the reply must not contain "${oneLine(turn.text.value)}" but does`
          : `the reply does not contain "${oneLine(turn.text.value)}"`,
      );
    }
  }
  for (const asserter of turn.asserters) {
    const problem = checkAsserter(asserter, reply);
    if (problem) problems.push(`${asserter.source}: ${problem}`);
  }
  return problems;
}

function checkAsserter(asserter: Asserter, reply: BotReply): string | undefined {
  const { name, args, negated } = asserter;
  const ignoreCase = name.endsWith('_IC');
  const text = normalize(reply.text, ignoreCase);
  const values = args.map((a) => normalize(a, ignoreCase));
  switch (name) {
    case 'TEXT':
    case 'TEXT_IC': {
      const equal = text === values[0];
      if (equal === negated)
        return negated ? 'the reply is exactly this text' : 'the reply text is different';
      return undefined;
    }
    case 'TEXT_CONTAINS_ANY':
    case 'TEXT_CONTAINS_ANY_IC': {
      const found = args.filter((_, i) => text.includes(values[i]));
      if (!negated && found.length === 0) return 'none of the values is in the reply';
      if (negated && found.length > 0) return `the reply contains ${quoteList(found)}`;
      return undefined;
    }
    case 'TEXT_CONTAINS_ALL':
    case 'TEXT_CONTAINS_ALL_IC': {
      const missing = args.filter((_, i) => !text.includes(values[i]));
      if (!negated && missing.length > 0) return `the reply lacks ${quoteList(missing)}`;
      if (negated && missing.length === 0) return 'the reply contains all of the values';
      return undefined;
    }
    case 'BUTTONS': {
      const has = (label: string) => reply.buttons.includes(label) || reply.buttonValues.includes(label);
      if (args.length === 0) {
        if (!negated && reply.buttons.length === 0) return 'the reply has no buttons';
        if (negated && reply.buttons.length > 0) return 'the reply has buttons';
        return undefined;
      }
      const present = args.filter(has);
      if (!negated && present.length < args.length)
        return `missing ${quoteList(args.filter((a) => !has(a)))}`;
      if (negated && present.length > 0) return `the reply has ${quoteList(present)}`;
      return undefined;
    }
  }
}

/** Case-insensitive "contains", spacing-insensitive, `*` matching any text. */
function wildcardContains(text: string, pattern: string): boolean {
  const source = normalize(pattern, true)
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(source, 's').test(normalize(text, true));
}

function normalize(text: string, ignoreCase: boolean): string {
  const spaced = text.replace(/\s+/g, ' ').trim();
  return ignoreCase ? spaced.toLocaleLowerCase() : spaced;
}

function quoteList(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(', ');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ');
}
