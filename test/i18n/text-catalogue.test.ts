import { BUILT_IN_TEXTS } from '../../src/i18n/localizer';
import { buildMessengerProfile } from '../../src/messenger/messenger-profile';

// One text catalogue (src/i18n, one file per language) for the chat, the consent dialogs, the pages and
// the Messenger menu: every language says everything, with the same placeholders.

/** `section.key` -> text of one language's table. */
function entries(table: object): Map<string, unknown> {
  const flat = new Map<string, unknown>();
  for (const [section, texts] of Object.entries(table)) {
    for (const [key, text] of Object.entries(texts as Record<string, unknown>)) {
      flat.set(`${section}.${key}`, text);
    }
  }
  return flat;
}

const placeholders = (text: unknown): string[] =>
  [...String(text).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

const english = entries(BUILT_IN_TEXTS.en);
const others = Object.keys(BUILT_IN_TEXTS).filter((language) => language !== 'en');

describe('the text catalogue', () => {
  it('ships English, Spanish and Swedish', () => {
    expect(Object.keys(BUILT_IN_TEXTS).sort()).toEqual(['en', 'es', 'sv']);
    expect(english.size).toBeGreaterThan(100);
  });

  it.each(others)('has every English text in "%s", and no other', (language) => {
    const table = entries(BUILT_IN_TEXTS[language]);
    const missing = [...english.keys()].filter((key) => !table.has(key));
    const unknown = [...table.keys()].filter((key) => !english.has(key));
    expect({ missing, unknown }).toEqual({ missing: [], unknown: [] });
  });

  it.each(Object.keys(BUILT_IN_TEXTS))(
    'has only non-empty texts, with the English placeholders, in "%s"',
    (language) => {
      const wrong: string[] = [];
      for (const [key, text] of entries(BUILT_IN_TEXTS[language])) {
        if (typeof text !== 'string' || text.trim() === '') wrong.push(`${key}: empty`);
        else if (placeholders(text).join() !== placeholders(english.get(key)).join()) {
          wrong.push(`${key}: {${placeholders(text).join('}, {')}}`);
        }
      }
      expect(wrong).toEqual([]);
    },
  );

  it("titles the Messenger menu's privacy entry from the catalogue, in every language", () => {
    const profile = buildMessengerProfile({
      locales: ['default', 'en_GB', 'es_ES', 'es_LA', 'sv_SE'].map((locale) => ({ locale })),
    });
    const titles = profile.persistent_menu.map((menu) => [menu.locale, menu.call_to_actions.at(-1)?.title]);
    expect(titles).toEqual([
      ['default', BUILT_IN_TEXTS.en.messengerMenu.privacyTitle],
      ['en_GB', 'Privacy'],
      ['es_ES', 'Privacidad'],
      ['es_LA', 'Privacidad'],
      ['sv_SE', 'Integritet'],
    ]);
  });

  it('takes a new language, or a brand wording, from the same texts as the chat', () => {
    const profile = buildMessengerProfile({
      locales: [{ locale: 'default' }, { locale: 'de_DE' }, { locale: 'sv_SE' }],
      localization: {
        fallbackLanguage: 'es',
        texts: {
          de: { messengerMenu: { privacyTitle: 'Datenschutz' } },
          sv: { messengerMenu: { privacyTitle: 'Dataskydd' } },
        },
      },
    });
    expect(profile.persistent_menu.map((menu) => menu.call_to_actions.at(-1)?.title)).toEqual([
      'Privacidad',
      'Datenschutz',
      'Dataskydd',
    ]);
  });
});
