import { lintConvoText, type ScriptVocabulary } from '../../src/qa/botium/convo-lint';

const vocabulary: ScriptVocabulary = {
  isAsserter: (name) => ['BUTTONS', 'BUTTONS_COUNT', 'TEXT_CONTAINS_ANY'].includes(name),
  isLogicHook: (name) => ['CHANNEL', 'LOCALE', 'INCLUDE', 'UPDATE_CUSTOM'].includes(name),
  isUserInput: (name) => name === 'BUTTON',
  isUtterance: (name) => name === 'GREETING_UTT',
};

describe('lintConvoText: what Botium would silently read as something else', () => {
  it('accepts genuine BotiumScript', () => {
    const convo = [
      'Name',
      'A description, #not a section',
      '',
      '#begin',
      'CHANNEL facebook',
      '#me',
      'GREETING_UTT',
      '#bot',
      '?!TEXT_CONTAINS_ANY error',
      'BUTTONS_COUNT >=5',
      'HELLO_WORLD_BUT_AS_TEXT? no: a keyword must stand alone before a space or the end',
      '#include Some partial convo',
      '#me',
      'BUTTON PRIVACY_MENU',
      '#bot',
      '!Welcome*',
    ].join('\n');
    expect(lintConvoText(convo, vocabulary)).toEqual([]);
  });

  it.each([
    ['Name\n#chanel facebook\n#me\nhi', 2, 'unknown section "#chanel"'],
    ['Name\n#me\nhi\n#bot\n!BUTTONS_CONT 3', 5, 'unknown asserter or logic hook "BUTTONS_CONT" in #bot'],
    ['Name\n#me\nGREETING_UTS', 3, 'unknown user input, logic hook or utterances name "GREETING_UTS" in #me'],
    ['Name\n#begin\nLOCALE_SET es-ES', 3, 'unknown logic hook or asserter "LOCALE_SET" in #begin'],
    ['Just a name\nand a description', 1, 'no #me, #bot or #include step'],
  ])('flags %j at line %i', (convo, line, reason) => {
    const [problem] = lintConvoText(convo, vocabulary);
    expect(problem.line).toBe(line);
    expect(problem.reason).toContain(reason);
  });
});
