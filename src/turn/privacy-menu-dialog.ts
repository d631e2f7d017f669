import { toJsonAttachment, type SubjectDataSection } from '../core/data-export';
import {
  BoundedTextSink,
  ExportTooLargeError,
  isPagedSection,
  subjectDataSections,
  writeSections,
} from '../core/export-writer';
import { renderTerms } from '../core/terms';
import type { PrivacyCenterLinks } from '../core/privacy-center-link';
import type { DataSubject } from '../core/subject';
import type { ErasureSource } from '../core/metrics/metered-erasure';
import { format, normalizeAnswer, wordList } from '../i18n/localizer';
import { activityPayload, PRIVACY_PAYLOADS } from './activity-payload';
import { ActivityTypes } from './activity-types';
import type {
  ComponentDialogBase,
  Dialog,
  DialogsLibrary,
  DialogTurnResult,
  PromptValidatorContext,
  WaterfallStepContext,
} from './dialogs-library';
import type {
  PayloadChoice,
  PayloadChoicePromptClass,
  PayloadChoicePromptOptions,
} from './payload-choice-prompt';
import { cleanName } from './privacy-profile';
import type { PrivacyRuntime } from './privacy-runtime';
import { describeExport, summarizeHistory } from './export-description';
import { linkButtonActivity } from './link-button';
import { sendLongText } from './send-long-text';
import { subjectOfActivity } from './subject-scope-middleware';
import type { TurnContext } from './turn-context';

/** Id of the privacy menu dialog, for bots that start it themselves. */
export const PRIVACY_MENU_DIALOG_ID = 'privacyMenu';

/** Options to begin the menu with: `start` jumps straight to one entry, e.g. `PRIVACY_DELETE`. */
export interface PrivacyMenuOptions {
  start?: string;
}

/** What the menu returns: whether the person's data was erased (then nothing is resumed). */
export interface PrivacyMenuResult {
  erased: boolean;
}

/**
 * Channels that cannot take a `data:` attachment: with a Privacy Center configured, *My data* links to its
 * download there (without one, the attachment is still sent, as before).
 */
const LINK_CHANNELS = ['facebook'];
/**
 * Longest *My data* file sent inline as a `data:` attachment, in characters of JSON (about 256 KB once
 * base64-encoded, the size of one Bot Framework activity). A `data:` URL travels inside the activity, so
 * it cannot be streamed: a larger file is offered as the Privacy Center download (streamed), or, without
 * a Privacy Center, the person is told to ask for a copy (an operator export request).
 */
const MAX_ATTACHMENT_CHARS = 192 * 1024;
/** Metric dimension and error source of requests made in the menu. */
const MENU_SOURCE: ErasureSource = 'menu';

const CHOICE = `${PRIVACY_MENU_DIALOG_ID}.choice`;
const MAIN = `${PRIVACY_MENU_DIALOG_ID}.main`;
const DELETE = `${PRIVACY_MENU_DIALOG_ID}.delete`;
const CORRECT = `${PRIVACY_MENU_DIALOG_ID}.correct`;
const NAME = `${PRIVACY_MENU_DIALOG_ID}.name`;

/**
 * The privacy menu: *Delete my data*, *Terms of use*, *My data*, *Correct my name*, *My consents*.
 * Choices go out as suggested actions (Messenger quick replies) with stable payloads and are accepted by
 * payload or by title in the person's language.
 */
export type PrivacyMenuDialog = ComponentDialogBase;

/** Builds the {@link PrivacyMenuDialog} for a runtime. */
export type PrivacyMenuDialogClass = new (
  runtime: PrivacyRuntime,
  consentsDialog?: Dialog,
) => PrivacyMenuDialog;

/** The {@link PrivacyMenuDialogClass} on a dialogs library. */
export function definePrivacyMenuDialog(
  lib: DialogsLibrary,
  PayloadChoicePrompt: PayloadChoicePromptClass,
): PrivacyMenuDialogClass {
  return class PrivacyMenuDialog extends lib.ComponentDialog {
    /** @param consentsDialog the dialog behind *My consents*, when the consent features are on. */
    constructor(
      private readonly runtime: PrivacyRuntime,
      private readonly consentsDialog?: Dialog,
    ) {
      super(PRIVACY_MENU_DIALOG_ID);
      this.addDialog(new PayloadChoicePrompt(CHOICE));
      this.addDialog(new lib.TextPrompt(NAME, (prompt) => this.validateName(prompt)));
      this.addDialog(
        new lib.WaterfallDialog(MAIN, [
          (step) => this.showMenu(step),
          (step) => this.handleChoice(step),
          (step) => this.finish(step),
        ]),
      );
      this.addDialog(
        new lib.WaterfallDialog(DELETE, [(step) => this.confirmDelete(step), (step) => this.delete(step)]),
      );
      this.addDialog(
        new lib.WaterfallDialog(CORRECT, [(step) => this.askName(step), (step) => this.saveName(step)]),
      );
      if (consentsDialog) this.addDialog(consentsDialog);
      this.initialDialogId = MAIN;
    }

    private async showMenu(step: WaterfallStepContext): Promise<DialogTurnResult> {
      this.runtime.record(step.context, { name: 'feature.started', dimension: PRIVACY_MENU_DIALOG_ID });
      const start = (step.options as PrivacyMenuOptions | undefined)?.start;
      const choices = await this.menuChoices(step.context);
      if (start && choices.some((c) => c.payload === start)) return step.next(start);
      const texts = this.runtime.texts(step.context);
      const options: PayloadChoicePromptOptions = {
        text: format(texts.menu.prompt, { brand: this.runtime.brand.name }),
        retryText: texts.menu.notUnderstood,
        payloadChoices: choices,
      };
      return step.prompt(CHOICE, options);
    }

    private async handleChoice(step: WaterfallStepContext): Promise<DialogTurnResult> {
      const choice = step.result as string;
      const { context } = step;
      const texts = this.runtime.texts(context);
      // Buttons are counted by MetricsMiddleware from their payload; titles typed by hand are counted here.
      if (choice && !activityPayload(context.activity))
        this.runtime.record(context, { name: 'click', dimension: choice });
      switch (choice) {
        case PRIVACY_PAYLOADS.delete:
          return step.beginDialog(DELETE);
        case PRIVACY_PAYLOADS.correct:
          return step.beginDialog(CORRECT);
        case PRIVACY_PAYLOADS.terms:
          await this.sendTerms(context);
          return step.next();
        case PRIVACY_PAYLOADS.export:
          await this.sendExport(context);
          return step.next();
        case PRIVACY_PAYLOADS.center:
          await this.sendCenterLink(context);
          return step.next();
        case PRIVACY_PAYLOADS.consents:
          if (this.consentsDialog) return step.beginDialog(this.consentsDialog.id);
          await context.sendActivity(texts.consents.none);
          return step.next();
        default:
          await context.sendActivity(texts.menu.closed);
          return step.next();
      }
    }

    private async finish(step: WaterfallStepContext): Promise<DialogTurnResult> {
      const erased = Boolean((step.result as PrivacyMenuResult | undefined)?.erased);
      this.runtime.record(step.context, { name: 'feature.completed', dimension: PRIVACY_MENU_DIALOG_ID });
      const result: PrivacyMenuResult = { erased };
      return step.endDialog(result);
    }

    private async confirmDelete(step: WaterfallStepContext): Promise<DialogTurnResult> {
      const texts = this.runtime.texts(step.context);
      const options: PayloadChoicePromptOptions = {
        text: format(texts.delete.explain, { brand: this.runtime.brand.name }),
        retryText: texts.menu.notUnderstood,
        payloadChoices: [
          {
            payload: PRIVACY_PAYLOADS.deleteConfirm,
            title: texts.delete.confirmTitle,
            synonyms: yesNo(texts.common.yesWords),
          },
          {
            payload: PRIVACY_PAYLOADS.deleteCancel,
            title: texts.delete.cancelTitle,
            synonyms: yesNo(texts.common.noWords),
          },
        ],
      };
      return step.prompt(CHOICE, options);
    }

    private async delete(step: WaterfallStepContext): Promise<DialogTurnResult> {
      const { context } = step;
      const texts = this.runtime.texts(context);
      const subject = subjectOfActivity(context.activity);
      if (step.result !== PRIVACY_PAYLOADS.deleteConfirm || !subject) {
        await context.sendActivity(texts.delete.cancelled);
        return step.endDialog({ erased: false });
      }
      // Told plainly and reported on failure; the menu stays usable, so the person can try again.
      const receipt = await this.runtime.eraseFor(context, subject, MENU_SOURCE);
      if (!receipt) return step.endDialog({ erased: false });
      await context.sendActivity(format(texts.delete.done, { code: receipt.confirmationCode }));
      return step.endDialog({ erased: true });
    }

    private async askName(step: WaterfallStepContext): Promise<DialogTurnResult> {
      const texts = this.runtime.texts(step.context);
      const profile = await this.runtime.profile.get(step.context, {});
      if (!profile.firstName) {
        await step.context.sendActivity(texts.correct.noName);
        return step.endDialog();
      }
      return step.prompt(NAME, {
        prompt: format(texts.correct.ask, { name: profile.firstName }),
        retryPrompt: texts.correct.invalid,
      });
    }

    private async saveName(step: WaterfallStepContext): Promise<DialogTurnResult> {
      const texts = this.runtime.texts(step.context);
      const name = cleanName(step.result as string);
      if (!name) {
        await step.context.sendActivity(texts.correct.cancelled);
        return step.endDialog();
      }
      const profile = await this.runtime.profile.get(step.context, {});
      await this.runtime.profile.set(step.context, {
        ...profile,
        firstName: name,
        lastName: undefined,
        nameSource: 'user',
      });
      await step.context.sendActivity(format(texts.correct.done, { name }));
      return step.endDialog();
    }

    private async validateName(prompt: PromptValidatorContext<string>): Promise<boolean> {
      const texts = this.runtime.texts(prompt.context);
      const answer = prompt.recognized.value ?? '';
      if (wordList(texts.common.cancelWords).includes(normalizeAnswer(answer))) {
        prompt.recognized.value = '';
        return true;
      }
      return cleanName(answer) !== undefined;
    }

    private async sendTerms(context: TurnContext): Promise<void> {
      const texts = this.runtime.texts(context);
      const terms = renderTerms(
        this.runtime.inventory,
        { ...texts.terms, legalBasis: texts.legalBasis },
        this.runtime.language(context),
        this.runtime.brand,
        this.runtime.automated,
      );
      await sendLongText(context, terms);
    }

    private async sendExport(context: TurnContext): Promise<void> {
      const texts = this.runtime.texts(context);
      const subject = subjectOfActivity(context.activity);
      if (!subject) return;
      try {
        // Listed once (one audit entry); long histories are read page by page, never held whole.
        const sections = await subjectDataSections(subject, this.runtime.dataSources);
        const whole = sections.filter((section): section is SubjectDataSection => !isPagedSection(section));
        const histories = await Promise.all(sections.filter(isPagedSection).map(summarizeHistory));
        const profile = await this.runtime.profile.get(context, {});
        const described = describeExport(
          { exportedAt: '', sections: whole },
          profile,
          texts,
          this.runtime.brand.name,
          histories,
        );
        await sendLongText(context, described.text);
        if (!described.hasData) return;
        const center = this.runtime.center;
        if (center && LINK_CHANNELS.includes(context.activity.channelId ?? '')) {
          // Messenger does not accept data: URLs: a button to the Privacy Center download instead.
          await this.sendLink(context, center, subject, 'download');
          return;
        }
        // A data: URL travels inside the activity: only a file under the bound goes that way.
        const file = new BoundedTextSink(MAX_ATTACHMENT_CHARS);
        try {
          await writeSections(subject, sections, file);
        } catch (error) {
          if (!(error instanceof ExportTooLargeError)) throw error;
          if (center) await this.sendLink(context, center, subject, 'download');
          else await context.sendActivity(format(texts.export.tooLarge, { brand: this.runtime.brand.name }));
          return;
        }
        await context.sendActivity({
          type: ActivityTypes.Message,
          text: texts.export.attachmentNote,
          attachments: [toJsonAttachment(file.text())],
        });
      } catch (error) {
        // Told plainly and reported, never swallowed.
        this.runtime.record(context, { name: 'export.failed', dimension: MENU_SOURCE });
        this.runtime.reportError(context, error, 'export', MENU_SOURCE);
        await context.sendActivity(texts.export.failed);
      }
    }

    private async sendCenterLink(context: TurnContext): Promise<void> {
      const texts = this.runtime.texts(context);
      const subject = subjectOfActivity(context.activity);
      const center = this.runtime.center;
      if (!subject || !center) return;
      try {
        await this.sendLink(context, center, subject, 'page');
      } catch (error) {
        // Told plainly and reported, never swallowed.
        this.runtime.reportError(context, error, 'privacy_center_link', MENU_SOURCE);
        await context.sendActivity(texts.center.unavailable);
      }
    }

    /** A fresh Privacy Center link as one button: to the page, or straight to the `my-data.json` download. */
    private async sendLink(
      context: TurnContext,
      center: PrivacyCenterLinks,
      subject: DataSubject,
      target: 'page' | 'download',
    ): Promise<void> {
      const texts = this.runtime.texts(context).center;
      const link = await center.issue(subject, this.runtime.language(context));
      const minutes = Math.round(center.ttlSeconds / 60);
      const [text, title, url] =
        target === 'page'
          ? [texts.linkText, texts.linkTitle, link.url]
          : [texts.downloadText, texts.downloadTitle, link.downloadUrl];
      await context.sendActivity(
        linkButtonActivity(context.activity.channelId, format(text, { minutes }), title, url),
      );
    }

    private async menuChoices(context: TurnContext): Promise<PayloadChoice[]> {
      const texts = this.runtime.texts(context);
      const choices: PayloadChoice[] = [
        { payload: PRIVACY_PAYLOADS.delete, title: texts.menu.deleteTitle },
        { payload: PRIVACY_PAYLOADS.terms, title: texts.menu.termsTitle },
        { payload: PRIVACY_PAYLOADS.export, title: texts.menu.exportTitle },
      ];
      if (this.runtime.center) {
        choices.push({ payload: PRIVACY_PAYLOADS.center, title: texts.center.menuTitle });
      }
      if (
        this.runtime.nameCapture.appliesTo(context) &&
        (await this.runtime.profile.get(context, {})).firstName
      ) {
        choices.push({ payload: PRIVACY_PAYLOADS.correct, title: texts.menu.correctTitle });
      }
      choices.push(
        { payload: PRIVACY_PAYLOADS.consents, title: texts.menu.consentsTitle },
        {
          payload: PRIVACY_PAYLOADS.close,
          title: texts.menu.closeTitle,
          synonyms: wordList(texts.common.cancelWords),
        },
      );
      return choices;
    }
  };
}

function yesNo(words: string): string[] {
  return wordList(words);
}
