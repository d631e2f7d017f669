/**
 * `botbuilder-privacy/messenger`: the Facebook Messenger pieces that talk to the Graph API: first names
 * from the User Profile API, the persistent menu set-up, finding who a data-deletion request from Meta
 * is about, and handing conversations to human agents (`MessengerHandover`). The callback route itself is `facebookDataDeletionRouter` in `botbuilder-privacy/express`, the
 * Redis stores in `botbuilder-privacy/redis`. This entry loads none of ioredis, express or prom-client.
 *
 * @packageDocumentation
 */
export {
  MessengerUserProfileProvider,
  type MessengerUserProfileProviderOptions,
} from './messenger/user-profile-provider';
export { GraphApiError, type GraphApiOptions, type GraphFailureKind } from './messenger/graph-api';
export {
  setupMessengerProfile,
  type MessengerMenuItem,
  type MessengerMenuLocale,
  type MessengerProfileOptions,
} from './messenger/messenger-profile';
export {
  AppScopedIdLinkRecorder,
  type AppScopedIdLinkRecorderOptions,
} from './messenger/app-scoped-id-link-recorder';
export type { AppScopedIdLinks } from './messenger/app-scoped-id-links';
export {
  MemoryAppScopedIdLinks,
  type MemoryAppScopedIdLinksOptions,
} from './messenger/memory-app-scoped-id-links';
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
  type DeletionOutcome,
  type DeletionStatus,
  type DeletionStatusStore,
} from './messenger/deletion-status';
export { MemoryDeletionStatusStore } from './messenger/memory-deletion-status-store';
export { MessengerHandover, PAGE_INBOX_APP_ID, type MessengerHandoverOptions } from './messenger/handover';
