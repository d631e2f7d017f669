import { randomBytes } from 'node:crypto';
import express, { type Express } from 'express';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConversationState,
  TranscriptLoggerMiddleware,
  UserState,
  type Storage,
  type TranscriptStore,
} from 'botbuilder';
import { DialogSet, type DialogState } from 'botbuilder-dialogs';
import {
  combineErasures,
  createConsentFeatures,
  createPrivacy,
  ENCRYPTION_KEYS_ENV,
  EnvelopeCipher,
  MemoryConsentStore,
  MemorySensitiveValueStore,
  RedisConsentStore,
  RedisSensitiveValueStore,
  type ConsentStore,
  type SensitiveValueStore,
  createRedisClient,
  FanOutMetricsRecorder,
  MeteredErasure,
  MetricsMiddleware,
  metricsRoute,
  PrometheusMetricSink,
  RedisMetricCounters,
  WebhookMetricSink,
  type MetricSink,
  type RedisClient,
  facebookDataDeletionRouter,
  healthRoute,
  jsonBody,
  jsonErrors,
  MemoryAppScopedIdLinks,
  MemoryDeletionStatusStore,
  MemoryPrivacyStorage,
  MemoryPrivacyTranscriptStore,
  MessengerUserProfileProvider,
  RedisAppScopedIdLinks,
  RedisDeletionStatusStore,
  RedisStorage,
  RedisTranscriptStore,
  securityHeaders,
  type AppScopedIdLinks,
  type DeletionStatusStore,
  type SubjectDataSource,
  type SubjectErasure,
} from '../../src';
import { HomeServicesBot } from './bot';
import { BOOK_DIALOG } from './main-dialog';
import { configFromEnv, type BotAppConfig } from './config';
import { INVENTORY } from './inventory';
import { PURPOSES } from './purposes';
import { fakeCustomerApi } from './customer-api';
import { invoiceDialog, lookUpInvoices, payDialog } from './sensitive-features';

export { configFromEnv, type BotAppConfig };

export interface BotApp {
  app: Express;
  /** Which store holds the bot's data. */
  storageKind: 'redis' | 'memory';
  /** Start-up remarks worth a log line (e.g. a temporary encryption key). */
  notes: string[];
  /** Finishes pending writes and closes Redis. */
  close(): Promise<void>;
}

/** Where the example keeps everything: Redis when REDIS_URL is set, else memory. */
interface Stores {
  kind: 'redis' | 'memory';
  state: Storage & SubjectDataSource;
  transcripts: TranscriptStore & SubjectDataSource & { flush(): Promise<void> };
  erasure: SubjectErasure;
  accountLinks: AppScopedIdLinks;
  deletionStatuses: DeletionStatusStore;
  consents: ConsentStore & SubjectDataSource;
  sensitive: SensitiveValueStore & SubjectDataSource;
  /** Anonymous metrics: counters in Redis (when configured), Prometheus, optional webhook. */
  metrics: FanOutMetricsRecorder;
  prometheus: PrometheusMetricSink;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * The key for stored sensitive values (brand and last four digits of cards): PRIVACY_ENCRYPTION_KEYS, or,
 * for a local try-out without it, a random key that lives as long as the process.
 */
function createCipher(notes: string[]): EnvelopeCipher {
  if (process.env[ENCRYPTION_KEYS_ENV]) return EnvelopeCipher.fromEnv();
  notes.push(
    `${ENCRYPTION_KEYS_ENV} is not set: using a temporary key; stored card summaries end with the process.`,
  );
  return new EnvelopeCipher([{ kid: 'temporary', key: randomBytes(32) }]);
}

function createMetrics(config: BotAppConfig, redis?: RedisClient) {
  const prometheus = new PrometheusMetricSink();
  const sinks: MetricSink[] = [prometheus];
  if (redis) sinks.push(new RedisMetricCounters({ redis, prefix: config.redisPrefix }));
  if (config.metricsWebhookUrl) sinks.push(new WebhookMetricSink({ url: config.metricsWebhookUrl }));
  // Only these labels (plus the privacy layer's own) are counted by name; anything else counts as `other`.
  const declared = { dimensions: [BOOK_DIALOG, 'invoice', 'pay', ...PURPOSES.map((p) => p.id)] };
  return { prometheus, metrics: new FanOutMetricsRecorder({ sinks, declared }) };
}

function createStores(config: BotAppConfig, notes: string[]): Stores {
  if (!config.redisUrl) {
    const state = new MemoryPrivacyStorage();
    const transcripts = new MemoryPrivacyTranscriptStore();
    const consents = new MemoryConsentStore();
    const sensitive = new MemorySensitiveValueStore({ cipher: createCipher(notes) });
    const { metrics, prometheus } = createMetrics(config);
    return {
      kind: 'memory',
      metrics,
      prometheus,
      state,
      transcripts,
      consents,
      sensitive,
      erasure: combineErasures([state, transcripts, consents, sensitive]),
      accountLinks: new MemoryAppScopedIdLinks(),
      deletionStatuses: new MemoryDeletionStatusStore(),
      ping: async () => true,
      close: async () => {
        await transcripts.flush();
        await metrics.close();
      },
    };
  }
  const redis = createRedisClient(config.redisUrl);
  redis.on('error', () => undefined); // each operation reports it as StorageUnavailableError
  const state = new RedisStorage({ redis, prefix: config.redisPrefix });
  const { keyspace } = state;
  const transcripts = new RedisTranscriptStore({ keyspace, retentionSeconds: 90 * 24 * 3600 });
  const consents = new RedisConsentStore({ keyspace });
  const sensitive = new RedisSensitiveValueStore({ keyspace, cipher: createCipher(notes) });
  const { metrics, prometheus } = createMetrics(config, redis);
  return {
    kind: 'redis',
    consents,
    sensitive,
    metrics,
    prometheus,
    state,
    transcripts,
    erasure: state, // one keyspace: erasing the subject's index removes state, history, consents, links
    accountLinks: new RedisAppScopedIdLinks({ keyspace }),
    deletionStatuses: new RedisDeletionStatusStore({ keyspace }),
    ping: async () => (await keyspace.bounded(redis.ping(), 'ping')) === 'PONG',
    close: async () => {
      await transcripts.flush();
      await metrics.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** Builds the example bot's express app: POST /api/messages through CloudAdapter, plus privacy routes. */
export function createBotApp(config: BotAppConfig = configFromEnv()): BotApp {
  const notes: string[] = [];
  const stores = createStores(config, notes);
  const userState = new UserState(stores.state);
  const conversationState = new ConversationState(stores.state);
  const dialogs = new DialogSet(conversationState.createProperty<DialogState>('DialogState'));

  const privacy = createPrivacy({
    brand: { name: 'Home Services', policyUrl: config.policyUrl },
    userState,
    conversationState,
    erasure: stores.erasure,
    dataSources: [stores.state, stores.transcripts, stores.consents, stores.sensitive],
    inventory: INVENTORY,
    resumeDialogs: dialogs,
    metrics: stores.metrics,
    nameCapture: {
      profileProvider: config.pageAccessToken
        ? new MessengerUserProfileProvider({
            pageAccessToken: config.pageAccessToken,
            graphBaseUrl: config.graphBaseUrl,
          })
        : undefined,
    },
  });
  const consent = createConsentFeatures({
    privacy,
    purposes: PURPOSES,
    consentStore: stores.consents,
    sensitiveStore: stores.sensitive,
    jurisdiction: 'EU',
    tin: { purposeId: 'invoice', onTin: lookUpInvoices(fakeCustomerApi) },
    payment: {
      purposeId: 'payment',
      link: () => config.paymentPageUrl,
      inChatChannels: config.inChatPaymentChannels,
      onCard: async () => {
        // A real bot hands the card to its payment provider here; the example only accepts it.
      },
    },
  });
  const bot = new HomeServicesBot(dialogs, privacy, {
    invoice: invoiceDialog(consent),
    payment: payDialog(consent),
    others: [consent.tinDialog, consent.paymentDialog],
  });

  const adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: config.microsoftAppId,
      MicrosoftAppPassword: config.microsoftAppPassword,
      MicrosoftAppTenantId: config.microsoftAppTenantId,
      MicrosoftAppType: config.microsoftAppType,
    }),
  );
  // Counts every turn, privacy turns included; it records only safe payload tokens, never text or ids.
  adapter.use(new MetricsMiddleware(stores.metrics));
  adapter.use(privacy.middleware); // binds the turn to its user, redacts, routes privacy requests
  adapter.use(new TranscriptLoggerMiddleware(stores.transcripts));
  adapter.onTurnError = async (context, error) => {
    // Never echo the error: it could carry internal details. Log only its kind.
    console.error(`Turn failed: ${error instanceof Error ? error.name : 'error'}`);
    await context.sendActivity('Sorry, something went wrong on our side. Please try again in a moment.');
  };

  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders());
  app.post('/api/messages', jsonBody('256kb'), async (req, res) => {
    await adapter.process(req, res, async (context) => {
      await bot.run(context);
      await Promise.all([userState.saveChanges(context), conversationState.saveChanges(context)]);
    });
  });
  app.get(
    '/healthz',
    healthRoute({
      redis: async () =>
        stores.kind === 'memory' ? 'not_configured' : (await stores.ping()) ? 'up' : 'down',
    }),
  );
  app.get('/metrics', metricsRoute(stores.prometheus.registry, { bearerToken: config.metricsToken }));
  if (config.facebookAppSecret) {
    app.use(
      facebookDataDeletionRouter({
        appSecret: config.facebookAppSecret,
        eraser: new MeteredErasure(stores.erasure, stores.metrics, 'facebook_callback'),
        accountLinks: stores.accountLinks,
        statuses: stores.deletionStatuses,
        statusBaseUrl: config.publicUrl,
      }),
    );
  }
  app.use(jsonErrors((line) => console.error(line)));

  return { app, storageKind: stores.kind, notes, close: () => stores.close() };
}
