import type { Dialog, DialogsLibrary, DialogTurnResult, WaterfallStepContext } from '../dialogs-library';
import type { Purpose } from '../../core/consent/purpose';
import { validateTin, type TinCountry } from '../../core/sensitive/tax-id';
import { format } from '../../i18n/localizer';
import type { SensitiveValueStore } from '../../core/sensitive/sensitive-value-store';
import type { PrivacyRuntime } from '../privacy-runtime';
import { subjectOfActivity } from '../subject-scope-middleware';
import type { TurnContext } from '../turn-context';
import type { ConsentGateDialogClass } from './consent-gate-dialog';
import type { ConsentLedger } from './consent-ledger';
import { assertStoreFor, retentionSeconds, retentionText } from './consent-notice';
import type {
  AcceptedTin,
  ConsentDialogOptions,
  ConsentGateResult,
  TinDialogResult,
} from './consent-results';
import type {
  SensitiveAnswer,
  SensitiveInputPromptClass,
  SensitiveInputPromptOptions,
} from './sensitive-input-prompt';

/** Id of the tax id dialog. */
export const TIN_DIALOG_ID = 'consentTin';

const GATE = `${TIN_DIALOG_ID}.gate`;
const PROMPT = `${TIN_DIALOG_ID}.prompt`;
const MAIN = `${TIN_DIALOG_ID}.main`;

type ValidTin = Omit<AcceptedTin, 'purposeId'>;

/** What the tax id dialog needs besides the privacy runtime and the ledger. */
export interface TinDialogSettings {
  /** Tax ids of these countries are accepted. */
  countries: readonly TinCountry[];
  /** Purpose used when the dialog is begun without options. */
  defaultPurposeId?: string;
  /** Hands the tax id on (e.g. to the brand's customer API). A throw ends the dialog `unavailable`. */
  onTin: (context: TurnContext, tin: AcceptedTin) => Promise<void> | void;
  /** Where the tax id is kept, encrypted, when the purpose declares a retention. */
  store?: SensitiveValueStore;
  maxAttempts: number;
}

/**
 * Asks for a tax id after consent: the consent gate first, then the question, checked with the tax id
 * rules of the configured countries (clear re-prompts, limited attempts). A valid tax id goes to
 * `onTin`; it is kept (encrypted, with the purpose's retention) only when the purpose declares one.
 * Ends with a {@link TinDialogResult}, which never holds the tax id.
 */
export type TinDialogClass = new (
  runtime: PrivacyRuntime,
  ledger: ConsentLedger,
  settings: TinDialogSettings,
  dialogId?: string,
) => Dialog;

/** The {@link TinDialogClass} on a dialogs library, with the gate and prompt it asks with. */
export function defineTinDialog(
  lib: DialogsLibrary,
  ConsentGateDialog: ConsentGateDialogClass,
  SensitiveInputPrompt: SensitiveInputPromptClass,
): TinDialogClass {
  return class TinDialog extends lib.ComponentDialog {
    constructor(
      private readonly runtime: PrivacyRuntime,
      private readonly ledger: ConsentLedger,
      private readonly settings: TinDialogSettings,
      dialogId = TIN_DIALOG_ID,
    ) {
      super(dialogId);
      this.addDialog(new ConsentGateDialog(runtime, ledger, settings.maxAttempts, GATE));
      this.addDialog(
        new SensitiveInputPrompt<ValidTin>(
          PROMPT,
          runtime,
          'tax_id',
          (raw) => {
            const tin = validateTin(raw, settings.countries);
            if (!tin.valid) return { ok: false, reason: tin.reason === 'checksum' ? 'checksum' : 'format' };
            const { country, kind, holder, normalized } = tin;
            return { ok: true, value: { value: normalized, country, kind, holder } };
          },
          settings.maxAttempts,
        ),
      );
      this.addDialog(
        new lib.WaterfallDialog(MAIN, [
          (step) => this.askConsent(step),
          (step) => this.askTin(step),
          (step) => this.useTin(step),
        ]),
      );
      this.initialDialogId = MAIN;
    }

    private async askConsent(step: WaterfallStepContext): Promise<DialogTurnResult> {
      const options = step.options as ConsentDialogOptions | undefined;
      const purpose = this.ledger.purpose(options?.purposeId ?? this.settings.defaultPurposeId);
      assertStoreFor(purpose, this.settings.store);
      return step.beginDialog(GATE, { purposeId: purpose.id } satisfies ConsentDialogOptions);
    }

    private async askTin(step: WaterfallStepContext): Promise<DialogTurnResult> {
      const gate = step.result as ConsentGateResult;
      (step.values as { purposeId?: string }).purposeId = gate.purposeId;
      if (gate.status !== 'granted') {
        return step.endDialog({ status: gate.status, purposeId: gate.purposeId } satisfies TinDialogResult);
      }
      const texts = this.runtime.texts(step.context);
      const accepted = this.settings.countries
        .map((country) => texts.tin[country.toLowerCase() as 'es' | 'se' | 'us'])
        .join('; ');
      const options: SensitiveInputPromptOptions = {
        text: format(texts.tin.ask, { accepted }),
        retryTexts: { checksum: texts.tin.invalidChecksum, default: texts.tin.invalidFormat },
      };
      return step.prompt(PROMPT, options);
    }

    private async useTin(step: WaterfallStepContext): Promise<DialogTurnResult> {
      const { context } = step;
      const texts = this.runtime.texts(context).tin;
      const purpose = this.ledger.purpose((step.values as { purposeId: string }).purposeId);
      const answer = step.result as SensitiveAnswer<ValidTin>;
      if (answer.status !== 'ok') {
        await context.sendActivity(answer.status === 'cancelled' ? texts.cancelled : texts.tooManyAttempts);
        return this.end(step, purpose, answer.status === 'cancelled' ? 'declined' : 'invalid');
      }
      const tin = answer.value;
      const ttlSeconds = retentionSeconds(purpose.retention);
      const subject = subjectOfActivity(context.activity);
      const store = this.settings.store;
      try {
        // Consent may have been withdrawn (privacy menu) while the question was waiting.
        if (!(await this.ledger.isGranted(context, purpose))) {
          await context.sendActivity(texts.cancelled);
          return this.end(step, purpose, 'declined');
        }
        if (ttlSeconds !== undefined && store && subject) {
          await store.save(subject, purpose.id, tin.value, { ttlSeconds });
        }
        try {
          await this.settings.onTin(context, { purposeId: purpose.id, ...tin });
        } catch (error) {
          if (ttlSeconds !== undefined && store && subject) {
            // Best effort: the value expires with its TTL anyway; the brand's failure is what is reported.
            await store.deleteForPurpose(subject, purpose.id).catch(() => undefined);
          }
          throw error;
        }
      } catch (error) {
        this.runtime.reportError(context, error, 'tax_id');
        await context.sendActivity(texts.failed);
        return this.end(step, purpose, 'unavailable');
      }
      const stored = ttlSeconds !== undefined;
      await context.sendActivity(
        stored
          ? format(texts.acceptedStored, {
              retention: retentionText(purpose.retention, this.runtime.texts(context)),
            })
          : texts.acceptedNotStored,
      );
      const result: TinDialogResult = {
        status: 'granted',
        purposeId: purpose.id,
        country: tin.country,
        kind: tin.kind,
        holder: tin.holder,
        stored,
      };
      return step.endDialog(result);
    }

    private end(
      step: WaterfallStepContext,
      purpose: Purpose,
      status: 'declined' | 'unavailable' | 'invalid',
    ): Promise<DialogTurnResult> {
      return step.endDialog({ status, purposeId: purpose.id } satisfies TinDialogResult);
    }
  };
}
