/**
 * botbuilder-privacy: consent gates, a privacy menu, per-user erasure and anonymous metrics for
 * Bot Framework bots. This file is the whole public API.
 */
export type { DataSubject } from './core/subject';
export { assertValidSubject, SubjectDigester } from './core/subject';
export type { SubjectScope } from './core/subject-scope';
export {
  createSubjectScope,
  currentSubjectScope,
  runInSubjectScope,
  runTurnInSubjectScope,
} from './core/subject-scope';
export { combineErasures, erasureReceipt, type ErasureReceipt, type SubjectErasure } from './core/erasure';
export {
  ConfigurationError,
  EtagConflictError,
  InvalidSubjectError,
  PrivacyError,
  StorageUnavailableError,
} from './core/errors';
export {
  OperationFailedError,
  type PrivacyErrorHandler,
  type PrivacyErrorInfo,
  type PrivacyOperation,
} from './core/operation-error';
export { createRedisClient, DEFAULT_OPERATION_TIMEOUT_MS, type RedisClient } from './storage/redis-client';
export { RedisKeyspace, type RedisKeyspaceOptions, type SharedCollection } from './storage/redis-keyspace';
export { ErasureNotDurableError } from './core/erasure';
export type { ErasureDurability, ErasureDurabilityOptions } from './storage/erasure-durability';
export { RedisStorage, type RedisStorageOptions, type StateRetention } from './storage/redis-storage';
export { MemoryPrivacyStorage } from './storage/memory-privacy-storage';
export { RedisTranscriptStore, type RedisTranscriptStoreOptions } from './storage/redis-transcript-store';
export {
  MemoryPrivacyTranscriptStore,
  type MemoryPrivacyTranscriptStoreOptions,
} from './storage/memory-privacy-transcript-store';
export { classifyStateKey, resolveKeyOwner, type StateKeyClass } from './storage/key-ownership';
export {
  scopeOfActivity,
  SubjectScopeMiddleware,
  subjectOfActivity,
} from './botbuilder/subject-scope-middleware';

// Privacy middleware, menu and texts
export { createPrivacy, type Privacy } from './botbuilder/privacy';
export type { PrivacyOptions } from './botbuilder/privacy-options';
export { PrivacyMiddleware } from './botbuilder/privacy-middleware';
export {
  PrivacyMenuDialog,
  PRIVACY_MENU_DIALOG_ID,
  type PrivacyMenuOptions,
  type PrivacyMenuResult,
} from './botbuilder/privacy-menu-dialog';
export { PrivacyRuntime } from './botbuilder/privacy-runtime';
export { PRIVACY_PAYLOADS, activityPayload } from './botbuilder/activity-payload';
export {
  PayloadChoicePrompt,
  recognizeChoice,
  type PayloadChoice,
  type PayloadChoicePromptOptions,
} from './botbuilder/payload-choice-prompt';
export { NameCapture, type NameCaptureOptions } from './botbuilder/name-capture';
export { cleanName, MAX_NAME_LENGTH, type PrivacyProfile } from './botbuilder/privacy-profile';
export { sendLongText } from './botbuilder/send-long-text';
export {
  Localizer,
  BUILT_IN_TEXTS,
  format,
  normalizeAnswer,
  wordList,
  type LocalizationOptions,
} from './i18n/localizer';
export type { PrivacyTexts, DeepPartial } from './i18n/texts';
export {
  validateInventory,
  localize,
  type DataInventoryItem,
  type LegalBasis,
  type LocalizedText,
} from './core/inventory';
export { renderTerms, type TermsTexts } from './core/terms';
export {
  collectSubjectData,
  subjectLabel,
  toJsonAttachment,
  type CollectSubjectDataOptions,
  type JsonAttachment,
  type SubjectDataExport,
  type SubjectDataSection,
  type SubjectDataSource,
} from './core/data-export';
export {
  splitMessage,
  textLimitFor,
  CHANNEL_TEXT_LIMITS,
  DEFAULT_TEXT_LIMIT,
} from './core/message-splitting';
export {
  NO_METRICS,
  type MetricEvent,
  type MetricEventName,
  type MetricsRecorder,
} from './core/metrics/metric-event';

// Messenger
export type { PersonName, ProfileProvider } from './core/profile';
export { GraphApiError, type GraphApiOptions, type GraphFailureKind } from './messenger/graph-api';
export {
  MessengerUserProfileProvider,
  type MessengerUserProfileProviderOptions,
} from './messenger/user-profile-provider';
export {
  parseSignedRequest,
  createSignedRequest,
  SignedRequestError,
  type SignedRequest,
  type SignedRequestFailure,
  type SignedRequestOptions,
} from './messenger/signed-request';
export { MemoryAppScopedIdLinks, type AppScopedIdLinks } from './messenger/app-scoped-id-links';
export {
  RedisAppScopedIdLinks,
  type RedisAppScopedIdLinksOptions,
} from './messenger/redis-app-scoped-id-links';
export {
  MemoryDeletionStatusStore,
  type DeletionStatus,
  type DeletionStatusStore,
  type DeletionOutcome,
} from './messenger/deletion-status';
export { RedisDeletionStatusStore } from './messenger/redis-deletion-status-store';
export { facebookDataDeletionRouter, type FacebookDataDeletionOptions } from './messenger/data-deletion';
export {
  combinePageScopedIdResolvers,
  LinkedPageScopedIdResolver,
  type PageScopedIdResolver,
} from './messenger/page-scoped-id-resolver';
export {
  GraphPageScopedIdResolver,
  type GraphPageScopedIdResolverOptions,
} from './messenger/graph-page-scoped-id-resolver';
export {
  AppScopedIdLinkRecorder,
  type AppScopedIdLinkRecorderOptions,
} from './messenger/app-scoped-id-link-recorder';
export {
  verifyWebhookSignature,
  captureRawBody,
  type WebhookSignatureOptions,
} from './messenger/webhook-signature';
export {
  setupMessengerProfile,
  buildMessengerProfile,
  DEFAULT_PRIVACY_MENU_TITLES,
  type MessengerMenuItem,
  type MessengerMenuLocale,
  type MessengerProfileOptions,
  type MessengerProfileRequest,
} from './messenger/messenger-profile';

// QA
export { ConvoTransportError, type ConvoTransport } from './qa/transport';
export { HttpConvoTransport } from './qa/http-transport';
export { startAppTransport } from './qa/app-transport';

// HTTP
export {
  securityHeaders,
  jsonBody,
  jsonErrors,
  healthRoute,
  type DependencyHealth,
} from './server/http-hygiene';
export {
  activityValidation,
  findActivityProblem,
  MAX_ACTIVITY_ID_LENGTH,
  type ActivityProblem,
} from './server/activity-validation';
export { isLoopbackHost, serviceUrlGuard, type ServiceUrlGuardOptions } from './server/service-url-guard';
export { botAuthentication, type RequestAuthenticator } from './server/bot-authentication';

// Anonymous metrics
export {
  checkMetricEvent,
  looksLikeIdentifier,
  safeMetricLocale,
  safeMetricToken,
  MAX_METRIC_VALUE,
  METRIC_LOCALE_PATTERN,
  METRIC_REJECTION_REASONS,
  METRIC_TOKEN_PATTERN,
  type MetricCheck,
  type MetricRejectionReason,
} from './core/metrics/metric-rule';
export {
  isBufferedSink,
  type BucketedMetricEvent,
  type BufferedMetricSink,
  type MetricSink,
} from './core/metrics/metric-sink';
export { lastUtcDays, metricTimeBucket, type MetricTimeBucket } from './core/metrics/time-bucket';
export {
  MetricVocabulary,
  OTHER_METRIC_LABEL,
  type DeclaredMetricLabels,
} from './core/metrics/metric-vocabulary';
export { DEFAULT_METRIC_CHANNELS, PRIVACY_METRIC_LABELS } from './metrics/privacy-metric-labels';
export {
  FanOutMetricsRecorder,
  METRIC_REJECTED_EVENT,
  type FanOutMetricsRecorderOptions,
  type MetricsRecorderStats,
} from './metrics/fan-out-recorder';
export {
  RedisMetricCounters,
  type RedisMetricCountersOptions,
  type RedisMetricCountersStats,
} from './metrics/redis-counters';
export {
  countField,
  metricCounterKey,
  sumField,
  METRIC_DROPPED_EVENT,
  METRIC_DROP_REASONS,
  type MetricCounterRow,
  type MetricDropReason,
} from './metrics/counter-layout';
export { readMetricCounters } from './metrics/counter-reader';
export { formatMetricsReport } from './metrics/metrics-report';
// Insights report (HTML with charts) and its page
export { readMetricCounterDays } from './metrics/counter-reader';
export { TURN_LATENCY_BUCKETS_MS, type MetricCounterDay } from './metrics/counter-layout';
export {
  buildInsightsReport,
  ERASURE_SOURCES,
  type DailyLatency,
  type DailySeries,
  type FeatureUse,
  type InsightsReport,
  type InsightsReportOptions,
  type InsightsTotals,
  type PurposeConsent,
  type SeriesKind,
} from './metrics/report/insights-report';
export type { PercentileEstimate } from './metrics/report/percentile';
export { renderInsightsHtml, type InsightsHtmlOptions } from './metrics/report/insights-html';
export {
  INSIGHTS_TEXTS,
  isInsightsLanguage,
  type InsightsLanguage,
  type InsightsTexts,
} from './i18n/insights-texts';
export { insightsRouter, INSIGHTS_SESSION_COOKIE, type InsightsRouterOptions } from './server/insights-route';
export {
  WebhookMetricSink,
  type WebhookMetricSinkOptions,
  type WebhookMetricSinkStats,
} from './metrics/webhook-sink';
export { TelemetryClientSink, type TelemetryClientSinkOptions } from './metrics/telemetry-client-sink';
export {
  PrometheusMetricSink,
  OVERFLOW_DIMENSION,
  type PrometheusMetricSinkOptions,
} from './metrics/prometheus-sink';
export { MeteredErasure } from './metrics/metered-erasure';
export { metricsRoute, type MetricsRouteOptions } from './server/metrics-route';
export {
  MetricsMiddleware,
  clickPayloadOf,
  metricContextOf,
  recordFeature,
  recordTurnEvent,
  DEFAULT_TEXT_PAYLOAD_PATTERN,
  UNLISTED_PAYLOAD,
  type FeatureStage,
  type MetricsMiddlewareOptions,
  type TurnMetricContext,
} from './botbuilder/metrics-middleware';

// Consent and sensitive data
export {
  assertValidPurposeId,
  LEGAL_BASES,
  PURPOSE_ID_PATTERN,
  purposeDescription,
  validatePurposes,
  type Purpose,
  type PurposeRetention,
} from './core/consent/purpose';
export {
  CONSENT_RECEIPT_VERSION,
  ConsentTransitionError,
  createConsentReceipt,
  isConsentReceipt,
  transitionConsentReceipt,
  type CollectionMethod,
  type ConsentContext,
  type ConsentEvent,
  type ConsentReceipt,
  type ConsentState,
} from './core/consent/consent-receipt';
export {
  coversPurpose,
  currentReceipt,
  decideConsent,
  type ConsentDecision,
  type ConsentDecisionOptions,
} from './core/consent/consent-decision';
export { recordConsent, withdrawConsent } from './core/consent/record-consent';
export {
  TIN_COUNTRIES,
  tinCountriesOf,
  validateTin,
  type TinCountry,
  type TinInvalidReason,
  type TinKind,
  type TinValidation,
  type TinValidationOptions,
} from './core/sensitive/tax-id';
export {
  validateCardEntry,
  validateCardExpiry,
  validateCardNumber,
  type CardEntryValidation,
  type CardExpiryValidation,
  type CardNumberInvalidReason,
  type CardNumberValidation,
} from './core/sensitive/payment-card';
export { validateIban, type IbanValidation } from './core/sensitive/iban';
export {
  DecryptionError,
  ENCRYPTION_KEYS_ENV,
  EnvelopeCipher,
  parseEncryptionKeys,
  type EncryptionKey,
} from './core/sensitive/envelope-cipher';
export {
  REDACTION_MASKS,
  redactSensitive,
  type RedactionMasks,
  type RedactionOptions,
  type RedactionResult,
  type SensitiveKind,
} from './core/sensitive/redaction';
export type { ConsentStore } from './storage/consent-store';
export { RedisConsentStore, type RedisConsentStoreOptions } from './storage/redis-consent-store';
export { MemoryConsentStore } from './storage/memory-consent-store';
export type { SensitiveValueOptions, SensitiveValueStore } from './storage/sensitive-value-store';
export {
  RedisSensitiveValueStore,
  type RedisSensitiveValueStoreOptions,
} from './storage/redis-sensitive-value-store';
export { MemorySensitiveValueStore } from './storage/memory-sensitive-value-store';
export { createConsentFeatures, type ConsentFeatures } from './botbuilder/consent/consent-features';
export type { ConsentFeaturesOptions } from './botbuilder/consent/consent-features-options';
export type {
  AcceptedTin,
  CardDetails,
  CardSummary,
  ConsentDialogOptions,
  ConsentGateResult,
  ConsentStatus,
  PaymentDialogResult,
  TinDialogResult,
} from './botbuilder/consent/consent-results';
export {
  ConsentGateDialog,
  CONSENT_GATE_DIALOG_ID,
  CONSENT_PAYLOADS,
} from './botbuilder/consent/consent-gate-dialog';
export { TinDialog, TIN_DIALOG_ID, type TinDialogSettings } from './botbuilder/consent/tin-dialog';
export {
  PaymentDialog,
  PAYMENT_DIALOG_ID,
  type PaymentDialogSettings,
} from './botbuilder/consent/payment-dialog';
export {
  ConsentsDialog,
  CONSENTS_DIALOG_ID,
  withdrawPayload,
  type ConsentsDialogResult,
} from './botbuilder/consent/consents-dialog';
export { sensitiveInput } from './botbuilder/consent/sensitive-input';
export {
  SensitiveInputGuard,
  type SensitiveInputOptions,
  type SensitiveInputKind,
} from './botbuilder/consent/sensitive-input-guard';
export {
  SensitiveInputPrompt,
  type SensitiveAnswer,
  type SensitiveParser,
  type SensitiveInputPromptOptions,
} from './botbuilder/consent/sensitive-input-prompt';
export type { MaskedSensitiveValue } from './storage/sensitive-value-store';

// Privacy Center (a web page opened from the chat)
export {
  PrivacyCenterLinks,
  PRIVACY_CENTER_PATH,
  type IssuedPrivacyCenterLink,
  type PrivacyCenterGrant,
  type PrivacyCenterGrants,
  type PrivacyCenterLinkCheck,
  type PrivacyCenterLinksOptions,
} from './core/privacy-center-link';
export type {
  PrivacyCenterBackend,
  PrivacyCenterView,
  ReadableConsent,
  ReadableEntry,
  ReadableMessage,
} from './core/privacy-center';
export { RedisPrivacyCenterGrants } from './storage/redis-privacy-center-grants';
export { MemoryPrivacyCenterGrants } from './storage/memory-privacy-center-grants';
export { privacyCenterBackend, PRIVACY_CENTER_SOURCE } from './botbuilder/privacy-center-backend';
export { ConsentWithdrawal, type WithdrawCallback } from './botbuilder/consent/consent-withdrawal';
export { privacyCenterRouter, type PrivacyCenterRouterOptions } from './server/privacy-center-router';
export {
  checkPageBrand,
  escapeHtml,
  renderHtmlPage,
  sendHtmlPage,
  type CheckedPageBrand,
  type HtmlPage,
  type PageBrand,
} from './server/html-page';
