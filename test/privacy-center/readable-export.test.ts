import { BUILT_IN_TEXTS } from '../../src/i18n/localizer';
import { readableExport } from '../../src/turn/export-description';

const { en, es, sv } = BUILT_IN_TEXTS;

// The Privacy Center shows what *My data* holds, made readable: messages, labels instead of JSON paths.

it('turns an export into name, history, labelled values and kept sensitive values', () => {
  const view = readableExport(
    {
      exportedAt: '2026-11-29T00:00:00.000Z',
      sections: [
        {
          kind: 'state',
          label: 'facebook/users/you/',
          data: {
            privacyProfile: { firstName: 'Ana', lastName: 'Ruiz' },
            booking: { service_type: 'Plumbing' },
          },
        },
        {
          kind: 'state',
          label: 'facebook/conversations/you/',
          data: { DialogState: { dialogStack: [{ id: 'x' }] }, visits: ['Mon', 'Tue'] },
        },
        {
          kind: 'transcript',
          label: 'facebook/conversations/you/transcript',
          data: [
            { timestamp: '2026-11-02T10:00:01.000Z', from: 'bot', text: 'Hello Ana' },
            { timestamp: '2026-11-02T10:00:00.000Z', from: 'user', text: 'hi' },
          ],
        },
        { kind: 'consent', label: 'consent/invoice', data: { purposeId: 'invoice' } },
        {
          kind: 'sensitive',
          label: 'sensitive/payment',
          data: { purpose: 'payment', stored: true, expires: '2027-01-01T00:00:00.000Z' },
        },
      ],
    },
    en,
  );
  expect(view.name).toBe('Ana Ruiz');
  expect(view.history).toEqual([
    { at: '2026-11-02T10:00:00.000Z', fromYou: true, text: 'hi' },
    { at: '2026-11-02T10:00:01.000Z', fromYou: false, text: 'Hello Ana' },
  ]);
  expect(view.saved).toEqual([
    { label: 'Your profile › First name', value: 'Ana' },
    { label: 'Your profile › Last name', value: 'Ruiz' },
    { label: 'Booking › Service type', value: 'Plumbing' },
    { label: 'Visits › 1', value: 'Mon' },
    { label: 'Visits › 2', value: 'Tue' },
  ]);
  expect(view.sensitive).toEqual([{ purpose: 'payment', until: '2027-01-01T00:00:00.000Z' }]);
  expect(view.hasData).toBe(true);
});

it('says when nothing is held', () => {
  const view = readableExport({ exportedAt: '2026-11-29T00:00:00.000Z', sections: [] }, en);
  expect(view).toEqual({ name: undefined, history: [], saved: [], sensitive: [], hasData: false });
});

/** What the privacy layer itself keeps for a Messenger user, and one property of the bot's own. */
const LIBRARY_STATE = {
  exportedAt: '2026-11-29T00:00:00.000Z',
  sections: [
    {
      kind: 'state',
      label: 'facebook/users/you/',
      data: {
        privacyProfile: {
          firstName: 'Åsa',
          lastName: 'Berg',
          nameSource: 'profile_api',
          nameCheckedAt: '2026-11-02T10:00:00.000Z',
        },
        messengerIdLinkCheck: { checkedAt: '2026-11-02T10:00:00.000Z', linked: true },
        favouriteDay: 'Tuesday',
      },
    },
    {
      kind: 'state',
      label: 'facebook/conversations/you-page/users/you/privacy',
      data: {
        privacyConsentRefusals: { invoice: { version: '2026-11', at: '2026-11-02T10:01:00.000Z' } },
        privacySensitiveInput: { kind: 'tax_id' },
      },
    },
  ],
};

it.each([
  [
    'es',
    es,
    'Tu NIF, para buscar tus facturas',
    [
      ['Tu perfil › Nombre', 'Åsa'],
      ['Tu perfil › Apellidos', 'Berg'],
      ['Tu perfil › De dónde sacamos tu nombre', 'tu perfil en el canal del chat'],
      ['Tu perfil › Fecha de consulta del nombre', '2026-11-02T10:00:00.000Z'],
      ['Vínculo con tu cuenta de Facebook › Última comprobación', '2026-11-02T10:00:00.000Z'],
      ['Vínculo con tu cuenta de Facebook › Vinculado', 'sí'],
      ['Favourite day', 'Tuesday'],
      [
        'Consentimientos que rechazaste en este chat › Tu NIF, para buscar tus facturas › Versión del aviso',
        '2026-11',
      ],
      [
        'Consentimientos que rechazaste en este chat › Tu NIF, para buscar tus facturas › Fecha del rechazo',
        '2026-11-02T10:01:00.000Z',
      ],
      ['Pregunta pendiente de tu respuesta › Qué se pidió', 'tu identificador fiscal'],
    ],
  ],
  [
    'sv',
    sv,
    'Ditt skatteregistreringsnummer, för dina fakturor',
    [
      ['Din profil › Förnamn', 'Åsa'],
      ['Din profil › Efternamn', 'Berg'],
      ['Din profil › Varifrån ditt namn kom', 'din profil i chattkanalen'],
      ['Din profil › Namnet hämtades', '2026-11-02T10:00:00.000Z'],
      ['Koppling till ditt Facebook-konto › Senast kontrollerad', '2026-11-02T10:00:00.000Z'],
      ['Koppling till ditt Facebook-konto › Kopplad', 'ja'],
      ['Favourite day', 'Tuesday'],
      [
        'Samtycken du tackade nej till i den här chatten › Ditt skatteregistreringsnummer, för dina fakturor › Version av informationen',
        '2026-11',
      ],
      [
        'Samtycken du tackade nej till i den här chatten › Ditt skatteregistreringsnummer, för dina fakturor › Avböjt',
        '2026-11-02T10:01:00.000Z',
      ],
      ['Fråga som väntar på ditt svar › Vad som efterfrågades', 'ditt skatteregistreringsnummer'],
    ],
  ],
])(
  'labels what the privacy layer keeps from the text catalogue in "%s"; the bot’s own property keeps a readable name',
  (_language, texts, invoice, expected) => {
    const view = readableExport(LIBRARY_STATE, texts, new Map([['invoice', invoice]]));
    expect(view.saved.map((entry) => [entry.label, entry.value])).toEqual(expected);
  },
);

it('shows a purpose it has no description for by its id, and an unknown field of its own readably', () => {
  const view = readableExport(
    {
      exportedAt: '2026-11-29T00:00:00.000Z',
      sections: [
        {
          kind: 'state',
          label: 'facebook/conversations/you-page/users/you/privacy',
          data: { privacyConsentRefusals: { invoice: { version: '2026-11', reason: 'later' } } },
        },
      ],
    },
    en,
  );
  expect(view.saved).toEqual([
    { label: 'Consents you declined in this chat › invoice › Version of the notice', value: '2026-11' },
    { label: 'Consents you declined in this chat › invoice › Reason', value: 'later' },
  ]);
});
