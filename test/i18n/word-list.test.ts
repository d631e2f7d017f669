import { wordList } from '../../src/i18n/localizer';

it('a word list is normalized (case, accents, punctuation) and each caller gets a list of its own', () => {
  const first = wordList('Sí|  NO!|Quizás||');
  expect(first).toEqual(['si', 'no', 'quizas']);
  first.push('changed by a caller');
  expect(wordList('Sí|  NO!|Quizás||')).toEqual(['si', 'no', 'quizas']);
});
