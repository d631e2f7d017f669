import type { ConvoResult } from './runner';

/** A result as readable lines: one for a pass, a block with expected vs actual for a failure. */
export function formatResult(result: ConvoResult): string {
  const head = `${result.passed ? 'PASS' : 'FAIL'} ${result.name} (${result.file}, ${result.durationMs} ms)`;
  if (result.passed || !result.failure) return head;
  return `${head}\n${indent(formatFailure(result), '    ')}`;
}

/** The failure details: where, what was expected, what the bot said. */
export function formatFailure(result: ConvoResult): string {
  const failure = result.failure;
  if (!failure) return '';
  const lines = [`${result.file}${failure.line ? `:${failure.line}` : ''}: ${failure.summary}`];
  if (failure.expected) {
    lines.push('expected:');
    for (const line of failure.expected.length > 0 ? failure.expected : ['(any message)'])
      lines.push(`  ${line}`);
  }
  if (failure.expected) {
    if (failure.actual) {
      lines.push('actual:');
      lines.push(`  text:    ${JSON.stringify(failure.actual.text)}`);
      lines.push(
        `  buttons: ${failure.actual.buttons.length > 0 ? failure.actual.buttons.join(' | ') : '(none)'}`,
      );
    } else {
      lines.push('actual:   (no message)');
    }
  }
  return lines.join('\n');
}

export function formatSummary(results: readonly ConvoResult[]): string {
  const failed = results.filter((r) => !r.passed).length;
  return `${results.length} convo${results.length === 1 ? '' : 's'}: ${results.length - failed} passed, ${failed} failed`;
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}
