import { es } from '../../src/i18n/es';
import { en } from '../../src/i18n/en';
import { sayOnMessenger, serveExample } from './serve-example';

// With the privacy menu open, a word of one of the bot's features ("factura", "invoice", "book") closes
// the menu and starts that feature, instead of "not understood" until the menu gives up.

describe('the privacy menu gives way to the bot’s features', () => {
  let bot: Awaited<ReturnType<typeof serveExample>>;
  beforeAll(async () => {
    bot = await serveExample();
  });
  afterAll(() => bot.close());

  it.each([
    ['es-ES', 'privacidad', 'factura', es],
    ['es-ES', 'privacidad', 'reservar', es],
    ['en-US', 'privacy', 'invoice', en],
    ['en-US', 'privacy', 'BOOK', en],
  ])('%s: "%s" then "%s" closes the menu and starts the feature', async (locale, keyword, word, texts) => {
    const user = `menu-gives-way-${Math.random().toString(36).slice(2)}`;
    const menu = await sayOnMessenger(bot.url, keyword, user, { locale });
    // The first reply of a conversation comes after the automated-assistant notice.
    expect(menu[0]).toContain(texts.disclosure.automated.split('{brand}')[0]);
    expect(menu[1]).toContain(texts.menu.prompt.split(' {brand}')[0].split('{brand}')[0]);
    const replies = await sayOnMessenger(bot.url, word, user, { locale });
    // What the same word gets from someone without the menu open (after their own first notice).
    const direct = await sayOnMessenger(bot.url, word, `${user}-direct`, { locale });
    expect(direct[0]).toContain(texts.disclosure.automated.split('{brand}')[0]);
    expect(replies).toEqual([texts.menu.closed, ...direct.slice(1)]);
    expect(direct.join('\n')).not.toContain(texts.menu.notUnderstood);
  });

  it('still answers anything else with "not understood", keeping the menu open', async () => {
    const user = `menu-keeps-${Math.random().toString(36).slice(2)}`;
    await sayOnMessenger(bot.url, 'privacidad', user, { locale: 'es-ES' });
    const replies = await sayOnMessenger(bot.url, 'hola', user, { locale: 'es-ES' });
    expect(replies[0]).toContain(es.menu.notUnderstood);
  });
});
