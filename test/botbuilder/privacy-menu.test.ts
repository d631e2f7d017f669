import { snapshot } from '../support/redis';
import { buttons, createTestBot, payloads, type TestBot } from './privacy-test-bot';

// Scripted dialogs (botbuilder TestAdapter) on the real Redis store, in each built-in language.

const LANGUAGES = [
  {
    locale: 'en-US',
    keyword: 'privacy',
    menu: 'what would you like to do',
    titles: ['Delete my data', 'Terms of use', 'My data', 'Correct my name', 'My consents', 'Close'],
    deleteExplain: 'Anonymous usage counts',
    yes: 'Yes, delete',
    no: 'No, keep it',
    deleted: 'confirmation code is',
    notDeleted: 'Nothing was deleted',
    termsIntro: 'Terms of use of the Home Services assistant',
    termsItem: 'Your first name: to greet you',
    exportIntro: 'This is everything Home Services holds about you',
    correctAsk: 'What name should we use instead',
    correctDone: 'from now on we will call you Ann',
  },
  {
    locale: 'es-ES',
    keyword: 'Privacidad',
    menu: '¿qué quieres hacer?',
    titles: [
      'Borrar mis datos',
      'Condiciones de uso',
      'Mis datos',
      'Corregir mi nombre',
      'Mis consentimientos',
      'Cerrar',
    ],
    deleteExplain: 'recuentos anónimos de uso',
    yes: 'Sí, borrar',
    no: 'No, conservar',
    deleted: 'código de confirmación es',
    notDeleted: 'No se ha borrado nada',
    termsIntro: 'Condiciones de uso del asistente de Home Services',
    termsItem: 'Tu nombre: para saludarte',
    exportIntro: 'Esto es todo lo que Home Services guarda sobre ti',
    correctAsk: '¿Qué nombre prefieres?',
    correctDone: 'te llamaremos Ann',
  },
  {
    locale: 'sv-SE',
    keyword: 'integritet',
    menu: 'vad vill du göra?',
    titles: [
      'Radera mina data',
      'Användarvillkor',
      'Mina uppgifter',
      'Rätta mitt namn',
      'Mina samtycken',
      'Stäng',
    ],
    deleteExplain: 'Anonyma användningssiffror',
    yes: 'Ja, radera',
    no: 'Nej, behåll',
    deleted: 'bekräftelsekod är',
    notDeleted: 'Ingenting raderades',
    termsIntro: 'Användarvillkor för Home Servicess assistent',
    termsItem: 'Ditt förnamn: för att hälsa på dig',
    exportIntro: 'Det här är allt Home Services har sparat om dig',
    correctAsk: 'Vilket namn vill du hellre',
    correctDone: 'kallar vi dig Ann',
  },
];

let bots: TestBot[] = [];
afterEach(async () => {
  await Promise.all(bots.map((b) => b.close()));
  bots = [];
});
function bot(options: Parameters<typeof createTestBot>[0]): TestBot {
  const b = createTestBot(options);
  bots.push(b);
  return b;
}

describe.each(LANGUAGES)('privacy menu in $locale', (lang) => {
  it('opens on the keyword with localized buttons and stable payloads', async () => {
    const { adapter } = bot({ locale: lang.locale, userName: 'Maria Lopez' });
    await adapter
      .send('hi')
      .assertReply('Hello Maria!')
      .send(lang.keyword)
      .assertReply((reply) => {
        expect(reply.text).toContain(lang.menu);
        expect(reply.text).toContain('Home Services');
        expect(buttons(reply)).toEqual(lang.titles);
        expect(payloads(reply)).toEqual([
          'PRIVACY_DELETE',
          'PRIVACY_TERMS',
          'PRIVACY_EXPORT',
          'PRIVACY_CORRECT',
          'PRIVACY_CONSENTS',
          'PRIVACY_CLOSE',
        ]);
        for (const title of buttons(reply)) expect([...title].length).toBeLessThanOrEqual(20);
      })
      .startTest();
  });

  it('deletes everything after confirmation, by title, and the next message is a first interaction', async () => {
    const { adapter, redis, prefix, user, transcripts } = bot({
      locale: lang.locale,
      userName: 'Maria Lopez',
    });
    await adapter
      .send('hi')
      .assertReply('Hello Maria!')
      .send('book')
      .assertReply('What day would you like the visit?')
      .send(lang.keyword)
      .assertReply((r) => expect(r.text).toContain(lang.menu))
      .startTest();
    await transcripts.flush();
    expect([...(await snapshot(redis, prefix))].join('\n')).toContain('What day'); // history is kept until then
    await adapter
      .send(lang.titles[0])
      .assertReply((r) => {
        expect(r.text).toContain(lang.deleteExplain);
        expect(buttons(r)).toEqual([lang.yes, lang.no]);
      })
      .send(lang.yes)
      .assertReply((r) => expect(r.text).toMatch(new RegExp(`${lang.deleted} [A-Z2-9]{12}`)))
      .startTest();
    await transcripts.flush();
    const stored = [...(await snapshot(redis, prefix))].join('\n');
    expect(stored).not.toContain(user.id);
    expect(stored).not.toContain('Maria');
    expect(stored).not.toContain('"text"'); // the chat history is gone too
    expect(stored).not.toContain('What day');
    // First interaction again: the name is captured anew and the booking question is gone.
    await adapter.send('hello again').assertReply('Hello Maria!').startTest();
  });

  it('keeps everything when the person says no, and resumes the interrupted dialog', async () => {
    const { adapter } = bot({ locale: lang.locale, userName: 'Maria Lopez' });
    await adapter
      .send('book')
      .assertReply('What day would you like the visit?')
      .send({
        type: 'message',
        text: 'PRIVACY_DELETE',
        channelData: { postback: { payload: 'PRIVACY_DELETE' } },
      })
      .assertReply((r) => expect(r.text).toContain(lang.deleteExplain))
      .send(lang.no)
      .assertReply((r) => expect(r.text).toContain(lang.notDeleted))
      .assertReply((r) => expect(r.text).toBeTruthy()) // "let's continue"
      .assertReply('What day would you like the visit?')
      .send('Monday')
      .assertReply('Booked for Monday.')
      .send('hi')
      .assertReply('Hello Maria!')
      .startTest();
  });

  it('shows the terms of use generated from the inventory, with the policy URL', async () => {
    const { adapter } = bot({ locale: lang.locale });
    await adapter
      .send({
        type: 'message',
        text: lang.titles[1],
        channelData: { message: { quick_reply: { payload: 'PRIVACY_TERMS' } } },
      })
      .assertReply((r) => {
        expect(r.text).toContain(lang.termsIntro);
        expect(r.text).toContain(lang.termsItem);
        expect(r.text).toContain('https://example.com/privacy');
      })
      .startTest();
  });

  it('exports the stored data as text and a JSON attachment', async () => {
    const { adapter } = bot({ locale: lang.locale, userName: 'Maria Lopez' });
    await adapter
      .send('hi')
      .assertReply('Hello Maria!')
      .send('PRIVACY_EXPORT')
      .assertReply((r) => {
        expect(r.text).toContain(lang.exportIntro);
        expect(r.text).toContain('Maria');
      })
      .assertReply((r) => {
        const attachment = r.attachments?.[0];
        expect(attachment?.contentType).toBe('application/json');
        const json = JSON.parse(
          Buffer.from(String(attachment?.contentUrl).split(',')[1], 'base64').toString('utf8'),
        );
        expect(JSON.stringify(json)).toContain('Maria');
      })
      .startTest();
  });

  it('corrects the stored name', async () => {
    const { adapter } = bot({ locale: lang.locale, userName: 'Maria Lopez' });
    await adapter
      .send('hi')
      .assertReply('Hello Maria!')
      .send('PRIVACY_MENU')
      .assertReply((r) => expect(r.text).toContain(lang.menu))
      .send(lang.titles[3])
      .assertReply((r) => expect(r.text).toContain(lang.correctAsk))
      .send('Ann')
      .assertReply((r) => expect(r.text).toContain(lang.correctDone))
      .send('hi')
      .assertReply('Hello Ann!')
      .startTest();
  });
});
