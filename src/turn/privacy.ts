import { combineErasures, type SubjectErasure } from '../core/erasure';
import { auditedDataSource, auditedErasure } from '../core/audit/audited-seams';
import { ConfigurationError } from '../core/errors';
import type { SubjectDataSource } from '../core/data-export';
import type { LocalizedText } from '../core/inventory';
import { wordList, type Localizer } from '../i18n/localizer';
import { buildConsentDialogs, prepareConsents, type ConsentFeatures } from './consent/consent-features';
import type { ConsentFeaturesOptions } from './consent/consent-features-options';
import {
  configuredTinCountries,
  SensitiveInputGuard,
  type AwaitedSensitiveInput,
} from './consent/sensitive-input-guard';
import type { Dialog, DialogState } from './dialogs-library';
import { NameCapture } from './name-capture';
import { LIBRARY_STATE_PROPERTIES } from './library-state';
import { privacyDialogsOn } from './privacy-dialogs';
import { PrivacyMiddleware } from './privacy-middleware';
import { validatePrivacyOptions, type PrivacyOptions } from './privacy-options';
import type { PrivacyProfile } from './privacy-profile';
import { PrivacyRuntime } from './privacy-runtime';
import type { TurnContext } from './turn-context';
import type { TurnHost } from './turn-host';
import { AutomatedDisclosure, type DisclosureRecord } from './disclosure';
import { HandoverGate } from './handover-gate';
import { ThreadControl, type ThreadControlRecord } from './thread-control';

/**
 * What `createPrivacy` gives a bot. `D`: the host dialogs library's dialog type, for the menu and the
 * consent dialogs (each binding names its own).
 */
export interface Privacy<D extends Dialog = Dialog> {
  /** `adapter.use(privacy.middleware)`: register it first. */
  readonly middleware: PrivacyMiddleware;
  /** The privacy menu, for bots that also start it themselves (`dialogs.add(privacy.menuDialog)`). */
  readonly menuDialog: D;
  /**
   * The consent gate, tax id and payment dialogs, when the `consents` option is set (*My consents* is
   * then already in the menu). Add the ones you use to your DialogSet.
   */
  readonly consents?: ConsentFeatures<D>;
  /** The texts of the privacy layer, with the brand's overrides (e.g. for `privacyCenterRouter`). */
  readonly localizer: Localizer;
  /**
   * The shared configuration (texts, metrics, erasure) the layer's own pieces are built on.
   * @internal
   */
  readonly runtime: PrivacyRuntime;
  /**
   * Every store's erasure as one, audited when the `audit` option is set: hand it to whatever erases
   * outside a turn (`facebookDataDeletionRouter`, operator requests), so those erasures are audited too.
   */
  readonly erasure: SubjectErasure;
  /**
   * Every data source as *My data* reads them (consent receipts included), audited when the `audit` option
   * is set: hand them to whatever exports outside a turn (operator requests), so those exports are audited.
   */
  readonly dataSources: readonly SubjectDataSource[];
  /** The person's first name, when the channel shared it (to greet them by it). */
  firstName(context: TurnContext): Promise<string | undefined>;
  /** The person's stored profile. */
  profile(context: TurnContext): Promise<PrivacyProfile>;
  /**
   * Ends the turns the bot must not answer while a human agent holds the thread. Register it after the
   * transcript logger (it does nothing without the `handover` option).
   */
  readonly handoverGate: HandoverGate;
  /**
   * Hands the turn's conversation to the human agents (the `handover` option's inbox) and records that
   * they hold it: the bot stays silent until the thread comes back. `say` is sent first (once the thread
   * is passed, the bot may no longer write); `metadata` goes to the agents' inbox: no personal data.
   * Rejects when the handover call fails (the thread stays with the bot), and with a ConfigurationError,
   * before saying anything, without the `handover` option or on another channel than its own.
   */
  passToHuman(context: TurnContext, options?: { say?: string; metadata?: string }): Promise<void>;
}

/** The privacy layer of a bot that configured `consents`: its consent dialogs are there. */
export type PrivacyWithConsents<D extends Dialog = Dialog> = Privacy<D> & {
  readonly consents: ConsentFeatures<D>;
};

/**
 * Validates the options (throwing ConfigurationError at start-up, not at the first message) and builds
 * the privacy middleware and menu, and, with `consents`, the consent dialogs and *My consents*, on a host
 * SDK (each binding's `createPrivacy` calls it with its own).
 */
export function createPrivacyWith(host: TurnHost, options: PrivacyOptions): Privacy {
  const dialogs = privacyDialogsOn(host.dialogs);
  const localizer = validatePrivacyOptions(options);
  const brand = { name: options.brand.name.trim(), policyUrl: options.brand.policyUrl };
  const profile = options.userState.createProperty<PrivacyProfile>(LIBRARY_STATE_PROPERTIES.profile);
  const dialogState = options.conversationState.createProperty<DialogState>(
    LIBRARY_STATE_PROPERTIES.dialogState,
  );
  // Per person in each conversation (so in a group, each member's own), erased with the person.
  const personalState = host.personalState(options.conversationState, 'privacy');
  // The consent options are checked, and their ledger built, before the runtime: the runtime is then
  // built once, complete, and the dialogs (which speak through it) after it.
  const consents = options.consents
    ? prepareConsents(options.consents, {
        localizer,
        controller: brand.name,
        personalState,
        sensitiveCountries: configuredTinCountries(options.sensitiveInput),
        audit: options.audit,
      })
    : undefined;
  const sensitive = new SensitiveInputGuard(
    localizer,
    personalState.createProperty<AwaitedSensitiveInput | undefined>(
      LIBRARY_STATE_PROPERTIES.awaitedSensitiveInput,
    ),
    options.sensitiveInput,
    consents?.countries,
  );
  // The audit trail is built in here, once: every path that erases, exports or records consent goes
  // through these seams (the origin comes from withAuditContext at the entry points).
  const audit = options.audit;
  const combined = combineErasures(Array.isArray(options.erasure) ? options.erasure : [options.erasure]);
  const erasure = audit ? auditedErasure(combined, audit) : combined;
  const sources = distinct([...(options.dataSources ?? []), ...(consents?.dataSources ?? [])]);
  const runtime = new PrivacyRuntime({
    brand,
    localizer,
    profile,
    nameCapture: new NameCapture(profile, options.nameCapture),
    erasure,
    dataSources: audit ? [auditedDataSource(sources, audit)] : sources,
    inventory: options.inventory,
    personalState,
    sensitive,
    metrics: options.metrics,
    center: options.privacyCenter,
    consentWithdrawal: consents?.withdrawal,
    onError: options.onError,
    automated:
      options.disclosure === false ? undefined : { modelProvider: options.disclosure?.modelProvider },
  });
  const disclosure =
    options.disclosure === false
      ? undefined
      : new AutomatedDisclosure(
          {
            brand,
            texts: (context) => runtime.texts(context),
            language: (context) => runtime.language(context),
            recordShown: (context, reason) =>
              runtime.record(context, { name: 'disclosure.shown', dimension: reason }),
          },
          personalState.createProperty<DisclosureRecord | undefined>(LIBRARY_STATE_PROPERTIES.disclosure),
          options.disclosure,
        );
  const threads = options.handover
    ? new ThreadControl(
        options.handover,
        options.conversationState.createProperty<ThreadControlRecord | undefined>(
          LIBRARY_STATE_PROPERTIES.threadControl,
        ),
      )
    : undefined;
  const consentFeatures = consents ? buildConsentDialogs(dialogs, runtime, consents) : undefined;
  const menuDialog = new dialogs.PrivacyMenuDialog(runtime, consentFeatures?.consentsDialog);
  const resumeDialogs = options.resumeDialogs;
  const resume = resumeDialogs
    ? async (context: TurnContext) => {
        const dc = await resumeDialogs.createContext(context);
        if (!dc.activeDialog) return;
        await context.sendActivity(runtime.texts(context).menu.resuming);
        await dc.repromptDialog();
      }
    : undefined;
  const middleware = new PrivacyMiddleware(
    runtime,
    new host.dialogs.DialogSet(dialogState).add(menuDialog),
    dialogState,
    [options.userState, options.conversationState, personalState],
    options.maxMessageLength ?? 10_000,
    resume,
    featureKeywordSet(options.featureKeywords),
    { disclosure, threads },
  );
  return Object.freeze({
    middleware,
    menuDialog,
    ...(consentFeatures ? { consents: Object.freeze(consentFeatures) } : {}),
    localizer,
    runtime,
    erasure,
    dataSources: runtime.dataSources,
    async firstName(context: TurnContext) {
      return (await profile.get(context, {}))?.firstName;
    },
    async profile(context: TurnContext) {
      return (await profile.get(context, {})) ?? {};
    },
    handoverGate: new HandoverGate(),
    async passToHuman(context: TurnContext, options: { say?: string; metadata?: string } = {}) {
      if (!threads?.appliesTo(context)) {
        throw new ConfigurationError(
          'passToHuman needs the handover option of createPrivacy, on its channel.',
        );
      }
      if (options.say) await context.sendActivity(options.say);
      await middleware.passToHuman(context, options.metadata);
    },
  });
}

/** Each data source once (a bot may list the consent store itself as well). */
function distinct(sources: SubjectDataSource[]): SubjectDataSource[] {
  return [...new Set(sources)];
}

/** Every language's feature keywords, normalized, in one set. */
function featureKeywordSet(words: LocalizedText | undefined): Set<string> {
  if (words === undefined) return new Set();
  const lists = typeof words === 'string' ? [words] : Object.values(words);
  return new Set(lists.flatMap((list) => wordList(list)));
}
