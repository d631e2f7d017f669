import { randomBytes } from 'node:crypto';
import express, { type Express } from 'express';
import {
  ConversationState,
  TranscriptLoggerMiddleware,
  UserState,
  type Storage,
  type TranscriptStore,
} from 'botbuilder';
import { DialogSet, type DialogState } from 'botbuilder-dialogs';
import {
  combineErasures,
  createPrivacy,
  ENCRYPTION_KEYS_ENV,
  EnvelopeCipher,
  MemoryConsentStore,
  MemorySensitiveValueStore,
  type ConsentStore,
  type SensitiveValueStore,
  FanOutMetricsRecorder,
  MetricsMiddleware,
  type MetricSink,
  MemoryPrivacyStorage,
  MemoryPrivacyTranscriptStore,
  type SubjectDataSource,
  type SubjectErasure,
  MemoryPrivacyCenterGrants,
  PrivacyCenterLinks,
  privacyCenterBackend,
  type PrivacyCenterGrants,
} from '../../src';
import {
  RedisConsentStore,
  RedisSensitiveValueStore,
  createRedisClient,
  RedisMetricCounters,
  type RedisClient,
  readMetricCounterDays,
  type MetricCounterDay,
  RedisAppScopedIdLinks,
  RedisDeletionStatusStore,
  RedisStorage,
  RedisTranscriptStore,
  RedisPrivacyCenterGrants,
} from '../../src/redis';
import { metricsRoute, PrometheusMetricSink, WebhookMetricSink } from '../../src/metrics';
import {
  facebookDataDeletionRouter,
  healthRoute,
  insightsRouter,
  jsonBody,
  jsonErrors,
  securityHeaders,
  activityValidation,
  botAuthentication,
  serviceUrlGuard,
  privacyCenterRouter,
} from '../../src/express';
import {
  MemoryAppScopedIdLinks,
  MemoryDeletionStatusStore,
  MessengerUserProfileProvider,
  type AppScopedIdLinks,
  type DeletionStatusStore,
  AppScopedIdLinkRecorder,
  combinePageScopedIdResolvers,
  GraphPageScopedIdResolver,
  LinkedPageScopedIdResolver,
  type PageScopedIdResolver,
} from '../../src/messenger';
import { HomeServicesBot } from './bot';
import { ReusingBotFrameworkAuthentication, RouteCloudAdapter } from './cloud-adapter';
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
  /** Which Privacy Center links are live (erased with their person). */
  centerGrants: PrivacyCenterGrants;
  /** Anonymous metrics: counters in Redis (when configured), Prometheus, optional webhook. */
  metrics: FanOutMetricsRecorder;
  prometheus: PrometheusMetricSink;
  /** Reads the daily counters for the insights page (Redis only). */
  readMetricDays?: (days: readonly string[]) => Promise<MetricCounterDay[]>;
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

/** For a local try-out without PRIVACY_CENTER_SECRET: Privacy Center links end with the process. */
function temporarySecret(notes: string[]): string {
  notes.push('PRIVACY_CENTER_SECRET is not set: Privacy Center links stop working when the process ends.');
  return randomBytes(32).toString('base64url');
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
    const state = new MemoryPrivacyStorage({ subjectSecret: config.subjectSecret });
    const { keyspace } = state;
    const transcripts = new MemoryPrivacyTranscriptStore({ keyspace, retentionSeconds: 90 * 24 * 3600 });
    const consents = new MemoryConsentStore({ keyspace });
    const sensitive = new MemorySensitiveValueStore({ keyspace, cipher: createCipher(notes) });
    const { metrics, prometheus } = createMetrics(config);
    return {
      kind: 'memory',
      metrics,
      prometheus,
      state,
      transcripts,
      consents,
      sensitive,
      centerGrants: new MemoryPrivacyCenterGrants({ keyspace }),
      erasure: state, // one keyspace: erasing the subject removes state, history, consents, links
      accountLinks: new MemoryAppScopedIdLinks({ keyspace }),
      deletionStatuses: new MemoryDeletionStatusStore({ keyspace }),
      ping: async () => true,
      close: async () => {
        await transcripts.flush();
        await metrics.close();
      },
    };
  }
  const redis = createRedisClient(config.redisUrl);
  redis.on('error', () => undefined); // each operation reports it as StorageUnavailableError
  const state = new RedisStorage({ redis, prefix: config.redisPrefix, subjectSecret: config.subjectSecret });
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
    readMetricDays: (days) => readMetricCounterDays(redis, keyspace.prefix, days),
    accountLinks: new RedisAppScopedIdLinks({ keyspace }),
    centerGrants: new RedisPrivacyCenterGrants({ keyspace }),
    deletionStatuses: new RedisDeletionStatusStore({ keyspace }),
    ping: async () => (await keyspace.bounded(redis.ping(), 'ping')) === 'PONG',
    close: async () => {
      await transcripts.flush();
      await metrics.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/**
 * Who an app-scoped id (from Meta's deletion callback) is to the bot: Graph's ID matching when the app id
 * and secret are set, plus the links recorded at first messages.
 */
function pageScopedIdResolver(config: BotAppConfig, links: AppScopedIdLinks): PageScopedIdResolver {
  const recorded = new LinkedPageScopedIdResolver(links);
  if (!config.facebookAppId || !config.facebookAppSecret) return recorded;
  return combinePageScopedIdResolvers([
    new GraphPageScopedIdResolver({
      appId: config.facebookAppId,
      appSecret: config.facebookAppSecret,
      graphBaseUrl: config.graphBaseUrl,
    }),
    recorded,
  ]);
}

/**
 * Where channel tokens are checked: Azure Bot Service by default, or the configured OpenID metadata and
 * issuer (private clouds, tests). Naming one endpoint makes botbuilder use only the ones given, so the
 * defaults are spelled out for the others.
 */
function channelTokenEndpoints(config: BotAppConfig): Record<string, string> {
  if (!config.botOpenIdMetadataUrl) return {};
  return {
    ToBotFromChannelOpenIdMetadataUrl: config.botOpenIdMetadataUrl,
    ToBotFromChannelTokenIssuer: config.botTokenIssuer ?? 'https://api.botframework.com',
    ToBotFromEmulatorOpenIdMetadataUrl:
      'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
    ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
    ToChannelFromBotOAuthScope: 'https://api.botframework.com',
    OAuthUrl: 'https://api.botframework.com',
  };
}

/** Builds the example bot's express app: POST /api/messages through CloudAdapter, plus privacy routes. */
export function createBotApp(config: BotAppConfig = configFromEnv()): BotApp {
  const notes: string[] = [];
  const stores = createStores(config, notes);
  // How the pages a person opens look (Privacy Center, Facebook deletion status).
  const pageBrand = {
    name: 'Home Services',
    logoUrl: config.brandLogoUrl,
    colors: { primary: config.brandColor ?? '#0b7a5c' },
  };
  const userState = new UserState(stores.state);
  const conversationState = new ConversationState(stores.state);
  const dialogs = new DialogSet(conversationState.createProperty<DialogState>('DialogState'));

  const centerLinks = new PrivacyCenterLinks({
    secret: config.privacyCenterSecret ?? temporarySecret(notes),
    grants: stores.centerGrants,
    baseUrl: config.publicUrl,
    ttlSeconds: config.privacyCenterLinkMinutes * 60,
  });
  const privacy = createPrivacy({
    brand: { name: 'Home Services', policyUrl: config.policyUrl },
    privacyCenter: centerLinks,
    userState,
    conversationState,
    erasure: stores.erasure,
    dataSources: [stores.state, stores.transcripts, stores.consents, stores.sensitive],
    inventory: INVENTORY,
    resumeDialogs: dialogs,
    metrics: stores.metrics,
    // Failures the person was told about (erasure, export, consent...); the error carries no personal data.
    onError: (error, { operation, source }) =>
      console.warn(`Privacy ${operation}${source ? ` (${source})` : ''} failed: ${error.message}`),
    nameCapture: {
      profileProvider: config.pageAccessToken
        ? new MessengerUserProfileProvider({
            pageAccessToken: config.pageAccessToken,
            graphBaseUrl: config.graphBaseUrl,
          })
        : undefined,
    },
    consents: {
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
    },
  });
  const consent = privacy.consents;
  const bot = new HomeServicesBot(dialogs, privacy, {
    invoice: invoiceDialog(consent),
    payment: payDialog(consent),
    others: [consent.tinDialog, consent.paymentDialog],
  });

  const authentication = new ReusingBotFrameworkAuthentication({
    MicrosoftAppId: config.microsoftAppId,
    MicrosoftAppPassword: config.microsoftAppPassword,
    MicrosoftAppTenantId: config.microsoftAppTenantId,
    MicrosoftAppType: config.microsoftAppType,
    ...channelTokenEndpoints(config),
  });
  const adapter = new RouteCloudAdapter(authentication);
  // Counts every turn, privacy turns included; it records only safe payload tokens, never text or ids.
  adapter.use(new MetricsMiddleware(stores.metrics));
  adapter.use(privacy.middleware); // binds the turn to its user, redacts, routes privacy requests
  if (config.pageAccessToken) {
    // Learns each Messenger user's app-scoped id at their first message, so the deletion callback finds them.
    adapter.use(
      new AppScopedIdLinkRecorder({
        links: stores.accountLinks,
        userState,
        pageAccessToken: config.pageAccessToken,
        appId: config.facebookAppId,
        appSecret: config.facebookAppSecret,
        graphBaseUrl: config.graphBaseUrl,
      }),
    );
  }
  adapter.use(new TranscriptLoggerMiddleware(stores.transcripts));
  adapter.onTurnError = async (context, error) => {
    // Never echo the error: it could carry internal details. Log only its kind.
    console.error(`Turn failed: ${error instanceof Error ? error.name : 'error'}`);
    await context.sendActivity('Sorry, something went wrong on our side. Please try again in a moment.');
  };

  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders());
  // Before any turn: a bad channel token gets a 401, a malformed activity a 400; without authentication,
  // replies go only to loopback or allow-listed service URLs (the caller chooses serviceUrl: request
  // forgery otherwise).
  const guards = [botAuthentication(authentication), activityValidation()];
  if (!config.microsoftAppId) guards.push(serviceUrlGuard({ allowedOrigins: config.allowedServiceUrls }));
  app.post('/api/messages', jsonBody('256kb'), ...guards, async (req, res) => {
    // The request is authenticated once (botAuthentication above); the adapter reuses that result.
    await adapter.processAuthenticated(req, res, async (context) => {
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
        eraser: stores.erasure,
        metrics: stores.metrics, // counted as erasure.* with dimension facebook_callback
        resolver: pageScopedIdResolver(config, stores.accountLinks),
        statuses: stores.deletionStatuses,
        statusBaseUrl: config.publicUrl,
        brand: pageBrand,
        // Errors of the library name no person: the kind and message are safe to log.
        onError: (error) =>
          console.error(
            `Data deletion callback: ${error instanceof Error ? `${error.name}: ${error.message}` : 'error'}`,
          ),
      }),
    );
  }
  if (config.metricsToken && stores.readMetricDays) {
    // The brand's insights page; without METRICS_TOKEN it is not mounted at all (404).
    app.use(
      insightsRouter({
        token: config.metricsToken,
        readDays: stores.readMetricDays,
        secureCookie: config.publicUrl.startsWith('https://') || undefined,
        log: (line) => console.error(line),
      }),
    );
  } else if (config.metricsToken) {
    notes.push(
      'METRICS_TOKEN is set, but /privacy/insights needs REDIS_URL: the daily counters live in Redis.',
    );
  }
  app.use(
    privacyCenterRouter({
      links: centerLinks,
      backend: privacyCenterBackend(privacy),
      localizer: privacy.localizer,
      brand: pageBrand,
      policyUrl: config.policyUrl,
      onError: (error) => console.error(`Privacy Center: ${error instanceof Error ? error.name : 'error'}`),
    }),
  );
  app.use(jsonErrors((line) => console.error(line)));

  return { app, storageKind: stores.kind, notes, close: () => stores.close() };
}
