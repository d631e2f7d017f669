import type { DataInventoryItem } from '../../src';
import { chatHistoryRetention, DEFAULT_CHAT_HISTORY, type ChatHistoryCap } from './chat-history';

/** What the Home Services bot collects, for its terms of use. */
export const INVENTORY: DataInventoryItem[] = [
  {
    id: 'name',
    what: {
      en: 'Your first name (Messenger only)',
      es: 'Tu nombre (solo en Messenger)',
      sv: 'Ditt förnamn (bara Messenger)',
    },
    why: { en: 'to greet you', es: 'para saludarte', sv: 'för att hälsa på dig' },
    legalBasis: 'legitimate_interests',
    retention: { en: 'until you delete it', es: 'hasta que lo borres', sv: 'tills du raderar det' },
    recipients: { en: 'nobody', es: 'nadie', sv: 'ingen' },
    optional: true,
  },
  {
    id: 'chat_history',
    what: { en: 'The chat history', es: 'El historial del chat', sv: 'Chatthistoriken' },
    why: {
      en: 'to answer you and book your visits',
      es: 'para responderte y reservar tus visitas',
      sv: 'för att svara dig och boka dina besök',
    },
    legalBasis: 'contract',
    retention: chatHistoryRetention(DEFAULT_CHAT_HISTORY),
    recipients: { en: 'nobody', es: 'nadie', sv: 'ingen' },
    optional: false,
  },
  {
    id: 'tax_id',
    what: {
      en: 'Your tax id (only if you agree)',
      es: 'Tu NIF (solo si aceptas)',
      sv: 'Ditt person- eller organisationsnummer (bara om du samtycker)',
    },
    why: {
      en: 'to find your invoices in our customer system',
      es: 'para buscar tus facturas en nuestro sistema de clientes',
      sv: 'för att hitta dina fakturor i vårt kundsystem',
    },
    legalBasis: 'consent',
    retention: {
      en: 'not stored: used once for the lookup',
      es: 'no se guarda: se usa una vez para la búsqueda',
      sv: 'sparas inte: används en gång för sökningen',
    },
    recipients: { en: 'our customer system', es: 'nuestro sistema de clientes', sv: 'vårt kundsystem' },
    optional: true,
  },
  {
    id: 'payment',
    what: {
      en: 'Payment card (only if you agree)',
      es: 'Tarjeta de pago (solo si aceptas)',
      sv: 'Betalkort (bara om du samtycker)',
    },
    why: {
      en: 'to charge the service you asked for',
      es: 'para cobrar el servicio que pediste',
      sv: 'för att ta betalt för tjänsten du beställt',
    },
    legalBasis: 'consent',
    retention: {
      en: 'only brand and last four digits, until you delete them',
      es: 'solo la marca y los cuatro últimos dígitos, hasta que los borres',
      sv: 'bara kortmärke och de fyra sista siffrorna, tills du raderar dem',
    },
    recipients: { en: 'our payment provider', es: 'nuestro proveedor de pagos', sv: 'vår betalleverantör' },
    optional: true,
  },
];

/** The inventory as the bot runs it: the chat history's retention is the history cap it was started with. */
export function inventoryFor(history: ChatHistoryCap): DataInventoryItem[] {
  return INVENTORY.map((item) =>
    item.id === 'chat_history' ? { ...item, retention: chatHistoryRetention(history) } : item,
  );
}
