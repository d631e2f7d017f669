import { defineConsentGateDialog, type ConsentGateDialogClass } from './consent/consent-gate-dialog';
import { defineConsentsDialog, type ConsentsDialogClass } from './consent/consents-dialog';
import { definePaymentDialog, type PaymentDialogClass } from './consent/payment-dialog';
import { defineSensitiveInputPrompt, type SensitiveInputPromptClass } from './consent/sensitive-input-prompt';
import { defineTinDialog, type TinDialogClass } from './consent/tin-dialog';
import type { DialogsLibrary } from './dialogs-library';
import { definePayloadChoicePrompt, type PayloadChoicePromptClass } from './payload-choice-prompt';
import { definePrivacyMenuDialog, type PrivacyMenuDialogClass } from './privacy-menu-dialog';

/** The privacy layer's dialogs and prompts, as classes of one dialogs library. */
export interface PrivacyDialogClasses {
  readonly PayloadChoicePrompt: PayloadChoicePromptClass;
  readonly SensitiveInputPrompt: SensitiveInputPromptClass;
  readonly PrivacyMenuDialog: PrivacyMenuDialogClass;
  readonly ConsentGateDialog: ConsentGateDialogClass;
  readonly TinDialog: TinDialogClass;
  readonly PaymentDialog: PaymentDialogClass;
  readonly ConsentsDialog: ConsentsDialogClass;
}

const defined = new WeakMap<DialogsLibrary, PrivacyDialogClasses>();

/**
 * The privacy dialogs defined on `lib` (botbuilder-dialogs or `@microsoft/agents-hosting-dialogs`): each
 * dialog is written once, in its own file, as a class extending the library's ComponentDialog or Prompt.
 * Defined once per library, so every caller gets the same classes.
 */
export function privacyDialogsOn(lib: DialogsLibrary): PrivacyDialogClasses {
  const known = defined.get(lib);
  if (known) return known;
  const PayloadChoicePrompt = definePayloadChoicePrompt(lib);
  const SensitiveInputPrompt = defineSensitiveInputPrompt(lib);
  const ConsentGateDialog = defineConsentGateDialog(lib, PayloadChoicePrompt);
  const classes: PrivacyDialogClasses = Object.freeze({
    PayloadChoicePrompt,
    SensitiveInputPrompt,
    PrivacyMenuDialog: definePrivacyMenuDialog(lib, PayloadChoicePrompt),
    ConsentGateDialog,
    TinDialog: defineTinDialog(lib, ConsentGateDialog, SensitiveInputPrompt),
    PaymentDialog: definePaymentDialog(lib, ConsentGateDialog, SensitiveInputPrompt),
    ConsentsDialog: defineConsentsDialog(lib, PayloadChoicePrompt),
  });
  defined.set(lib, classes);
  return classes;
}
