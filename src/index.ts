/**
 * `botbuilder-privacy`: the privacy layer for botbuilder bots. This entry holds the core and the botbuilder
 * binding (the privacy middleware and menu, consent gates, anonymous-metrics middleware) and the in-memory
 * stores; it loads botbuilder and nothing else heavy. What a bot opts into lives in its own entry, the only
 * one that loads that entry's peer dependency:
 *
 * - `botbuilder-privacy/redis`: every Redis store (ioredis);
 * - `botbuilder-privacy/express`: every HTTP route and middleware (express);
 * - `botbuilder-privacy/metrics`: metric sinks and the Prometheus endpoint (prom-client);
 * - `botbuilder-privacy/messenger`: Facebook Messenger (Graph API) pieces;
 * - `botbuilder-privacy/qa`: transports for scripted conversations;
 * - `botbuilder-privacy/agents`: the same privacy layer for the Microsoft 365 Agents SDK
 *   (`@microsoft/agents-hosting`), under the same names, instead of this entry's botbuilder binding.
 *
 * What is public: a name a bot developer needs to wire the plugin into a bot (a factory or class to
 * construct and its options type), a seam the plugin calls that a bot may implement (stores, profile
 * provider, metric sink, erasure), a result to read, or an error to catch. Everything else is internal.
 *
 * @packageDocumentation
 */

// Setting up the privacy layer
export { createPrivacy, type Privacy, type PrivacyWithConsents } from './botbuilder';
export type { PrivacyOptions } from './turn/privacy-options';
export type {
  DisclosureOptions,
  DisclosureReason,
  DisclosureRecord,
  ModelProviderDisclosure,
} from './turn/disclosure';
export type { ThreadControlRecord, ThreadHandover, ThreadHolder, ThreadSignal } from './turn/thread-control';
export type { HandoverGate } from './turn/handover-gate';
export { PRIVACY_PAYLOADS } from './turn/activity-payload';
export type { DataInventoryItem, LegalBasis, LocalizedText } from './core/inventory';
export type { LocalizationOptions } from './i18n/localizer';
export type { DeepPartial, PrivacyTexts } from './i18n/texts';
export { format, normalizeAnswer, wordList } from './i18n/localizer';
export type { PersonName, ProfileProvider } from './core/profile';

// Subjects, turns and errors
export type { DataSubject } from './core/subject';
export { SubjectScopeMiddleware } from './turn/subject-scope-middleware';
export { createSubjectScope, runTurnInSubjectScope, type SubjectScope } from './core/subject-scope';
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

// Erasure and export
export {
  combineErasures,
  ErasureNotDurableError,
  type ErasureReceipt,
  type SubjectErasure,
} from './core/erasure';
export type { SubjectDataSection, SubjectDataSource } from './core/data-export';
export type { PagedDataSection } from './core/data-export';
export type { ExportSink } from './core/export-writer';

// In-memory stores (development, tests, single-process bots)
export { MemoryPrivacyStorage, type MemoryPrivacyStorageOptions } from './storage/memory-privacy-storage';
export type { StateRetention } from './storage/state-retention';
export type { TranscriptHistoryOptions } from './storage/transcript-history';
export {
  MemoryPrivacyTranscriptStore,
  type MemoryPrivacyTranscriptStoreOptions,
} from './storage/memory-privacy-transcript-store';
export { MemoryConsentStore, type MemoryConsentStoreOptions } from './storage/memory-consent-store';
export {
  MemorySensitiveValueStore,
  type MemorySensitiveValueStoreOptions,
} from './storage/memory-sensitive-value-store';
export { MemoryPrivacyCenterGrants } from './storage/memory-privacy-center-grants';

// Consent before sensitive data
export type { ConsentFeatures } from './botbuilder';
export type { ConsentFeaturesOptions } from './turn/consent/consent-features-options';
export type {
  AcceptedTin,
  CardDetails,
  CardSummary,
  ConsentDialogOptions,
  ConsentGateResult,
  ConsentStatus,
  PaymentDialogResult,
  TinDialogResult,
} from './turn/consent/consent-results';
export type { Purpose, PurposeRetention } from './core/consent/purpose';
export type { ConsentReceipt } from './core/consent/consent-receipt';
export type { ConsentStore } from './core/consent/consent-store';
export type {
  MaskedSensitiveValue,
  SensitiveValueOptions,
  SensitiveValueStore,
} from './core/sensitive/sensitive-value-store';
export {
  DecryptionError,
  ENCRYPTION_KEYS_ENV,
  EnvelopeCipher,
  type EncryptionKey,
} from './core/sensitive/envelope-cipher';

// Privacy Center (the web page opened from the chat; its routes are in `botbuilder-privacy/express`)
export {
  PrivacyCenterLinks,
  type PrivacyCenterGrants,
  type PrivacyCenterLinksOptions,
} from './core/privacy-center-link';
// Secret rotation: the subject key ring and the Privacy Center's secret ring
export { parsePrivacyCenterSecrets, PRIVACY_CENTER_SECRETS_ENV } from './core/privacy-center-link';
export {
  MIN_SUBJECT_SECRET_LENGTH,
  resolveSubjectKeyRing,
  SUBJECT_SECRETS_ENV,
  SubjectKeyRing,
  type SubjectKey,
  type SubjectSecretOption,
} from './core/subject-key-ring';
export type { PrivacyCenterBackend } from './core/privacy-center';
export { privacyCenterBackend } from './turn/privacy-center-backend';

// Anonymous metrics (the sinks are in `botbuilder-privacy/metrics` and `botbuilder-privacy/redis`)
export type { MetricEvent, MetricEventName, MetricsRecorder } from './core/metrics/metric-event';
export type { BucketedMetricEvent, BufferedMetricSink, MetricSink } from './core/metrics/metric-sink';
export type { DeclaredMetricLabels } from './core/metrics/metric-vocabulary';
export {
  FanOutMetricsRecorder,
  type FanOutMetricsRecorderOptions,
  type MetricsRecorderStats,
} from './metrics/fan-out-recorder';
export { DEFAULT_METRIC_CHANNELS, PRIVACY_METRIC_LABELS } from './metrics/privacy-metric-labels';
export {
  MetricsMiddleware,
  recordFeature,
  type FeatureStage,
  type MetricsMiddlewareOptions,
} from './turn/metrics-middleware';
export { MeteredErasure } from './core/metrics/metered-erasure';

// Audit trail of privacy operations (the Redis stream is in `botbuilder-privacy/redis`)
export type {
  AuditAnchor,
  AuditCheckpoint,
  AuditEntry,
  AuditEvent,
  AuditHead,
  AuditLog,
  AuditOperation,
  AuditOrigin,
  AuditRange,
  AuditStore,
} from './core/audit/audit-log';
export { DEFAULT_AUDIT_RETENTION_DAYS } from './core/audit/audit-log';
export { withAuditContext, currentAuditContext, type AuditContext } from './core/audit/audit-context';
export { AuditKeyring, AUDIT_SECRET_ENV, AUDIT_SECRETS_ENV, type AuditKey } from './core/audit/audit-keyring';
export {
  verifyAuditChain,
  verifyAuditStore,
  type AuditBreak,
  type AuditVerification,
} from './core/audit/audit-chain';
export type { AuditTrailOptions } from './core/audit/audited-seams';
export { MemoryAuditLog, type MemoryAuditLogOptions } from './storage/memory-audit-log';
export type { RecordOfProcessingSource } from './core/record-of-processing';
// Privacy requests filed by operators (the API and page are in `botbuilder-privacy/express`, the Redis
// store in `botbuilder-privacy/redis`)
export {
  PrivacyRequests,
  PrivacyRequestNotFoundError,
  type AppScopedIdResolver,
  type InChatConfirmation,
  type PrivacyRequestsOptions,
  type ResultTake,
} from './core/requests/privacy-requests';
export {
  PrivacyRequestTransitionError,
  type DueDateExtension,
  type PrivacyRequest,
  type PrivacyRequestKind,
  type PrivacyRequestResultInfo,
  type PrivacyRequestState,
  type PrivacyRequestSummary,
  type PrivacyRequestVerification,
} from './core/requests/privacy-request';
export {
  InvalidPrivacyRequestError,
  MAX_SUBJECTS_PER_REQUEST,
  parsePrivacyRequestInput,
  type PrivacyRequestInput,
} from './core/requests/privacy-request-input';
export type { PrivacyRequestStore } from './core/requests/privacy-request-store';
export { MemoryPrivacyRequestStore } from './storage/memory-privacy-request-store';
