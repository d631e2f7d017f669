/**
 * The botbuilder 4.x binding of the privacy layer: the turn logic of `src/turn`, with botbuilder-dialogs
 * as its dialogs library and botbuilder's PrivateConversationState for each person's own flags.
 */
import type { ComponentDialog } from 'botbuilder-dialogs';
import type { ConsentFeatures as HostConsentFeatures } from '../turn/consent/consent-features';
import type { ConsentFeaturesOptions } from '../turn/consent/consent-features-options';
import { createPrivacyWith, type Privacy as HostPrivacy } from '../turn/privacy';
import type { PrivacyOptions } from '../turn/privacy-options';
import { BOTBUILDER_HOST } from './botbuilder-host';

/**
 * The consent dialogs createPrivacy builds when its `consents` option is set, as botbuilder-dialogs
 * dialogs. Add the ones you use to your DialogSet.
 */
export type ConsentFeatures = HostConsentFeatures<ComponentDialog>;

/** What {@link createPrivacy} gives a bot; its dialogs are botbuilder-dialogs ComponentDialogs. */
export type Privacy = HostPrivacy<ComponentDialog>;

/** The privacy layer of a bot that configured `consents`: its consent dialogs are there. */
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
  // Its dialogs are instances of botbuilder-dialogs' own classes (see botbuilder-host.ts).
  return createPrivacyWith(BOTBUILDER_HOST, options) as HostPrivacy as Privacy;
}

export type { PrivacyOptions, ConsentFeaturesOptions };
