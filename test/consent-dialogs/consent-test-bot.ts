import {
  ActivityTypes,
  AutoSaveStateMiddleware,
  ConversationState,
  TestAdapter,
  TranscriptLoggerMiddleware,
  UserState,
  type Activity,
  type TurnContext,
} from 'botbuilder-core';
import { DialogSet, WaterfallDialog, type DialogState } from 'botbuilder-dialogs';
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { MetricsMiddleware } from '../../src/turn/metrics-middleware';
import type { ConsentFeatures } from '../../src/botbuilder';
import type { ConsentFeaturesOptions } from '../../src/turn/consent/consent-features-options';
import type { AcceptedTin, CardDetails } from '../../src/turn/consent/consent-results';
import { createPrivacy, type PrivacyWithConsents } from '../../src/botbuilder';
import type { PrivacyOptions } from '../../src/turn/privacy-options';
import type { Purpose } from '../../src/core/consent/purpose';
import type { MetricEvent } from '../../src/core/metrics/metric-event';
import { EnvelopeCipher } from '../../src/core/sensitive/envelope-cipher';
import type { ConsentStore } from '../../src/core/consent/consent-store';
import { RedisConsentStore } from '../../src/storage/redis-consent-store';
import type { RedisStorage } from '../../src/storage/redis-storage';
import { RedisSensitiveValueStore } from '../../src/storage/redis-sensitive-value-store';
import { RedisTranscriptStore } from '../../src/storage/redis-transcript-store';
import { INVENTORY } from '../botbuilder/privacy-test-bot';
import { testStorage } from '../support/redis';

/** Tax id for invoices: kept 30 days, encrypted. */
export const INVOICE: Purpose = {
  id: 'invoice_tax_id',
  dataCategories: ['user.government_id'],
  description: {
    en: 'Your tax id, to put it on your invoices.',
    es: 'Tu identificador fiscal, para ponerlo en tus facturas.',
    sv: 'Ditt skatteregistreringsnummer, för dina fakturor.',
  },
  legalBasis: 'consent',
  retention: { days: 30 },
  recipients: ['Holded (invoicing)'],
  policyVersion: '2024-05',
  policyUrl: 'https://example.com/privacy#invoices',
  sensitive: true,
};

/** Tax id for a quote: passed on, never kept. */
export const QUOTE: Purpose = {
  ...INVOICE,
  id: 'quote_tax_id',
  description: {
    en: 'Your tax id, to check the quote with the tax office.',
    es: 'Tu identificador fiscal, para comprobar el presupuesto con Hacienda.',
    sv: 'Ditt skatteregistreringsnummer, för att kontrollera offerten.',
  },
  retention: 'not_stored',
  recipients: [],
};

/** Card payment: brand and last four digits kept 90 days. */
export const CARD: Purpose = {
  id: 'card_payment',
  dataCategories: ['user.financial.credit_card'],
  description: {
    en: 'Your card, to charge the visit.',
    es: 'Tu tarjeta, para cobrar la visita.',
    sv: 'Ditt kort, för att ta betalt för besöket.',
  },
  legalBasis: 'contract',
  retention: { days: 90 },
  recipients: ['Stripe'],
  policyVersion: '2024-05',
  sensitive: true,
};

export const PAYMENT_PAGE = 'https://pay.example.com/checkout';

/** What the `file` command reads out, as a bot that echoes its back office would. */
export const FILED_TAX_ID = '536-90-4399';
export const FILED_CARD = '5555 5555 5555 4444';

export interface ConsentTestBot {
  adapter: TestAdapter;
  storage: RedisStorage;
  redis: Redis;
  prefix: string;
  user: { id: string; name: string };
  subject: { channelId: string; userId: string };
  consentStore: ConsentStore;
  sensitiveStore: RedisSensitiveValueStore;
  transcripts: RedisTranscriptStore;
  features: ConsentFeatures;
  /** Every metric event emitted (privacy layer and MetricsMiddleware). */
  events: MetricEvent[];
  tins: AcceptedTin[];
  cards: CardDetails[];
  /** What the bot's own logic saw as the text of each message. */
  seen: string[];
  close(): Promise<void>;
}

export interface ConsentTestBotOptions {
  channelId?: string;
  locale?: string;
  userId?: string;
  purposes?: Purpose[];
  storage?: { storage: RedisStorage; redis: Redis; prefix: string };
  /** Consent store to use instead of one on the bot's keyspace (e.g. on a dead Redis). */
  consentStore?: ConsentStore;
  cipher?: EnvelopeCipher;
  consent?: Partial<ConsentFeaturesOptions>;
  /** Extra options of createPrivacy (e.g. onError). */
  privacy?: Partial<PrivacyOptions>;
}

const sharedCipher = new EnvelopeCipher([{ kid: 'test', key: randomBytes(32) }]);

/**
 * A small bot using the consent features the way a developer would: `invoice`, `quote` and `pay` start
 * the tax id and payment dialogs from a waterfall that then reports the dialog's result (`result {...}`)
 * and carries on; `echo <text>` repeats what it got; `file` reads out a tax id and card number from
 * its back office; anything else gets `Hello!`. State, consent
 * receipts, sensitive values and the transcript all live in the real Redis under one prefix.
 */
export function createConsentTestBot(options: ConsentTestBotOptions = {}): ConsentTestBot {
  const { storage, redis, prefix } = options.storage ?? testStorage();
  const keyspace = storage.keyspace;
  const transcripts = new RedisTranscriptStore({ keyspace });
  const consentStore = options.consentStore ?? new RedisConsentStore({ keyspace });
  const sensitiveStore = new RedisSensitiveValueStore({ keyspace, cipher: options.cipher ?? sharedCipher });
  const userState = new UserState(storage);
  const conversationState = new ConversationState(storage);
  const events: MetricEvent[] = [];
  const recorder = { record: (event: MetricEvent) => void events.push(event) };
  const tins: AcceptedTin[] = [];
  const cards: CardDetails[] = [];
  const seen: string[] = [];

  let privacy: PrivacyWithConsents;
  let features: ConsentFeatures;
  try {
    privacy = createPrivacy({
      brand: { name: 'Home Services', policyUrl: 'https://example.com/privacy' },
      userState,
      conversationState,
      erasure: storage,
      dataSources: [storage, transcripts],
      inventory: INVENTORY,
      metrics: recorder,
      consents: {
        purposes: options.purposes ?? [INVOICE, QUOTE, CARD],
        consentStore,
        sensitiveStore,
        jurisdiction: 'ES',
        tinCountries: ['ES', 'SE', 'US'], // a bot for customers of the three countries
        tin: { purposeId: INVOICE.id, onTin: (_context, tin) => void tins.push(tin) },
        payment: {
          purposeId: CARD.id,
          link: () => PAYMENT_PAGE,
          inChatChannels: ['webchat'],
          onCard: (_context, card) => void cards.push(card),
        },
        ...options.consent,
      },
      // The automated-agent notice before a conversation's first reply has its own tests
      // (test/turn/disclosure.test.ts); these assert the consent dialogs' replies.
      disclosure: false,
      ...options.privacy,
    });
    features = privacy.consents;
  } catch (error) {
    if (!options.storage) void redis.quit();
    throw error;
  }

  const dialogState = conversationState.createProperty<DialogState>('DialogState');
  const run = new WaterfallDialog('run', [
    async (step) => {
      const { dialogId, purposeId } = step.options as { dialogId: string; purposeId?: string };
      return step.beginDialog(dialogId, purposeId ? { purposeId } : undefined);
    },
    async (step) => {
      await step.context.sendActivity(`result ${JSON.stringify(step.result)}`);
      return step.endDialog();
    },
  ]);
  const dialogs = new DialogSet(dialogState)
    .add(run)
    .add(features.gateDialog)
    .add(features.tinDialog)
    .add(features.paymentDialog);

  const logic = async (context: TurnContext) => {
    if (context.activity.type !== ActivityTypes.Message) return;
    const text = context.activity.text ?? '';
    seen.push(text);
    const dc = await dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status !== 'empty') return;
    const [command, argument] = text.split(' ');
    if (command === 'invoice') await dc.beginDialog('run', { dialogId: features.tinDialog.id });
    else if (command === 'quote')
      await dc.beginDialog('run', { dialogId: features.tinDialog.id, purposeId: QUOTE.id });
    else if (command === 'pay')
      await dc.beginDialog('run', { dialogId: features.paymentDialog.id, purposeId: argument });
    else if (command === 'gate')
      await dc.beginDialog('run', { dialogId: features.gateDialog.id, purposeId: argument });
    else if (command === 'echo') await context.sendActivity(`You said: ${text.slice(5)}`);
    else if (command === 'file') await context.sendActivity(`On file: ${FILED_TAX_ID} and ${FILED_CARD}.`);
    else await context.sendActivity('Hello!');
  };

  const user = { id: options.userId ?? `user-${randomBytes(4).toString('hex')}`, name: '' };
  const channelId = options.channelId ?? 'facebook';
  const adapter = new TestAdapter(logic, {
    channelId,
    locale: options.locale ?? 'en-US',
    from: user,
    conversation: { id: `conv-${user.id}`, isGroup: false, name: '', conversationType: 'personal' },
  } as Partial<Activity>);
  adapter.use(privacy.middleware);
  adapter.use(new MetricsMiddleware(recorder));
  adapter.use(new TranscriptLoggerMiddleware(transcripts));
  adapter.use(new AutoSaveStateMiddleware(userState, conversationState));
  return {
    adapter,
    storage,
    redis,
    prefix,
    user,
    subject: { channelId, userId: user.id },
    consentStore,
    sensitiveStore,
    transcripts,
    features,
    events,
    tins,
    cards,
    seen,
    close: async () => {
      await transcripts.flush();
      if (!options.storage) await redis.quit();
    },
  };
}

/** The `result {...}` line the test bot sends after a dialog, parsed. */
export function resultOf(activity: Partial<Activity>): Record<string, unknown> {
  const text = activity.text ?? '';
  if (!text.startsWith('result ')) throw new Error(`expected a result line, got: ${text}`);
  return JSON.parse(text.slice(7)) as Record<string, unknown>;
}

/** Events of one name, as `name:dimension`. */
export function eventsNamed(events: MetricEvent[], prefix: string): string[] {
  return events.filter((e) => e.name.startsWith(prefix)).map((e) => `${e.name}:${e.dimension ?? ''}`);
}
