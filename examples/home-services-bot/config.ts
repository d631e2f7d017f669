import { parsePrivacyCenterSecrets, SubjectKeyRing } from '../../src';
import { chatHistoryFromEnv, type ChatHistoryCap } from './chat-history';
/** The example's settings, from the environment (and `.env`, see .env.example). */
export interface BotAppConfig {
  port: number;
  redisUrl?: string;
  /** Prefix of every Redis key the bot writes. Default `bbp`. */
  redisPrefix?: string;
  microsoftAppId?: string;
  microsoftAppPassword?: string;
  microsoftAppTenantId?: string;
  microsoftAppType?: string;
  /**
   * OpenID metadata of the channel's token signer (botbuilder's `BotOpenIdMetadata`) and the issuer its
   * tokens carry (`ToBotFromChannelTokenIssuer`): for private clouds and tests. Default: Azure Bot Service.
   */
  botOpenIdMetadataUrl?: string;
  botTokenIssuer?: string;
  /** Without credentials, origins replies may go to besides loopback (`BOT_ALLOWED_SERVICE_URLS`). */
  allowedServiceUrls?: string[];
  /**
   * Secret of the subject digests (`PRIVACY_SUBJECT_SECRET`), or the key ring `PRIVACY_SUBJECT_SECRETS`
   * (`k2:<newest>,k1:<older>`) while a secret is being rotated; see deployment-checks.ts.
   */
  subjectSecret?: string | SubjectKeyRing;
  /** Public base URL of this bot (for the data-deletion status page link). */
  publicUrl: string;
  /** Facebook app id: with the secret, the callback asks Graph which page-scoped ids a person has. */
  facebookAppId?: string;
  facebookAppSecret?: string;
  pageAccessToken?: string;
  graphBaseUrl?: string;
  policyUrl: string;
  metricsWebhookUrl?: string;
  metricsToken?: string;
  /** Base URL of the payment page the bot links to on Messenger. */
  paymentPageUrl: string;
  /** Channels where a card may be typed in the chat (never Messenger). Default: webchat, emulator. */
  inChatPaymentChannels: string[];
  /** Signs and encrypts Privacy Center links (32+ characters). Unset: a random one per process. */
  /** `PRIVACY_CENTER_SECRET`, or the ring `PRIVACY_CENTER_SECRETS` (newest first) while rotating it. */
  privacyCenterSecret?: string | string[];
  /** How long a Privacy Center link works. Default 15. */
  privacyCenterLinkMinutes: number;
  /** Brand colour and logo of the Privacy Center page. */
  brandColor?: string;
  brandLogoUrl?: string;
  /** The page to try the bot in Web Chat at `/`: on in development, off in production unless WEB_CHAT_PAGE=true. */
  webChatPage: boolean;
  /** The local Direct Line's secret for server-side clients such as Botium (`DIRECT_LINE_SECRET`). */
  directLineSecret?: string;
  /** Opens the operator's privacy requests API and page (`PRIVACY_OPERATOR_TOKEN`, 16+ characters). Unset: 404. */
  operatorToken?: string;
  /** Requests per minute one operator credential may make (`PRIVACY_OPERATOR_RATE_LIMIT`). Default 120. */
  operatorRequestsPerMinute?: number;
  /**
   * An OpenAI-compatible Chat Completions API (`MODEL_URL`, `MODEL_API_KEY`, `MODEL_NAME`): when set, a
   * message no intent or menu word matches is answered by the model, through the PII shield.
   */
  modelUrl?: string;
  modelApiKey?: string;
  modelName?: string;
  /**
   * How much chat history is kept of each person (`PRIVACY_HISTORY_MAX_ENTRIES`, default 1000 per
   * conversation; `PRIVACY_HISTORY_MAX_DAYS`, default 90): the terms of use say the same.
   */
  history: ChatHistoryCap;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): BotAppConfig {
  const port = Number(env.PORT || 3978);
  return {
    port,
    redisUrl: env.REDIS_URL || undefined,
    redisPrefix: env.REDIS_PREFIX || undefined,
    microsoftAppId: env.MicrosoftAppId || env.MICROSOFT_APP_ID || undefined,
    microsoftAppPassword: env.MicrosoftAppPassword || env.MICROSOFT_APP_PASSWORD || undefined,
    microsoftAppTenantId: env.MicrosoftAppTenantId || undefined,
    microsoftAppType: env.MicrosoftAppType || undefined,
    botOpenIdMetadataUrl: env.BotOpenIdMetadata || undefined,
    botTokenIssuer: env.ToBotFromChannelTokenIssuer || undefined,
    allowedServiceUrls: (env.BOT_ALLOWED_SERVICE_URLS ?? '')
      .split(',')
      .map((url) => url.trim())
      .filter(Boolean),
    subjectSecret: env.PRIVACY_SUBJECT_SECRETS
      ? SubjectKeyRing.parse(env.PRIVACY_SUBJECT_SECRETS)
      : env.PRIVACY_SUBJECT_SECRET || undefined,
    publicUrl: env.PUBLIC_URL || `http://localhost:${port}`,
    facebookAppId: env.FACEBOOK_APP_ID || undefined,
    facebookAppSecret: env.FACEBOOK_APP_SECRET || undefined,
    pageAccessToken: env.PAGE_ACCESS_TOKEN || undefined,
    graphBaseUrl: env.GRAPH_BASE_URL || undefined,
    policyUrl: env.PRIVACY_POLICY_URL || 'https://example.com/home-services/privacy',
    metricsWebhookUrl: env.METRICS_WEBHOOK_URL || undefined,
    metricsToken: env.METRICS_TOKEN || undefined,
    paymentPageUrl: env.PAYMENT_PAGE_URL || 'https://pay.example.com/home-services',
    inChatPaymentChannels: (env.IN_CHAT_PAYMENT_CHANNELS ?? 'webchat,emulator')
      .split(',')
      .map((c) => c.trim())
      .filter((c) => c && c !== 'facebook'),
    privacyCenterSecret: env.PRIVACY_CENTER_SECRETS
      ? parsePrivacyCenterSecrets(env.PRIVACY_CENTER_SECRETS)
      : env.PRIVACY_CENTER_SECRET || undefined,
    privacyCenterLinkMinutes: Number(env.PRIVACY_CENTER_LINK_MINUTES || 15),
    brandColor: env.BRAND_COLOR || undefined,
    brandLogoUrl: env.BRAND_LOGO_URL || undefined,
    webChatPage: env.WEB_CHAT_PAGE ? env.WEB_CHAT_PAGE === 'true' : env.NODE_ENV !== 'production',
    directLineSecret: env.DIRECT_LINE_SECRET || undefined,
    operatorToken: env.PRIVACY_OPERATOR_TOKEN || undefined,
    operatorRequestsPerMinute: env.PRIVACY_OPERATOR_RATE_LIMIT
      ? Number(env.PRIVACY_OPERATOR_RATE_LIMIT)
      : undefined,
    modelUrl: env.MODEL_URL || undefined,
    modelApiKey: env.MODEL_API_KEY || undefined,
    modelName: env.MODEL_NAME || undefined,
    history: chatHistoryFromEnv(env),
  };
}
