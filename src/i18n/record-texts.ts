import type { RecordTexts } from '../core/record-of-processing';

/**
 * Texts of the record of processing activities (GDPR Art. 30) that `npm run privacy -- record` writes, in
 * English, Spanish and Swedish. Read by the brand's privacy officer and a supervisory authority, not by
 * the people who chat: their own key group, like the insights texts.
 */

/** Languages of the record. */
export type RecordLanguage = 'en' | 'es' | 'sv';

const EN: RecordTexts = {
  title: 'Record of processing activities: {brand}',
  generated: 'Produced on {date} from the bot’s data inventory and purposes (GDPR Art. 30).',
  intro:
    'What the chat bot processes, why, on which legal basis, for how long, who receives it, and the measures that protect it.',
  controllerTitle: 'Controller',
  controller: 'Name',
  contact: 'Contact',
  policy: 'Privacy policy',
  notDeclared: 'not declared',
  activitiesTitle: 'Processing activities',
  data: 'Data',
  purpose: 'Purpose',
  legalBasis: 'Legal basis',
  retention: 'Retention',
  recipients: 'Recipients',
  optional: 'Optional',
  yes: 'yes',
  no: 'no',
  consentGate: 'Asked for before it is collected (policy version {version})',
  sensitive: 'Sensitive data: extra care',
  purposesTitle: 'Purposes that need consent',
  categories: 'Categories of data',
  subjectsTitle: 'Categories of people',
  defaultSubjects: 'People who write to the bot (customers and prospective customers)',
  recipientsTitle: 'Recipients',
  noRecipients: 'Nobody besides the controller',
  transfersTitle: 'Transfers to third countries',
  safeguardsTitle: 'Technical and organisational measures',
  measure: 'Measure',
  implementedIn: 'Implemented in',
  legalBases: {
    consent: 'Consent (Art. 6(1)(a))',
    contract: 'Contract (Art. 6(1)(b))',
    legal_obligation: 'Legal obligation (Art. 6(1)(c))',
    vital_interests: 'Vital interests (Art. 6(1)(d))',
    public_task: 'Public task (Art. 6(1)(e))',
    legitimate_interests: 'Legitimate interests (Art. 6(1)(f))',
  },
  retentionDays: '{days} days',
  retentionUntilWithdrawn: 'until consent is withdrawn',
  retentionNotStored: 'not stored: used once',
  safeguards: {
    pseudonymisation:
      'Pseudonymisation: people are named in storage, receipts and logs only by a keyed digest (HMAC-SHA256), never by their channel id',
    encryption:
      'Encryption at rest of kept sensitive values (AES-256-GCM envelope encryption, rotating keys)',
    redaction:
      'Redaction of tax ids, card numbers and IBANs from every message before any log, transcript or metric sees it',
    erasure:
      'Erasure of everything held for a person on request (menu, Bot Framework deleteUserData, Facebook callback, Privacy Center), verified by a re-check',
    consent: 'Consent per purpose and policy version, with receipts (Kantara / ISO 27560) and withdrawal',
    export: 'Access and portability: the person’s data as a JSON file (My data, Privacy Center)',
    audit:
      'A tamper-evident audit trail (HMAC chain) of every erasure, export and consent, kept apart from the people it names',
    retention: 'Retention limits enforced by expiry and trimming (chat history, kept values, audit entries)',
  },
};

const ES: RecordTexts = {
  title: 'Registro de actividades de tratamiento: {brand}',
  generated: 'Generado el {date} a partir del inventario de datos y las finalidades del bot (art. 30 RGPD).',
  intro:
    'Qué trata el bot de chat, para qué, con qué base jurídica, durante cuánto tiempo, quién lo recibe y qué medidas lo protegen.',
  controllerTitle: 'Responsable del tratamiento',
  controller: 'Nombre',
  contact: 'Contacto',
  policy: 'Política de privacidad',
  notDeclared: 'no declarado',
  activitiesTitle: 'Actividades de tratamiento',
  data: 'Datos',
  purpose: 'Finalidad',
  legalBasis: 'Base jurídica',
  retention: 'Plazo de conservación',
  recipients: 'Destinatarios',
  optional: 'Opcional',
  yes: 'sí',
  no: 'no',
  consentGate: 'Se pide antes de recogerlo (versión de la política {version})',
  sensitive: 'Datos sensibles: cuidado adicional',
  purposesTitle: 'Finalidades que requieren consentimiento',
  categories: 'Categorías de datos',
  subjectsTitle: 'Categorías de interesados',
  defaultSubjects: 'Personas que escriben al bot (clientes y posibles clientes)',
  recipientsTitle: 'Destinatarios',
  noRecipients: 'Nadie aparte del responsable',
  transfersTitle: 'Transferencias a terceros países',
  safeguardsTitle: 'Medidas técnicas y organizativas',
  measure: 'Medida',
  implementedIn: 'Implementada en',
  legalBases: {
    consent: 'Consentimiento (art. 6.1.a)',
    contract: 'Contrato (art. 6.1.b)',
    legal_obligation: 'Obligación legal (art. 6.1.c)',
    vital_interests: 'Intereses vitales (art. 6.1.d)',
    public_task: 'Misión de interés público (art. 6.1.e)',
    legitimate_interests: 'Interés legítimo (art. 6.1.f)',
  },
  retentionDays: '{days} días',
  retentionUntilWithdrawn: 'hasta que se retire el consentimiento',
  retentionNotStored: 'no se guarda: se usa una vez',
  safeguards: {
    pseudonymisation:
      'Seudonimización: en el almacenamiento, los recibos y los registros las personas solo aparecen con un resumen con clave (HMAC-SHA256), nunca con su id del canal',
    encryption:
      'Cifrado en reposo de los valores sensibles que se guardan (cifrado de sobre AES-256-GCM, claves rotables)',
    redaction:
      'Ocultación de NIF, números de tarjeta e IBAN en cada mensaje antes de que lo vea cualquier registro, transcripción o métrica',
    erasure:
      'Supresión de todo lo que se guarda de una persona a petición (menú, deleteUserData de Bot Framework, callback de Facebook, Centro de privacidad), verificada con una comprobación posterior',
    consent:
      'Consentimiento por finalidad y versión de la política, con recibos (Kantara / ISO 27560) y retirada',
    export:
      'Acceso y portabilidad: los datos de la persona en un archivo JSON (Mis datos, Centro de privacidad)',
    audit:
      'Un registro de auditoría a prueba de manipulaciones (cadena HMAC) de cada supresión, exportación y consentimiento, separado de las personas que nombra',
    retention:
      'Plazos de conservación aplicados por caducidad y recorte (historial del chat, valores guardados, entradas de auditoría)',
  },
};

const SV: RecordTexts = {
  title: 'Register över behandlingar: {brand}',
  generated: 'Skapat {date} utifrån botens datainventering och ändamål (art. 30 GDPR).',
  intro:
    'Vad chattboten behandlar, varför, med vilken rättslig grund, hur länge, vem som tar emot det och vilka åtgärder som skyddar det.',
  controllerTitle: 'Personuppgiftsansvarig',
  controller: 'Namn',
  contact: 'Kontakt',
  policy: 'Integritetspolicy',
  notDeclared: 'inte angivet',
  activitiesTitle: 'Behandlingar',
  data: 'Uppgifter',
  purpose: 'Ändamål',
  legalBasis: 'Rättslig grund',
  retention: 'Lagringstid',
  recipients: 'Mottagare',
  optional: 'Frivilligt',
  yes: 'ja',
  no: 'nej',
  consentGate: 'Efterfrågas innan det samlas in (policyversion {version})',
  sensitive: 'Känsliga uppgifter: extra försiktighet',
  purposesTitle: 'Ändamål som kräver samtycke',
  categories: 'Kategorier av uppgifter',
  subjectsTitle: 'Kategorier av registrerade',
  defaultSubjects: 'Personer som skriver till boten (kunder och möjliga kunder)',
  recipientsTitle: 'Mottagare',
  noRecipients: 'Ingen utöver den personuppgiftsansvarige',
  transfersTitle: 'Överföringar till tredjeland',
  safeguardsTitle: 'Tekniska och organisatoriska åtgärder',
  measure: 'Åtgärd',
  implementedIn: 'Genomförd i',
  legalBases: {
    consent: 'Samtycke (art. 6.1 a)',
    contract: 'Avtal (art. 6.1 b)',
    legal_obligation: 'Rättslig förpliktelse (art. 6.1 c)',
    vital_interests: 'Grundläggande intressen (art. 6.1 d)',
    public_task: 'Uppgift av allmänt intresse (art. 6.1 e)',
    legitimate_interests: 'Berättigat intresse (art. 6.1 f)',
  },
  retentionDays: '{days} dagar',
  retentionUntilWithdrawn: 'tills samtycket återkallas',
  retentionNotStored: 'sparas inte: används en gång',
  safeguards: {
    pseudonymisation:
      'Pseudonymisering: i lagring, kvitton och loggar nämns personer bara med en nyckelad hash (HMAC-SHA256), aldrig med sitt kanal-id',
    encryption: 'Kryptering av sparade känsliga värden (AES-256-GCM-kuvertkryptering, utbytbara nycklar)',
    redaction:
      'Maskering av person- och organisationsnummer, kortnummer och IBAN i varje meddelande innan någon logg, transkription eller mätning ser det',
    erasure:
      'Radering av allt som sparats om en person på begäran (menyn, Bot Frameworks deleteUserData, Facebooks callback, Integritetscentret), kontrollerad efteråt',
    consent: 'Samtycke per ändamål och policyversion, med kvitton (Kantara / ISO 27560) och återkallelse',
    export:
      'Tillgång och dataportabilitet: personens uppgifter som en JSON-fil (Mina uppgifter, Integritetscentret)',
    audit:
      'En manipuleringssäker granskningslogg (HMAC-kedja) över varje radering, export och samtycke, skild från personerna den nämner',
    retention:
      'Lagringstider som upprätthålls genom utgång och rensning (chatthistorik, sparade värden, granskningsposter)',
  },
};

/** The record's texts by language. */
export const RECORD_TEXTS: Readonly<Record<RecordLanguage, RecordTexts>> = Object.freeze({
  en: EN,
  es: ES,
  sv: SV,
});

/** True for a language the record is written in. */
export function isRecordLanguage(language: unknown): language is RecordLanguage {
  return language === 'en' || language === 'es' || language === 'sv';
}
