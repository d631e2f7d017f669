import { withAuditContext } from '../core/audit/audit-context';
import { runTurnInSubjectScope } from '../core/subject-scope';
import type { ErasureSource } from '../core/metrics/metered-erasure';
import { normalizeAnswer, wordList } from '../i18n/localizer';
import { activityPayload, PRIVACY_PAYLOADS } from './activity-payload';
import { ActivityTypes } from './activity-types';
import { DialogTurnStatus, type DialogSet } from './dialogs-library';
import {
  PRIVACY_MENU_DIALOG_ID,
  type PrivacyMenuOptions,
  type PrivacyMenuResult,
} from './privacy-menu-dialog';
import type { PrivacyRuntime } from './privacy-runtime';
import { scopeOfActivity, subjectOfActivity } from './subject-scope-middleware';
import type { Middleware, TurnContext } from './turn-context';
import type { BotState } from './turn-state';

/** Metric dimension and error source of Bot Framework `deleteUserData` requests. */
const DELETE_USER_DATA: ErasureSource = 'delete_user_data';

/** Entry payloads that open the menu at that entry (e.g. a persistent-menu item straight to *Delete*). */
const DIRECT_ENTRIES = new Set<string>([
  PRIVACY_PAYLOADS.delete,
  PRIVACY_PAYLOADS.terms,
  PRIVACY_PAYLOADS.export,
  PRIVACY_PAYLOADS.correct,
  PRIVACY_PAYLOADS.consents,
  PRIVACY_PAYLOADS.center,
]);

/**
 * The privacy layer's botbuilder middleware. On every turn it:
 * - binds the turn to its data subject (so stores index what the turn writes, see SubjectScopeMiddleware);
 * - honours `deleteUserData` activities by erasing the subject;
 * - redacts tax ids, card numbers and IBANs from every incoming activity (text, value, attachments,
 *   channel data) before any logger sees it, and from what the bot sends (see SensitiveInputGuard);
 * - captures the person's name on their first message, on channels that share it;
 * - opens the privacy menu on `PRIVACY_MENU` (postback, quick reply, value or text) or a keyword in any
 *   configured language, running it on its own dialog stack so the bot's dialog is interrupted, not lost,
 *   and re-prompted when the menu closes (unless the person deleted their data).
 * Register it first, before anything that saves state.
 */
export class PrivacyMiddleware implements Middleware {
  private readonly keywords: Set<string>;

  /** `dialogs`: the privacy menu's own dialog set (on its own dialog state), holding the menu. */
  constructor(
    private readonly runtime: PrivacyRuntime,
    private readonly dialogs: DialogSet,
    private readonly states: BotState[],
    private readonly maxMessageLength: number,
    private readonly resume?: (context: TurnContext) => Promise<void>,
    /** Normalized words of the bot's own features: one closes the open menu and goes to the bot. */
    private readonly featureKeywords: ReadonlySet<string> = new Set(),
  ) {
    this.keywords = new Set(runtime.localizer.allTexts().flatMap((t) => wordList(t.menu.keywords)));
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    this.runtime.sensitive.watchOutgoing(context);
    const scope = scopeOfActivity(context.activity);
    if (!scope) {
      // Nobody to erase, no state of theirs: only keep tax ids and card numbers out of the logs.
      await this.runtime.sensitive.screenIncoming(context, false);
      return next();
    }
    // One batch per turn: the state loaded at its start is read together, and everything the turn writes
    // (state, history, consents) goes out together when it ends.
    // The audit origin of what the turn does: `chat`, unless the menu or deleteUserData handles it.
    return withAuditContext({ origin: 'chat' }, () =>
      runTurnInSubjectScope(scope, () => this.handle(context, next)),
    );
  }

  private async handle(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const activity = context.activity;
    if (activity.type === ActivityTypes.DeleteUserData) return this.deleteUserData(context);
    if (!this.runtime.nameCapture.appliesTo(context)) this.dropNames(context);
    if (typeof activity.text === 'string' && activity.text.length > this.maxMessageLength) {
      await context.sendActivity(this.runtime.texts(context).common.tooLong);
      return;
    }
    // Loads every state together (one read, with the erasure epoch), before anything needs one of them.
    await Promise.all(this.states.map((state) => state.load(context)));
    // Every activity type (messageUpdate, invoke...), before any logger or metric sees it.
    await this.runtime.sensitive.screenIncoming(context);
    if (activity.type !== ActivityTypes.Message && activity.type !== ActivityTypes.Event) return next();

    await this.runtime.nameCapture.capture(context);
    const handled = await this.runPrivacyDialog(context);
    if (handled === 'not-handled') await next();
    if (handled === 'menu-closed' && this.resume) await this.resume(context);
    await this.runtime.sensitive.settle(context);
    await Promise.all(this.states.map((state) => state.saveChanges(context)));
  }

  /**
   * Bot Framework's `deleteUserData`: erases the subject. A failure is counted (`erasure.failed`),
   * reported to `onError` and answered plainly (try again), rather than ending in a generic turn error.
   */
  private async deleteUserData(context: TurnContext): Promise<void> {
    await withAuditContext({ origin: DELETE_USER_DATA }, () =>
      this.runtime.eraseFor(context, subjectOfActivity(context.activity)!, DELETE_USER_DATA),
    );
  }

  private runPrivacyDialog(
    context: TurnContext,
  ): Promise<'not-handled' | 'menu-open' | 'menu-closed' | 'erased'> {
    // What the menu erases, exports or withdraws is audited with origin `menu`.
    return withAuditContext({ origin: 'menu' }, () => this.runMenu(context));
  }

  private async runMenu(
    context: TurnContext,
  ): Promise<'not-handled' | 'menu-open' | 'menu-closed' | 'erased'> {
    const trigger = this.trigger(context);
    const dc = await this.dialogs.createContext(context);
    let result;
    if (trigger) {
      await dc.cancelAllDialogs();
      const options: PrivacyMenuOptions = { start: trigger === PRIVACY_PAYLOADS.menu ? undefined : trigger };
      result = await dc.beginDialog(PRIVACY_MENU_DIALOG_ID, options);
    } else if (dc.activeDialog && this.asksForFeature(context)) {
      // The person wants one of the bot's features: the menu lets go and the bot gets the message.
      await dc.cancelAllDialogs();
      await context.sendActivity(this.runtime.texts(context).menu.closed);
      return 'not-handled';
    } else if (dc.activeDialog) {
      result = await dc.continueDialog();
    } else {
      return 'not-handled';
    }
    if (result.status !== DialogTurnStatus.complete) return 'menu-open';
    return (result.result as PrivacyMenuResult | undefined)?.erased ? 'erased' : 'menu-closed';
  }

  /**
   * On channels where names are not collected, the name the channel sends along is removed from the
   * incoming activity and from replies, so no later middleware (e.g. a transcript logger) stores it.
   */
  private dropNames(context: TurnContext): void {
    if (context.activity.from?.name) context.activity.from = { ...context.activity.from, name: '' };
    context.onSendActivities(async (_context, activities, nextSend) => {
      for (const activity of activities) {
        if (activity.recipient?.name) activity.recipient = { ...activity.recipient, name: '' };
      }
      return nextSend();
    });
  }

  /** True when the message is one of the bot's feature keywords (typed, not a button payload). */
  private asksForFeature(context: TurnContext): boolean {
    const text = context.activity.text;
    if (this.featureKeywords.size === 0 || typeof text !== 'string' || text.length > 100) return false;
    return !activityPayload(context.activity) && this.featureKeywords.has(normalizeAnswer(text));
  }

  /** The menu entry this activity asks for, if it asks for the privacy menu at all. */
  private trigger(context: TurnContext): string | undefined {
    const payload = activityPayload(context.activity);
    if (payload === PRIVACY_PAYLOADS.menu || (payload && DIRECT_ENTRIES.has(payload))) return payload;
    const text = context.activity.text;
    if (typeof text === 'string' && text.length <= 100 && this.keywords.has(normalizeAnswer(text))) {
      return PRIVACY_PAYLOADS.menu;
    }
    return undefined;
  }
}
