import type { PrivacyRequestState } from '../core/requests/privacy-request';

/**
 * Texts of the operator's privacy-requests page (`/privacy/requests` in a browser), in English, Spanish
 * and Swedish. Read by the brand's staff, not by the people who chat: their own key group, like the
 * insights texts. Placeholders in braces are filled by the page.
 */
export interface OperatorRequestsTexts {
  title: string;
  /** What the page shows, and that it names people only by digests. */
  intro: string;
  loginTitle: string;
  loginIntro: string;
  tokenLabel: string;
  loginButton: string;
  loginFailed: string;
  loginThrottled: string;
  logout: string;
  empty: string;
  id: string;
  kind: string;
  state: string;
  received: string;
  due: string;
  progress: string;
  overdue: string;
  kinds: Record<'export' | 'erase', string>;
  states: Record<PrivacyRequestState, string>;
  detailTitle: string;
  backToList: string;
  verification: string;
  verifications: Record<'none' | 'in_chat', string>;
  requested: string;
  subjects: string;
  note: string;
  completed: string;
  extensions: string;
  refusalReason: string;
  failureReason: string;
  confirmationExpires: string;
  itemsRemoved: string;
  verified: string;
  notLinked: string;
  yes: string;
  no: string;
  result: string;
  /** {date}: when the file expires. */
  download: string;
  resultDownloaded: string;
  resultGone: string;
  resultPending: string;
  auditTitle: string;
  auditOk: string;
  auditBroken: string;
  auditUnavailable: string;
  notFound: string;
  unavailable: string;
}

/** Languages the page is written in. */
export type OperatorRequestsLanguage = 'en' | 'es' | 'sv';

/** The built-in page texts by language. */
export const OPERATOR_REQUESTS_TEXTS: Readonly<Record<OperatorRequestsLanguage, OperatorRequestsTexts>> =
  Object.freeze({
    en: {
      title: 'Privacy requests',
      intro:
        'Requests filed by operators to export or erase people’s data. People are named only by pseudonymous digests.',
      loginTitle: 'Sign in to privacy requests',
      loginIntro: 'Enter the operator token (PRIVACY_OPERATOR_TOKEN).',
      tokenLabel: 'Operator token',
      loginButton: 'Show requests',
      loginFailed: 'That token is not correct.',
      loginThrottled: 'Too many wrong tokens. Wait a minute and try again.',
      logout: 'Sign out',
      empty: 'No requests yet.',
      id: 'Request',
      kind: 'Kind',
      state: 'State',
      received: 'Received',
      due: 'Due',
      progress: 'Done',
      overdue: 'Overdue',
      kinds: { export: 'Export', erase: 'Erasure' },
      states: {
        received: 'Received',
        awaiting_confirmation: 'Awaiting confirmation',
        in_progress: 'In progress',
        completed: 'Completed',
        failed: 'Failed',
        refused: 'Refused',
      },
      detailTitle: 'Request {id}',
      backToList: 'All requests',
      verification: 'Identity check',
      verifications: { none: 'By the operator', in_chat: 'Confirmed in the chat' },
      requested: 'People named',
      subjects: 'Subjects (digests)',
      note: 'Note',
      completed: 'Finished',
      extensions: 'Due date extended',
      refusalReason: 'Reason for refusal',
      failureReason: 'Reason for failure',
      confirmationExpires: 'Confirmation expires',
      itemsRemoved: 'Items removed',
      verified: 'Verified erased',
      notLinked: 'App-scoped ids not linked to a conversation',
      yes: 'Yes',
      no: 'No',
      result: 'Result',
      download: 'Download the result (once; until {date})',
      resultDownloaded: 'The result was downloaded and is no longer kept.',
      resultGone: 'The result is no longer available.',
      resultPending: 'The result is ready when the request is finished.',
      auditTitle: 'Audit log',
      auditOk: 'The audit log verifies: no entry was removed, reordered or altered.',
      auditBroken: 'The audit log does not verify: {detail}',
      auditUnavailable: 'The audit log could not be checked now.',
      notFound: 'No request has this id.',
      unavailable: 'Requests cannot be read now. Try again later.',
    },
    es: {
      title: 'Solicitudes de privacidad',
      intro:
        'Solicitudes registradas por operadores para exportar o borrar datos de personas. Las personas solo aparecen como resúmenes seudónimos.',
      loginTitle: 'Acceso a las solicitudes de privacidad',
      loginIntro: 'Introduce el token de operador (PRIVACY_OPERATOR_TOKEN).',
      tokenLabel: 'Token de operador',
      loginButton: 'Ver solicitudes',
      loginFailed: 'El token no es correcto.',
      loginThrottled: 'Demasiados tokens incorrectos. Espera un minuto y vuelve a intentarlo.',
      logout: 'Cerrar sesión',
      empty: 'Todavía no hay solicitudes.',
      id: 'Solicitud',
      kind: 'Tipo',
      state: 'Estado',
      received: 'Recibida',
      due: 'Vence',
      progress: 'Hechas',
      overdue: 'Vencida',
      kinds: { export: 'Exportación', erase: 'Borrado' },
      states: {
        received: 'Recibida',
        awaiting_confirmation: 'Esperando confirmación',
        in_progress: 'En curso',
        completed: 'Completada',
        failed: 'Fallida',
        refused: 'Rechazada',
      },
      detailTitle: 'Solicitud {id}',
      backToList: 'Todas las solicitudes',
      verification: 'Verificación de identidad',
      verifications: { none: 'Por el operador', in_chat: 'Confirmada en el chat' },
      requested: 'Personas indicadas',
      subjects: 'Sujetos (resúmenes)',
      note: 'Nota',
      completed: 'Terminada',
      extensions: 'Plazo ampliado',
      refusalReason: 'Motivo del rechazo',
      failureReason: 'Motivo del fallo',
      confirmationExpires: 'La confirmación caduca',
      itemsRemoved: 'Elementos borrados',
      verified: 'Borrado verificado',
      notLinked: 'Ids de aplicación sin conversación vinculada',
      yes: 'Sí',
      no: 'No',
      result: 'Resultado',
      download: 'Descargar el resultado (una vez; hasta el {date})',
      resultDownloaded: 'El resultado se descargó y ya no se guarda.',
      resultGone: 'El resultado ya no está disponible.',
      resultPending: 'El resultado estará listo cuando termine la solicitud.',
      auditTitle: 'Registro de auditoría',
      auditOk: 'El registro de auditoría se verifica: ninguna entrada fue borrada, reordenada ni alterada.',
      auditBroken: 'El registro de auditoría no se verifica: {detail}',
      auditUnavailable: 'Ahora no se pudo comprobar el registro de auditoría.',
      notFound: 'Ninguna solicitud tiene este id.',
      unavailable: 'Ahora no se pueden leer las solicitudes. Inténtalo más tarde.',
    },
    sv: {
      title: 'Integritetsärenden',
      intro:
        'Ärenden som operatörer registrerat för att exportera eller radera personers data. Personer anges bara med pseudonyma sammandrag.',
      loginTitle: 'Logga in till integritetsärenden',
      loginIntro: 'Ange operatörstoken (PRIVACY_OPERATOR_TOKEN).',
      tokenLabel: 'Operatörstoken',
      loginButton: 'Visa ärenden',
      loginFailed: 'Token är inte korrekt.',
      loginThrottled: 'För många felaktiga tokens. Vänta en minut och försök igen.',
      logout: 'Logga ut',
      empty: 'Inga ärenden ännu.',
      id: 'Ärende',
      kind: 'Typ',
      state: 'Status',
      received: 'Mottaget',
      due: 'Förfaller',
      progress: 'Klara',
      overdue: 'Försenat',
      kinds: { export: 'Export', erase: 'Radering' },
      states: {
        received: 'Mottaget',
        awaiting_confirmation: 'Väntar på bekräftelse',
        in_progress: 'Pågår',
        completed: 'Klart',
        failed: 'Misslyckat',
        refused: 'Avslaget',
      },
      detailTitle: 'Ärende {id}',
      backToList: 'Alla ärenden',
      verification: 'Identitetskontroll',
      verifications: { none: 'Av operatören', in_chat: 'Bekräftad i chatten' },
      requested: 'Angivna personer',
      subjects: 'Personer (sammandrag)',
      note: 'Anteckning',
      completed: 'Avslutat',
      extensions: 'Förlängd tidsfrist',
      refusalReason: 'Skäl för avslag',
      failureReason: 'Orsak till fel',
      confirmationExpires: 'Bekräftelsen går ut',
      itemsRemoved: 'Borttagna poster',
      verified: 'Radering kontrollerad',
      notLinked: 'App-id utan kopplad konversation',
      yes: 'Ja',
      no: 'Nej',
      result: 'Resultat',
      download: 'Ladda ner resultatet (en gång; till {date})',
      resultDownloaded: 'Resultatet har laddats ner och sparas inte längre.',
      resultGone: 'Resultatet finns inte längre.',
      resultPending: 'Resultatet är klart när ärendet är avslutat.',
      auditTitle: 'Granskningslogg',
      auditOk: 'Granskningsloggen stämmer: ingen post har tagits bort, flyttats eller ändrats.',
      auditBroken: 'Granskningsloggen stämmer inte: {detail}',
      auditUnavailable: 'Granskningsloggen kunde inte kontrolleras nu.',
      notFound: 'Inget ärende har detta id.',
      unavailable: 'Ärendena kan inte läsas nu. Försök igen senare.',
    },
  });

/** True for a language the page is written in. */
export function isOperatorRequestsLanguage(language: unknown): language is OperatorRequestsLanguage {
  return language === 'en' || language === 'es' || language === 'sv';
}
