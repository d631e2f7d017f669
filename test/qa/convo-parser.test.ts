import { ConvoParseError, parseConvo } from '../../src/qa/convo-parser';

describe('parseConvo', () => {
  it('reads name, description, headers and turns', () => {
    const convo = parseConvo(
      [
        '\uFEFFPrivacy menu',
        'Opens the privacy menu',
        'from the persistent menu.',
        '#channel facebook',
        '#locale es_ES',
        '',
        '#me',
        'PAYLOAD PRIVACY_MENU',
        '',
        '#bot',
        'Opciones de',
        'privacidad',
        'BUTTONS Ver mis datos | Borrar mis datos',
        '!TEXT_CONTAINS_ANY error|fallo',
        'TEXT A | B',
        '',
        '#me',
        'first line',
        '',
        'third line',
        '#bot',
        '',
        '#bot',
        '!goodbye',
      ].join('\r\n'),
      'qa/privacy.convo.txt',
    );
    expect(convo).toEqual({
      file: 'qa/privacy.convo.txt',
      name: 'Privacy menu',
      description: 'Opens the privacy menu\nfrom the persistent menu.',
      channelId: 'facebook',
      locale: 'es-ES',
      turns: [
        { sender: 'me', line: 7, message: { kind: 'postback', payload: 'PRIVACY_MENU' } },
        {
          sender: 'bot',
          line: 10,
          text: { value: 'Opciones de\nprivacidad', negated: false, line: 11 },
          asserters: [
            {
              name: 'BUTTONS',
              args: ['Ver mis datos', 'Borrar mis datos'],
              negated: false,
              line: 13,
              source: 'BUTTONS Ver mis datos | Borrar mis datos',
            },
            {
              name: 'TEXT_CONTAINS_ANY',
              args: ['error', 'fallo'],
              negated: true,
              line: 14,
              source: '!TEXT_CONTAINS_ANY error|fallo',
            },
            { name: 'TEXT', args: ['A | B'], negated: false, line: 15, source: 'TEXT A | B' },
          ],
        },
        { sender: 'me', line: 17, message: { kind: 'text', text: 'first line\n\nthird line' } },
        { sender: 'bot', line: 21, asserters: [] },
        { sender: 'bot', line: 23, text: { value: 'goodbye', negated: true, line: 24 }, asserters: [] },
      ],
    });
  });

  it('leaves channel and locale unset when the convo names none', () => {
    const convo = parseConvo('Echo\n#me\nhi\n#bot\nhi', 'echo.convo.txt');
    expect(convo.channelId).toBeUndefined();
    expect(convo.locale).toBeUndefined();
    expect(convo.description).toBe('');
  });

  it.each([
    ['an empty file', '\n\n', 1, /empty/],
    ['a section on the first line', '#me\nhi', 1, /test name/],
    ['no turns', 'Name\nDescription only', 1, /no #me or #bot/],
    ['an unknown header', 'Name\n#chanel facebook\n#me\nhi', 2, /unknown section "#chanel"/],
    ['an unknown section in the turns', 'Name\n#me\nhi\n#begin\n', 4, /unknown section "#begin"/],
    ['a header after the first turn', 'Name\n#me\nhi\n#locale es-ES', 4, /before the first #me/],
    ['#channel twice', 'Name\n#channel a\n#channel b\n#me\nhi', 3, /twice/],
    ['a bad channel id', 'Name\n#channel face book\n#me\nhi', 2, /channel id/],
    ['a bad locale', 'Name\n#locale spanish!\n#me\nhi', 2, /language tag/],
    ['an empty #me', 'Name\n#me\n\n#bot\nhi', 2, /sends nothing/],
    ['PAYLOAD without a payload', 'Name\n#me\nPAYLOAD\n', 3, /needs the postback payload/],
    ['PAYLOAD and text together', 'Name\n#me\nhello\nPAYLOAD X', 2, /either text or one PAYLOAD/],
    ['two PAYLOAD lines', 'Name\n#me\nPAYLOAD X\nPAYLOAD Y', 4, /one PAYLOAD only/],
    ['an asserter in #me', 'Name\n#me\nBUTTONS a|b', 3, /belongs in a #bot turn/],
    [
      'an unknown asserter',
      'Name\n#me\nhi\n#bot\nTEXT_CONTAINS_ANYY hello',
      5,
      /unknown asserter "TEXT_CONTAINS_ANYY"/,
    ],
    ['an asserter without values', 'Name\n#me\nhi\n#bot\nTEXT_CONTAINS_ANY', 5, /needs at least one value/],
    ['an empty value between separators', 'Name\n#me\nhi\n#bot\nBUTTONS a||b', 5, /empty value/],
    ['TEXT without text', 'Name\n#me\nhi\n#bot\n!TEXT', 5, /needs the exact text/],
    ['a lone "!"', 'Name\n#me\nhi\n#bot\n!', 5, /must not say/],
  ])('reports %s with file and line', (_, source, line, detail) => {
    let error: unknown;
    try {
      parseConvo(source, 'qa/x.convo.txt');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConvoParseError);
    const parseError = error as ConvoParseError;
    expect(parseError.line).toBe(line);
    expect(parseError.message).toMatch(new RegExp(`^qa/x\\.convo\\.txt:${line}: `));
    expect(parseError.detail).toMatch(detail);
  });
});
