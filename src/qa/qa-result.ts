/** Why a convo or transcript failed, and where. */
export interface QaFailure {
  /** `file:line` of the failing step (a convo) or `file` plus the activity index (a transcript). */
  readonly location: string;
  /** One line. */
  readonly reason: string;
  /** What was expected and what the bot said, one item per line. */
  readonly details: readonly string[];
}

/** The outcome of one test case: a convo (one per utterance variant), a transcript, or a file that cannot be read. */
export interface QaResult {
  readonly name: string;
  /** The file, relative to the working folder. */
  readonly file: string;
  readonly passed: boolean;
  readonly durationMs: number;
  readonly failure?: QaFailure;
}

/** A result as readable lines: one for a pass, a block with the location, reason and details for a failure. */
export function formatResult(result: QaResult): string {
  const head = `${result.passed ? 'PASS' : 'FAIL'} ${result.name} (${result.file}, ${result.durationMs} ms)`;
  if (result.passed || !result.failure) return head;
  return [head, ...failureLines(result.failure).map((line) => `    ${line}`)].join('\n');
}

/** The failure as lines: `location: reason`, then the details. */
export function failureLines(failure: QaFailure): string[] {
  return [`${failure.location}: ${failure.reason}`, ...failure.details];
}

/** `N passed, N failed`. */
export function formatSummary(results: readonly QaResult[]): string {
  const failed = results.filter((r) => !r.passed).length;
  return `${results.length - failed} passed, ${failed} failed`;
}

/** A result for a file the engine cannot read: it fails, it is never skipped. */
export function unreadable(file: string, line: number, reason: string): QaResult {
  return {
    name: file,
    file,
    passed: false,
    durationMs: 0,
    failure: { location: `${file}:${line}`, reason: `cannot read: ${reason}`, details: [] },
  };
}
