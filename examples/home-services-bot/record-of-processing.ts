import type { RecordOfProcessingSource } from '../../src';
import { chatHistoryFromEnv } from './chat-history';
import { inventoryFor } from './inventory';
import { modelProviderOf } from './model-provider';
import { PURPOSES } from './purposes';

/**
 * What `npm run privacy -- record` builds the Home Services record of processing (GDPR Art. 30) from: the
 * same inventory and purposes the bot runs with, plus what only the brand can say (its contact, the
 * people it serves, transfers). A brand points the command at its own module with `--config`.
 */
export const recordSource: RecordOfProcessingSource = {
  brand: {
    name: 'Home Services',
    policyUrl: process.env.PRIVACY_POLICY_URL || 'https://example.com/home-services/privacy',
    contact: process.env.PRIVACY_CONTACT || 'privacy@home-services.example',
  },
  inventory: inventoryFor(chatHistoryFromEnv(process.env)), // as the bot runs with this environment
  purposes: PURPOSES,
  subjects: {
    en: 'Customers and prospective customers who write to the bot on Messenger or the web chat',
    es: 'Clientes y posibles clientes que escriben al bot en Messenger o en el chat web',
    sv: 'Kunder och möjliga kunder som skriver till boten på Messenger eller i webbchatten',
  },
  transfers: {
    en: 'None outside the EU/EEA (Redis and the bot run in the EU)',
    es: 'Ninguna fuera del EEE (Redis y el bot funcionan en la UE)',
    sv: 'Inga utanför EU/EES (Redis och boten körs i EU)',
  },
  // With MODEL_URL the bot sends free text (through the PII shield) to a language model service.
  ...(process.env.MODEL_URL ? { modelProvider: modelProviderOf(process.env.MODEL_URL) } : {}),
};
