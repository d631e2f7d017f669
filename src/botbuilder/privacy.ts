import type { TurnContext } from 'botbuilder-core';
import { combineErasures } from '../core/erasure';
import type { Dialog, DialogState } from 'botbuilder-dialogs';
import type { SubjectDataSource } from '../core/data-export';
import { ConfigurationError } from '../core/errors';
import type { ConsentWithdrawal } from './consent/consent-withdrawal';
import { SensitiveInputGuard, type AwaitedSensitiveInput } from './consent/sensitive-input-guard';
import { NameCapture } from './name-capture';
import { PrivacyMenuDialog } from './privacy-menu-dialog';
import { PrivacyMiddleware } from './privacy-middleware';
import { validatePrivacyOptions, type PrivacyOptions } from './privacy-options';
import type { PrivacyProfile } from './privacy-profile';
import { PrivacyRuntime } from './privacy-runtime';

/** What {@link createPrivacy} gives a bot. */
export interface Privacy {
  /** `adapter.use(privacy.middleware)`: register it first. */
  readonly middleware: PrivacyMiddleware;
  /** The privacy menu, for bots that also start it themselves (`dialogs.add(privacy.menuDialog)`). */
  readonly menuDialog: PrivacyMenuDialog;
  /** The shared configuration (texts, metrics, erasure) for dialogs built on the layer. */
  readonly runtime: PrivacyRuntime;
  /** The person's first name, when the channel shared it (to greet them by it). */
  firstName(context: TurnContext): Promise<string | undefined>;
  /** The person's stored profile. */
  profile(context: TurnContext): Promise<PrivacyProfile>;
  /**
   * Plugs a *My consents* dialog into the menu and adds stores to *My data* (createConsentFeatures
   * calls it). Call it at start-up, once.
   * @throws ConfigurationError when a consents dialog is already attached.
   */
  attachConsents(dialog: Dialog, dataSources?: SubjectDataSource[], withdrawal?: ConsentWithdrawal): void;
}

/**
 * Validates the options (throwing ConfigurationError at start-up, not at the first message) and builds
 * the privacy middleware and menu.
 */
export function createPrivacy(options: PrivacyOptions): Privacy {
  const localizer = validatePrivacyOptions(options);
  const profile = options.userState.createProperty<PrivacyProfile>('privacyProfile');
  const dialogState = options.conversationState.createProperty<DialogState>('privacyDialogState');
  const sensitive = new SensitiveInputGuard(
    localizer,
    options.conversationState.createProperty<AwaitedSensitiveInput | undefined>('privacySensitiveInput'),
    options.sensitiveInput,
  );
  const runtime = new PrivacyRuntime(
    { name: options.brand.name.trim(), policyUrl: options.brand.policyUrl },
    localizer,
    profile,
    new NameCapture(profile, options.nameCapture),
    combineErasures(Array.isArray(options.erasure) ? options.erasure : [options.erasure]),
    options.dataSources ?? [],
    options.inventory,
    options.conversationState,
    sensitive,
    options.metrics,
    options.consentsDialog,
    options.privacyCenter,
  );
  const menuDialog = new PrivacyMenuDialog(runtime);
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
    menuDialog,
    dialogState,
    [options.userState, options.conversationState],
    options.maxMessageLength ?? 10_000,
    resume,
  );
  return {
    middleware,
    menuDialog,
    runtime,
    async firstName(context) {
      return (await profile.get(context, {}))?.firstName;
    },
    async profile(context) {
      return (await profile.get(context, {})) ?? {};
    },
    attachConsents(dialog, dataSources = [], withdrawal) {
      if (runtime.consentsDialog) {
        throw new ConfigurationError('A *My consents* dialog is already attached to the privacy menu.');
      }
      menuDialog.addDialog(dialog);
      runtime.setConsentsDialog(dialog);
      runtime.consentWithdrawal = withdrawal;
      for (const source of dataSources) {
        if (!runtime.dataSources.includes(source)) runtime.dataSources.push(source);
      }
    },
  };
}
