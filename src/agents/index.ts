/**
 * The privacy layer for the Microsoft 365 Agents SDK (`@microsoft/agents-hosting` 1.x with
 * `@microsoft/agents-hosting-dialogs`): the same privacy menu, consent gates, name capture, redaction,
 * erasure and metrics as the botbuilder binding (the turn logic of `src/turn`, written once), on an
 * `AgentApplication`'s adapter.
 *
 * ```ts
 * import { AgentApplication, ConversationState, UserState } from '@microsoft/agents-hosting';
 * import { createPrivacy } from 'botbuilder-privacy/agents';
 *
 * const app = new AgentApplication({ storage }); // storage: RedisStorage, so erasure covers TurnState too
 * const privacy = createPrivacy({
 *   brand: { name: 'Home Services', policyUrl: 'https://example.com/privacy' },
 *   userState: new UserState(storage),
 *   conversationState: new ConversationState(storage),
 *   erasure: storage,
 *   inventory,
 * });
 * app.adapter.use(privacy.middleware); // first: binds each turn to its user
 * ```
 * @packageDocumentation
 */
import type { ComponentDialog } from '@microsoft/agents-hosting-dialogs';
import type { ConsentFeatures as HostConsentFeatures } from '../turn/consent/consent-features';
import type { ConsentFeaturesOptions } from '../turn/consent/consent-features-options';
import { createPrivacyWith, type Privacy as HostPrivacy } from '../turn/privacy';
import type { PrivacyOptions } from '../turn/privacy-options';
import { AGENTS_HOST } from './agents-host';

/**
 * The consent dialogs createPrivacy builds when its `consents` option is set, as
 * `@microsoft/agents-hosting-dialogs` dialogs. Add the ones you use to your DialogSet.
 */
export type ConsentFeatures = HostConsentFeatures<ComponentDialog>;

/** What {@link createPrivacy} gives an agent; its dialogs are `@microsoft/agents-hosting-dialogs` ComponentDialogs. */
export type Privacy = HostPrivacy<ComponentDialog>;

/** The privacy layer of an agent that configured `consents`: its consent dialogs are there. */
export type PrivacyWithConsents = Privacy & { readonly consents: ConsentFeatures };

/**
 * Validates the options (throwing ConfigurationError at start-up, not at the first message) and builds
 * the privacy middleware and menu, and, with `consents`, the consent dialogs and *My consents*:
 * `adapter.use(createPrivacy(options).middleware)`.
 */
export function createPrivacy(
  options: PrivacyOptions & { consents: ConsentFeaturesOptions },
): PrivacyWithConsents;
export function createPrivacy(options: PrivacyOptions): Privacy;
export function createPrivacy(options: PrivacyOptions): Privacy {
  // Its dialogs are instances of the dialogs package's own classes (see agents-host.ts).
  return createPrivacyWith(AGENTS_HOST, options) as HostPrivacy as Privacy;
}

export type { PrivacyOptions, ConsentFeaturesOptions };
export { DialogSet } from './dialog-set';
export { PRIVACY_PAYLOADS } from '../turn/activity-payload';
export { isInvalidActivityError, tolerantActivity } from './incoming-activity';
export { MetricsMiddleware, type MetricsMiddlewareOptions } from '../turn/metrics-middleware';
export { SubjectScopeMiddleware } from '../turn/subject-scope-middleware';
export type {
  AcceptedTin,
  CardDetails,
  CardSummary,
  ConsentStatus,
  PaymentDialogResult,
  TinDialogResult,
} from '../turn/consent/consent-results';
export type { TurnContext } from '../turn/turn-context';
