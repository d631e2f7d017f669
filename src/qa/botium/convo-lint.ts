/** What the Botium compiler knows by name. */
export interface ScriptVocabulary {
  isAsserter(name: string): boolean;
  isLogicHook(name: string): boolean;
  isUserInput(name: string): boolean;
  isUtterance(name: string): boolean;
}

export interface LintProblem {
  readonly line: number;
  readonly reason: string;
}

const SECTIONS = ['begin', 'include', 'me', 'bot', 'end'];
/** An asserter/logic hook/utterance-like name: `TEXT_CONTAINS_ANY`, `BUTTONS_COUNT`, `GREETING_UTT`. */
const KEYWORD = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

/**
 * Finds what Botium's text compiler silently takes for something else in a `.convo.txt`/`.pconvo.txt`:
 * a misspelt section (`#chanel` ends up in the description) or a misspelt asserter, logic hook or
 * utterance name (`BUTTONS_CONT 3` becomes expected text; in `#me` it would be sent as text). A convo
 * with such a line fails with its line number instead of testing something else, and so does a file
 * without any step (it would pass having tested nothing).
 */
export function lintConvoText(text: string, vocabulary: ScriptVocabulary): LintProblem[] {
  const problems: LintProblem[] = [];
  let section: string | undefined;
  let steps = 0;
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const line = index + 1;
    const tag = /^#(\S+)/.exec(raw)?.[1];
    if (tag !== undefined) {
      if (SECTIONS.includes(tag)) {
        section = tag;
        if (tag === 'me' || tag === 'bot' || tag === 'include') steps++;
        return;
      }
      if (/^[A-Za-z_]+$/.test(tag)) {
        problems.push({ line, reason: `unknown section "#${tag}" (sections: #${SECTIONS.join(', #')})` });
        return;
      }
    }
    if (!section || section === 'include') return;
    const name = raw
      .replace(/^\?(?!\?)/, '')
      .replace(/^!(?!!)/, '')
      .split(' ')[0];
    if (!KEYWORD.test(name) || known(name, section, vocabulary)) return;
    const what =
      section === 'me'
        ? 'user input, logic hook or utterances name'
        : section === 'bot'
          ? 'asserter or logic hook'
          : 'logic hook or asserter';
    problems.push({ line, reason: `unknown ${what} "${name}" in #${section}` });
  });
  if (steps === 0 && problems.length === 0) {
    problems.push({ line: 1, reason: 'no #me, #bot or #include step: it would test nothing' });
  }
  return problems;
}

function known(name: string, section: string, v: ScriptVocabulary): boolean {
  if (v.isLogicHook(name)) return true;
  if (section === 'me') return v.isUserInput(name) || v.isUtterance(name);
  return v.isAsserter(name);
}
