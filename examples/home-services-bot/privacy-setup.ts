import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import {
  ENCRYPTION_KEYS_ENV,
  EnvelopeCipher,
  MemoryConsentStore,
  MemorySensitiveValueStore,
  type ConsentStore,
  type SensitiveValueStore,
  FanOutMetricsRecorder,
  type MetricSink,
  MemoryPrivacyStorage,
  MemoryPrivacyTranscriptStore,
  type SubjectDataSource,
  type SubjectErasure,
  MemoryPrivacyCenterGrants,
  PrivacyCenterLinks,
  privacyCenterBackend,
  type PrivacyCenterGrants,
  type ConsentFeaturesOptions,
  type PrivacyOptions,
  AuditKeyring,
  MemoryAuditLog,
  type AuditStore,
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
  RedisAuditLog,
} from '../../src/redis';
import { metricsRoute, PrometheusMetricSink, WebhookMetricSink } from '../../src/metrics';
import {
  facebookDataDeletionRouter,
  healthRoute,
  insightsRouter,
  privacyCenterRouter,
} from '../../src/express';
import {
  AppScopedIdLinkRecorder,
  type AppScopedIdLinkRecorderOptions,
  MemoryAppScopedIdLinks,
  MemoryDeletionStatusStore,
  MessengerUserProfileProvider,
  MessengerHandover,
  type AppScopedIdLinks,
  type DeletionStatusStore,
  combinePageScopedIdResolvers,
  GraphPageScopedIdResolver,
  LinkedPageScopedIdResolver,
  type PageScopedIdResolver,
} from '../../src/messenger';
import type { BotAppConfig } from './config';
import { BOOK_DIALOG } from './main-dialog';
import { featureKeywords } from './texts';
import { inventoryFor } from './inventory';
import { modelProviderOf } from './model-provider';
import { PURPOSES } from './purposes';

/*
 * What the Home Services example sets up the same way on both hosts (botbuilder: app.ts, the Microsoft 365
 * Agents SDK: ../agents-sdk-bot/app.ts): its stores, the privacy and consent options, and the HTTP routes
 * beside /api/messages.
 */

/** The privacy layer of either host (botbuilder's or the Agents SDK's `createPrivacy`). */
type HostPrivacy = Parameters<typeof privacyCenterBackend>[0];

/** Where the example keeps everything: Redis when REDIS_URL is set, else memory. */
export interface Stores {
  kind: 'redis' | 'memory';
  state: RedisStorage | MemoryPrivacyStorage;
  transcripts: RedisTranscriptStore | MemoryPrivacyTranscriptStore;
  erasure: SubjectErasure;
  accountLinks: AppScopedIdLinks;
  deletionStatuses: DeletionStatusStore;
  consents: ConsentStore & SubjectDataSource;
  sensitive: SensitiveValueStore & SubjectDataSource;
  /** The audit trail of privacy operations: a Redis stream with REDIS_URL, else memory. */
  audit: AuditStore;
  /** The keys the audit trail is sealed with (PRIVACY_AUDIT_SECRET(S)): what verifies it. */
  auditKeys: AuditKeyring;
  /** Which Privacy Center links are live (erased with their person). */
  centerGrants: PrivacyCenterGrants;
  /** Seals sensitive values at rest (the sensitive value store, the PII shield) and, while a privacy request
   * runs, its raw ids and its result. */
  cipher: EnvelopeCipher;
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

export function createStores(config: BotAppConfig, notes: string[]): Stores {
  // Its own secret (PRIVACY_AUDIT_SECRET), never the subject secret: entries stay verifiable across a
  // rotation of the subject secret. Required in production (deployment-checks.ts).
  const auditKeys = AuditKeyring.fromEnv(process.env, { notes });
  const cipher = createCipher(notes);
  if (!config.redisUrl) {
    const state = new MemoryPrivacyStorage({ subjectSecret: config.subjectSecret });
    const { keyspace } = state;
    const transcripts = new MemoryPrivacyTranscriptStore({ keyspace, history: config.history });
    const consents = new MemoryConsentStore({ keyspace });
    const sensitive = new MemorySensitiveValueStore({ keyspace, cipher });
    const { metrics, prometheus } = createMetrics(config);
    return {
      kind: 'memory',
      cipher,
      metrics,
      prometheus,
      state,
      transcripts,
      consents,
      sensitive,
      centerGrants: new MemoryPrivacyCenterGrants({ keyspace }),
      audit: new MemoryAuditLog({ keys: auditKeys }),
      auditKeys,
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
  const audit = new RedisAuditLog({ redis, prefix: config.redisPrefix, keys: auditKeys });
  const state = new RedisStorage({
    redis,
    prefix: config.redisPrefix,
    subjectSecret: config.subjectSecret,
    audit, // a person moved to the newest subject key is recorded (secret.rotated)
  });
  const { keyspace } = state;
  // The newest entries of the last days only, while the person keeps chatting (PRIVACY_HISTORY_MAX_*).
  const transcripts = new RedisTranscriptStore({ keyspace, history: config.history });
  const consents = new RedisConsentStore({ keyspace });
  const sensitive = new RedisSensitiveValueStore({ keyspace, cipher });
  const { metrics, prometheus } = createMetrics(config, redis);
  return {
    kind: 'redis',
    cipher,
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
    audit,
    auditKeys,
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
export function pageScopedIdResolver(config: BotAppConfig, links: AppScopedIdLinks): PageScopedIdResolver {
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

/** How the pages a person opens look (Privacy Center, Facebook deletion status). */
export function pageBrandOf(config: BotAppConfig) {
  return {
    name: 'Home Services',
    logoUrl: config.brandLogoUrl,
    colors: { primary: config.brandColor ?? '#0b7a5c' },
  };
}

/** Every store that holds a person's data, as *My data* and operator exports read them. */
export function subjectDataSources(stores: Stores): SubjectDataSource[] {
  return [stores.state, stores.transcripts, stores.consents, stores.sensitive];
}

/** Links to the Privacy Center page, issued from the chat. */
export function privacyCenterLinks(
  config: BotAppConfig,
  stores: Stores,
  notes: string[],
): PrivacyCenterLinks {
  return new PrivacyCenterLinks({
    secret: config.privacyCenterSecret ?? temporarySecret(notes),
    grants: stores.centerGrants,
    baseUrl: config.publicUrl,
    ttlSeconds: config.privacyCenterLinkMinutes * 60,
  });
}

/**
 * The privacy layer's options, on the host's own user and conversation state and dialogs, with consent
 * before the tax id (invoice) and payment details. `onTin` looks the customer up by tax id (each host's
 * invoice dialog keeps what it found for its next step).
 */
export function privacyOptions(
  config: BotAppConfig,
  stores: Stores,
  host: Pick<PrivacyOptions, 'userState' | 'conversationState' | 'resumeDialogs'> & {
    centerLinks: PrivacyCenterLinks;
    onTin: NonNullable<ConsentFeaturesOptions['tin']>['onTin'];
  },
): PrivacyOptions & { consents: ConsentFeaturesOptions } {
  return {
    brand: { name: 'Home Services', policyUrl: config.policyUrl },
    privacyCenter: host.centerLinks,
    userState: host.userState,
    conversationState: host.conversationState,
    erasure: stores.erasure,
    dataSources: subjectDataSources(stores),
    inventory: inventoryFor(config.history), // the chat history's retention is config.history
    resumeDialogs: host.resumeDialogs,
    // "factura" with the menu open closes it and starts the invoice, as "book" starts a booking.
    featureKeywords: featureKeywords(),
    metrics: stores.metrics,
    // Every erasure, export, consent and Privacy Center visit, from every path, named by digest.
    audit: { log: stores.audit, subjectDigest: (subject) => stores.state.keyspace.digester.digest(subject) },
    // Failures the person was told about (erasure, export, consent...); the error carries no personal data.
    onError: (error, { operation, source }) =>
      console.warn(`Privacy ${operation}${source ? ` (${source})` : ''} failed: ${error.message}`),
    // Messenger's Handover Protocol calls (Conversation Routing): "agent" passes the chat to the Page inbox.
    handover: config.pageAccessToken
      ? new MessengerHandover({
          pageAccessToken: config.pageAccessToken,
          appId: config.facebookAppId,
          graphBaseUrl: config.graphBaseUrl,
        })
      : undefined,
    // The Terms of use say the assistant is automated and, with MODEL_URL, who receives free text.
    ...(config.modelUrl ? { disclosure: { modelProvider: modelProviderOf(config.modelUrl) } } : {}),
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
      tin: { purposeId: 'invoice', onTin: host.onTin },
      payment: {
        purposeId: 'payment',
        link: () => config.paymentPageUrl,
        inChatChannels: config.inChatPaymentChannels,
        onCard: async () => {
          // A real bot hands the card to its payment provider here; the example only accepts it.
        },
      },
    },
  };
}

/** The routes beside /api/messages: health, metrics, Facebook's deletion callback, insights, Privacy Center. */
export function mountPrivacyRoutes(
  app: Express,
  {
    config,
    stores,
    privacy,
    centerLinks,
    notes,
  }: {
    config: BotAppConfig;
    stores: Stores;
    privacy: HostPrivacy;
    centerLinks: PrivacyCenterLinks;
    notes: string[];
  },
): void {
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
        eraser: privacy.erasure, // the privacy layer's erasure: audited, origin facebook_callback
        metrics: stores.metrics, // counted as erasure.* with dimension facebook_callback
        resolver: pageScopedIdResolver(config, stores.accountLinks),
        statuses: stores.deletionStatuses,
        statusBaseUrl: config.publicUrl,
        brand: pageBrandOf(config),
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
      brand: pageBrandOf(config),
      policyUrl: config.policyUrl,
      onError: (error) => console.error(`Privacy Center: ${error instanceof Error ? error.name : 'error'}`),
    }),
  );
}

/**
 * The middleware that learns each Messenger user's app-scoped id at their first message, so the Facebook
 * deletion callback finds them; none without a page access token. The same on both hosts.
 */
export function accountLinkRecorder(
  config: BotAppConfig,
  stores: Stores,
  userState: AppScopedIdLinkRecorderOptions['userState'],
): AppScopedIdLinkRecorder | undefined {
  if (!config.pageAccessToken) return undefined;
  return new AppScopedIdLinkRecorder({
    links: stores.accountLinks,
    userState,
    pageAccessToken: config.pageAccessToken,
    appId: config.facebookAppId,
    appSecret: config.facebookAppSecret,
    graphBaseUrl: config.graphBaseUrl,
  });
}

/** The adapter's answer to a turn that failed: a plain apology, and only the error's kind in the log. */
export async function answerTurnError(
  context: { sendActivity(text: string): Promise<unknown> },
  error: unknown,
): Promise<void> {
  // Never echo the error: it could carry internal details.
  console.error(`Turn failed: ${error instanceof Error ? error.name : 'error'}`);
  await context.sendActivity('Sorry, something went wrong on our side. Please try again in a moment.');
}
