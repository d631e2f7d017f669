import { failureLines, type QaResult } from './qa-result';

/**
 * JUnit XML for CI systems: one test case per convo (per utterance variant), transcript and unreadable
 * file, with `file:line` and the reason as the failure message and the details as its body.
 */
export function toJUnitXml(results: readonly QaResult[], suiteName = 'qa', timestamp = new Date()): string {
  const failures = results.filter((r) => !r.passed).length;
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const total = seconds(results.reduce((sum, r) => sum + r.durationMs, 0));
  const cases = results.map((r) => {
    const attributes = `name="${xml(r.name)}" classname="${xml(r.file)}" file="${xml(r.file)}" time="${seconds(r.durationMs)}"`;
    if (r.passed || !r.failure) return `    <testcase ${attributes}/>`;
    const message = `${r.failure.location}: ${r.failure.reason}`;
    return [
      `    <testcase ${attributes}>`,
      `      <failure message="${xml(message)}" type="QaFailure">${xml(failureLines(r.failure).join('\n'), false)}</failure>`,
      '    </testcase>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xml(suiteName)}" tests="${results.length}" failures="${failures}" errors="0" time="${total}">`,
    `  <testsuite name="${xml(suiteName)}" tests="${results.length}" failures="${failures}" errors="0" skipped="0" time="${total}" timestamp="${timestamp.toISOString().slice(0, 19)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** Escapes text for XML (attributes by default), dropping characters XML 1.0 cannot hold. */
function xml(text: string, attribute = true): string {
  const escaped = text
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
  return attribute ? escaped.replace(/\r?\n/g, '&#10;') : escaped;
}
