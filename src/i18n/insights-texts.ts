/**
 * Texts of the brand's insights report (the HTML report of `npm run metrics:report -- --html` and the
 * `/privacy/insights` page), in English, Spanish and Swedish. They are read by the brand's staff, not by
 * the people who chat, so they are their own key group beside {@link PrivacyTexts} rather than part of
 * it (brand overrides of the chat texts stay free of report wording). Placeholders in braces are filled
 * with `format`.
 */
export interface InsightsTexts {
  /** Page title and heading. */
  title: string;
  /** {from}, {to}: first and last day; {days}: how many days. */
  period: string;
  /** The sentence that says what the counts are, and that they carry no ids. */
  anonymity: string;
  totalsTitle: string;
  totalClicks: string;
  totalFeatureUses: string;
  totalConsentsGiven: string;
  totalErasures: string;
  totalFailedErasures: string;
  totalTurns: string;
  clicksTitle: string;
  featuresTitle: string;
  feature: string;
  uses: string;
  completed: string;
  abandoned: string;
  consentTitle: string;
  purpose: string;
  asked: string;
  given: string;
  refused: string;
  withdrawn: string;
  /** Column of given / asked. */
  givenRate: string;
  erasuresTitle: string;
  sourceMenu: string;
  sourceDeleteUserData: string;
  sourceFacebookCallback: string;
  sourcePrivacyCenter: string;
  /** An erasure source this report does not know: {source}. */
  sourceOther: string;
  failed: string;
  latencyTitle: string;
  latencyNotRecorded: string;
  /** How the percentiles are estimated; {buckets}: the bucket bounds. */
  latencyEstimated: string;
  /** Shown for a percentile beyond the last bucket: {value}. */
  latencyAbove: string;
  average: string;
  /** Opens the table of numbers per day. */
  perDayTable: string;
  /** The chart is empty. */
  nothing: string;
  /** Series folded together so a chart stays readable: {count}. */
  others: string;
  total: string;
  /** Label of a click or feature without payload or id. */
  none: string;
  /** The counters could not be read. */
  unavailable: string;
  loginTitle: string;
  loginIntro: string;
  tokenLabel: string;
  loginButton: string;
  loginFailed: string;
  /** Too many wrong tokens in the last minute: the form is closed for now. */
  loginThrottled: string;
  logout: string;
}

/** Languages the insights report is written in. */
export type InsightsLanguage = 'en' | 'es' | 'sv';

/** The built-in report texts by language. */
export const INSIGHTS_TEXTS: Readonly<Record<InsightsLanguage, InsightsTexts>> = Object.freeze({
  en: {
    title: 'Assistant insights',
    period: '{from} to {to} (UTC), {days} days',
    anonymity:
      'These are anonymous counts per day. They carry no user ids, names or message text, and they remain when people delete their data.',
    totalsTitle: 'Totals',
    totalClicks: 'Button clicks',
    totalFeatureUses: 'Feature uses',
    totalConsentsGiven: 'Consents given',
    totalErasures: 'Data erasures',
    totalFailedErasures: 'Failed erasures',
    totalTurns: 'Turns',
    clicksTitle: 'Clicks per button per day',
    featuresTitle: 'Feature use per day',
    feature: 'Feature',
    uses: 'Uses',
    completed: 'Completed',
    abandoned: 'Abandoned',
    consentTitle: 'Consent per purpose',
    purpose: 'Purpose',
    asked: 'Asked',
    given: 'Given',
    refused: 'Refused',
    withdrawn: 'Withdrawn',
    givenRate: 'Given / asked',
    erasuresTitle: 'Data erasures per day, by way of request',
    sourceMenu: 'Privacy menu',
    sourceDeleteUserData: 'Channel request (deleteUserData)',
    sourceFacebookCallback: 'Facebook callback',
    sourcePrivacyCenter: 'Privacy Center',
    sourceOther: 'Other ({source})',
    failed: 'Failed',
    latencyTitle: 'Turn latency per day (ms)',
    latencyNotRecorded: 'Turn latency was not recorded in this period.',
    latencyEstimated: 'Percentiles are estimated from a histogram with fixed buckets ({buckets} ms).',
    latencyAbove: 'over {value}',
    average: 'Average',
    perDayTable: 'Numbers per day',
    nothing: 'Nothing was counted in this period.',
    others: 'Others ({count})',
    total: 'Total',
    none: '(none)',
    unavailable: 'The counters cannot be read right now. Please try again in a moment.',
    loginTitle: 'Sign in to the assistant insights',
    loginIntro: 'Enter the metrics token to see the insights.',
    tokenLabel: 'Metrics token',
    loginButton: 'Show insights',
    loginFailed: 'That token is not correct.',
    loginThrottled: 'Too many wrong tokens. Please wait a minute and try again.',
    logout: 'Sign out',
  },
  es: {
    title: 'Estadísticas del asistente',
    period: 'Del {from} al {to} (UTC), {days} días',
    anonymity:
      'Son recuentos anónimos por día. No contienen identificadores de usuario, nombres ni texto de mensajes, y se conservan cuando las personas eliminan sus datos.',
    totalsTitle: 'Totales',
    totalClicks: 'Pulsaciones de botones',
    totalFeatureUses: 'Usos de funciones',
    totalConsentsGiven: 'Consentimientos dados',
    totalErasures: 'Eliminaciones de datos',
    totalFailedErasures: 'Eliminaciones fallidas',
    totalTurns: 'Turnos',
    clicksTitle: 'Pulsaciones por botón y día',
    featuresTitle: 'Uso de funciones por día',
    feature: 'Función',
    uses: 'Usos',
    completed: 'Completadas',
    abandoned: 'Abandonadas',
    consentTitle: 'Consentimiento por finalidad',
    purpose: 'Finalidad',
    asked: 'Pedidos',
    given: 'Dados',
    refused: 'Rechazados',
    withdrawn: 'Retirados',
    givenRate: 'Dados / pedidos',
    erasuresTitle: 'Eliminaciones de datos por día, según la vía',
    sourceMenu: 'Menú de privacidad',
    sourceDeleteUserData: 'Solicitud del canal (deleteUserData)',
    sourceFacebookCallback: 'Aviso de Facebook',
    sourcePrivacyCenter: 'Centro de privacidad',
    sourceOther: 'Otra ({source})',
    failed: 'Fallidas',
    latencyTitle: 'Latencia de los turnos por día (ms)',
    latencyNotRecorded: 'No se registró la latencia de los turnos en este periodo.',
    latencyEstimated: 'Los percentiles se estiman con un histograma de intervalos fijos ({buckets} ms).',
    latencyAbove: 'más de {value}',
    average: 'Media',
    perDayTable: 'Cifras por día',
    nothing: 'No se contó nada en este periodo.',
    others: 'Otros ({count})',
    total: 'Total',
    none: '(ninguno)',
    unavailable: 'Ahora mismo no se pueden leer los contadores. Inténtalo de nuevo en un momento.',
    loginTitle: 'Acceso a las estadísticas del asistente',
    loginIntro: 'Introduce el token de métricas para ver las estadísticas.',
    tokenLabel: 'Token de métricas',
    loginButton: 'Ver estadísticas',
    loginFailed: 'El token no es correcto.',
    loginThrottled: 'Demasiados tokens incorrectos. Espera un minuto y vuelve a intentarlo.',
    logout: 'Cerrar sesión',
  },
  sv: {
    title: 'Insikter om assistenten',
    period: '{from} till {to} (UTC), {days} dagar',
    anonymity:
      'Det här är anonyma antal per dag. De innehåller inga användar-id:n, namn eller meddelandetext, och de finns kvar när personer raderar sina uppgifter.',
    totalsTitle: 'Totalt',
    totalClicks: 'Knapptryck',
    totalFeatureUses: 'Användning av funktioner',
    totalConsentsGiven: 'Givna samtycken',
    totalErasures: 'Raderingar av uppgifter',
    totalFailedErasures: 'Misslyckade raderingar',
    totalTurns: 'Turer',
    clicksTitle: 'Tryck per knapp och dag',
    featuresTitle: 'Användning av funktioner per dag',
    feature: 'Funktion',
    uses: 'Användningar',
    completed: 'Slutförda',
    abandoned: 'Avbrutna',
    consentTitle: 'Samtycke per ändamål',
    purpose: 'Ändamål',
    asked: 'Tillfrågade',
    given: 'Givna',
    refused: 'Nekade',
    withdrawn: 'Återkallade',
    givenRate: 'Givna / tillfrågade',
    erasuresTitle: 'Raderingar av uppgifter per dag, efter väg',
    sourceMenu: 'Integritetsmenyn',
    sourceDeleteUserData: 'Begäran från kanalen (deleteUserData)',
    sourceFacebookCallback: 'Anrop från Facebook',
    sourcePrivacyCenter: 'Integritetscentret',
    sourceOther: 'Annan ({source})',
    failed: 'Misslyckade',
    latencyTitle: 'Svarstid per tur och dag (ms)',
    latencyNotRecorded: 'Svarstiden registrerades inte under perioden.',
    latencyEstimated: 'Percentilerna uppskattas med ett histogram med fasta intervall ({buckets} ms).',
    latencyAbove: 'över {value}',
    average: 'Medel',
    perDayTable: 'Siffror per dag',
    nothing: 'Inget räknades under perioden.',
    others: 'Övriga ({count})',
    total: 'Totalt',
    none: '(ingen)',
    unavailable: 'Räknarna kan inte läsas just nu. Försök igen om en stund.',
    loginTitle: 'Logga in till insikterna om assistenten',
    loginIntro: 'Ange mätvärdestoken för att se insikterna.',
    tokenLabel: 'Mätvärdestoken',
    loginButton: 'Visa insikter',
    loginFailed: 'Token är inte korrekt.',
    loginThrottled: 'För många felaktiga tokens. Vänta en minut och försök igen.',
    logout: 'Logga ut',
  },
});

/** True for a language the insights report is written in. */
export function isInsightsLanguage(language: unknown): language is InsightsLanguage {
  return language === 'en' || language === 'es' || language === 'sv';
}
