import { withAuditContext } from '../core/audit/audit-context';
import { runTurnInSubjectScope } from '../core/subject-scope';
import type { ErasureSource } from '../core/metrics/metered-erasure';
import { normalizeAnswer, wordList } from '../i18n/localizer';
import { activityPayload, PRIVACY_PAYLOADS } from './activity-payload';
import { ActivityTypes } from './activity-types';
import { DialogTurnStatus, type DialogContext, type DialogSet, type DialogState } from './dialogs-library';
import {
  PRIVACY_MENU_DIALOG_ID,
  type PrivacyMenuOptions,
  type PrivacyMenuResult,
} from './privacy-menu-dialog';
import type { PrivacyRuntime } from './privacy-runtime';
import { scopeOfActivity, subjectOfActivity } from './subject-scope-middleware';
import type { Middleware, TurnContext } from './turn-context';
import type { BotState, StatePropertyAccessor } from './turn-state';
import type { AutomatedDisclosure } from './disclosure';
import { silenceTurn } from './handover-gate';
import type { ThreadControl, ThreadSignal } from './thread-control';

/** What the human agents' inbox is told (thread-control metadata): never who, never what they wrote. */
export const HANDOVER_METADATA = {
  toHuman: 'botbuilder-privacy: the person asked for a human agent.',
  menuOpened:
    'botbuilder-privacy: the person opened the privacy menu; the bot answers until it closes, then passes the conversation back.',
  menuClosed: 'botbuilder-privacy: the person closed the privacy menu; the conversation is yours again.',
  erased:
    'botbuilder-privacy: the person had their data deleted. Delete any notes or copies of this conversation kept outside the bot; the bot keeps nothing of theirs.',
} as const;

/** The parts of the layer the middleware runs besides the menu (each optional). */
export interface PrivacyMiddlewareParts {
  readonly disclosure?: AutomatedDisclosure;
  readonly threads?: ThreadControl;
}

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

  /**
   * `dialogs`: the privacy menu's own dialog set, holding the menu; `menuState`: that set's dialog state
   * (whether the menu is open is read from it directly).
   */
  constructor(
    private readonly runtime: PrivacyRuntime,
    private readonly dialogs: DialogSet,
    private readonly menuState: StatePropertyAccessor<DialogState>,
    private readonly states: BotState[],
    private readonly maxMessageLength: number,
    private readonly resume?: (context: TurnContext) => Promise<void>,
    /** Normalized words of the bot's own features: one closes the open menu and goes to the bot. */
    private readonly featureKeywords: ReadonlySet<string> = new Set(),
    private readonly parts: PrivacyMiddlewareParts = {},
  ) {
    this.keywords = new Set(runtime.localizer.allTexts().flatMap((t) => wordList(t.menu.keywords)));
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    this.runtime.sensitive.watchOutgoing(context);
    const signal = this.threadSignal(context);
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
      runTurnInSubjectScope(scope, () => this.handle(context, next, signal)),
    );
  }

  /**
   * Hands the turn's conversation to the human agents and records that they hold it (see
   * `Privacy.passToHuman`).
   */
  async passToHuman(context: TurnContext, metadata: string = HANDOVER_METADATA.toHuman): Promise<void> {
    const threads = this.parts.threads!;
    await threads.handover.passToHuman(context, metadata);
    await threads.set(context, 'human');
    this.runtime.record(context, { name: 'handover.to_human' });
  }

  /**
   * What the activity says about thread control. A standby event becomes the message it carries (so it
   * is redacted, logged and exported like any other); every signalled turn is silent.
   */
  private threadSignal(context: TurnContext): ThreadSignal | undefined {
    const threads = this.parts.threads;
    const signal = threads?.signalOf(context);
    if (!threads || !signal) return undefined;
    if (signal.kind === 'standby') {
      const message = threads.handover.standbyMessage?.(context.activity);
      if (message) Object.assign(context.activity, message);
    }
    silenceTurn(context);
    return signal;
  }

  /** Records who holds the thread now; a thread back from a human agent makes the notice due again. */
  private async applySignal(context: TurnContext, signal: ThreadSignal): Promise<void> {
    const threads = this.parts.threads!;
    if (signal.kind === 'standby') {
      // Delivered on standby: another app (the human agents' inbox) holds the thread.
      await threads.set(context, 'human');
    } else if (signal.kind === 'handover') {
      const previous = await threads.set(context, signal.holder);
      if (previous === signal.holder) return;
      this.runtime.record(context, {
        name: signal.holder === 'human' ? 'handover.to_human' : 'handover.to_bot',
      });
      if (signal.holder === 'bot') await this.parts.disclosure?.markHandback(context);
    }
  }

  private async saveStates(context: TurnContext): Promise<void> {
    await Promise.all(this.states.map((state) => state.saveChanges(context)));
  }

  private async handle(
    context: TurnContext,
    next: () => Promise<void>,
    signal: ThreadSignal | undefined,
  ): Promise<void> {
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
    if (signal) {
      // Not the bot's to answer: recorded, then passed on so the transcript logger keeps it.
      await this.applySignal(context, signal);
      await next();
      return this.saveStates(context);
    }
    if (activity.type !== ActivityTypes.Message && activity.type !== ActivityTypes.Event) {
      if (activity.type !== ActivityTypes.ConversationUpdate || !this.parts.disclosure) return next();
      // A welcome is the first reply of a web chat: the notice goes with it.
      await this.parts.disclosure.prepare(context);
      await next();
      return this.saveStates(context);
    }

    await this.runtime.nameCapture.capture(context);
    const threads = this.parts.threads;
    const thread = await threads?.current(context);
    if (thread?.holder === 'human') {
      if (!this.trigger(context) && !(await this.menuIsOpen(context))) {
        // A human agent holds the thread: the bot stays silent (the gate ends the turn after logging).
        silenceTurn(context);
        await next();
        return this.saveStates(context);
      }
      await this.takeBackForPrivacy(context);
    }
    await this.parts.disclosure?.prepare(context);
    const handled = await this.runPrivacyDialog(context);
    if (handled === 'not-handled') await next();
    if (
      (handled === 'menu-closed' || handled === 'erased') &&
      (await threads?.current(context))?.forPrivacy
    ) {
      await this.handBackAfterPrivacy(context, handled === 'erased');
    } else if (handled === 'menu-closed' && this.resume) {
      await this.resume(context);
    }
    await this.runtime.sensitive.settle(context);
    await this.saveStates(context);
  }

  /**
   * True while the privacy menu waits for the person's answer. Read from the menu's dialog stack: building
   * a dialog context for it (a dialog state manager, its memory scopes) cost every ordinary turn.
   */
  private async menuIsOpen(context: TurnContext): Promise<boolean> {
    const stack = ((await this.menuState.get(context)) as { dialogStack?: unknown } | undefined)?.dialogStack;
    return Array.isArray(stack) && stack.length > 0;
  }

  /**
   * The person opened the privacy menu (the persistent menu still reaches the bot) while a human agent
   * holds the thread: the bot takes it for the menu, telling the agents' inbox why. If that fails, the
   * menu is shown anyway: the person asked for it.
   */
  private async takeBackForPrivacy(context: TurnContext): Promise<void> {
    const threads = this.parts.threads!;
    try {
      await threads.handover.takeBack(context, HANDOVER_METADATA.menuOpened);
    } catch (error) {
      this.runtime.reportError(context, error, 'handover', 'menu');
    }
    await threads.set(context, 'bot', true);
  }

  /**
   * The menu closed: the thread goes back to the human agents, with a note for their inbox; after an
   * erasure, the note says to delete what they keep of the conversation (nothing of the person in it).
   */
  private async handBackAfterPrivacy(context: TurnContext, erased: boolean): Promise<void> {
    const threads = this.parts.threads!;
    try {
      await threads.handover.passToHuman(
        context,
        erased ? HANDOVER_METADATA.erased : HANDOVER_METADATA.menuClosed,
      );
      // After an erasure nothing of the turn is written back; the next standby message records it again.
      await threads.set(context, 'human');
    } catch (error) {
      this.runtime.reportError(context, error, 'handover', 'menu');
    }
  }

  /**
   * Bot Framework's `deleteUserData`: erases the subject. A failure is counted (`erasure.failed`),
   * reported to `onError` and answered plainly (try again), rather than ending in a generic turn error.
   */
  private async deleteUserData(context: TurnContext): Promise<void> {
    const withHuman = (await this.parts.threads?.current(context))?.holder === 'human';
    const receipt = await withAuditContext({ origin: DELETE_USER_DATA }, () =>
      this.runtime.eraseFor(context, subjectOfActivity(context.activity)!, DELETE_USER_DATA),
    );
    if (!receipt || !withHuman) return;
    // The human agents' inbox is told (a take and a pass, so the note reaches it), with no personal data.
    const handover = this.parts.threads!.handover;
    try {
      await handover.takeBack(context, HANDOVER_METADATA.erased);
      await handover.passToHuman(context, HANDOVER_METADATA.erased);
    } catch (error) {
      this.runtime.reportError(context, error, 'handover', DELETE_USER_DATA);
    }
  }

  private async runPrivacyDialog(
    context: TurnContext,
  ): Promise<'not-handled' | 'menu-open' | 'menu-closed' | 'erased'> {
    const trigger = this.trigger(context);
    // Most turns neither open nor answer the menu: they leave it at once.
    if (!trigger && !(await this.menuIsOpen(context))) return 'not-handled';
    const dc = await this.dialogs.createContext(context);
    // What the menu erases, exports or withdraws is audited with origin `menu`.
    return withAuditContext({ origin: 'menu' }, () => this.runMenu(context, dc, trigger));
  }

  private async runMenu(
    context: TurnContext,
    dc: DialogContext,
    trigger: string | undefined,
  ): Promise<'not-handled' | 'menu-open' | 'menu-closed' | 'erased'> {
    let result;
    if (trigger) {
      await dc.cancelAllDialogs();
      const options: PrivacyMenuOptions = { start: trigger === PRIVACY_PAYLOADS.menu ? undefined : trigger };
      result = await dc.beginDialog(PRIVACY_MENU_DIALOG_ID, options);
    } else if (this.asksForFeature(context)) {
      // The person wants one of the bot's features: the menu lets go and the bot gets the message.
      await dc.cancelAllDialogs();
      await context.sendActivity(this.runtime.texts(context).menu.closed);
      return 'not-handled';
    } else {
      result = await dc.continueDialog();
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
