import {
  ActionTypes,
  MessageFactory,
  TurnContext,
  type CloudAdapter,
  type ConversationReference,
  type Middleware,
  type StatePropertyAccessor,
  type Storage,
  type UserState,
} from 'botbuilder';
import type { InChatConfirmation, PrivacyRequests } from '../../src';
import type { DataSubject } from '../../src/core/subject';
import { format, type Localizer } from '../../src/i18n/localizer';

/*
 * Identity verification `in_chat` for operator privacy requests, on botbuilder: the bot asks the person,
 * in their own one-to-one conversation, to confirm a request filed for them, and their answer there moves
 * it on. To message a person proactively the bot needs their conversation reference: the layer stores
 * none, so it is kept in the person's own user state (`privacyConversationReference`), written at each of
 * their one-to-one turns and erased with the rest of their data.
 */

const REFERENCE_PROPERTY = 'privacyConversationReference';

/** Remembers the person's conversation reference in their own user state, in one-to-one conversations. */
export class ConversationReferenceRecorder implements Middleware {
  private readonly reference: StatePropertyAccessor<Partial<ConversationReference>>;

  constructor(userState: UserState) {
    this.reference = userState.createProperty(REFERENCE_PROPERTY);
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    if (activity.type === 'message' && activity.from?.id && activity.conversation?.isGroup !== true) {
      const reference = TurnContext.getConversationReference(activity);
      await this.reference.set(context, { ...reference, locale: activity.locale });
    }
    await next();
  }
}

/**
 * Takes the person's answer: a message that is the one-time code of a request waiting for them confirms
 * it (the turn ends there with a thank-you); anything else goes on to the bot.
 */
export class InChatConfirmationMiddleware implements Middleware {
  constructor(
    private readonly requests: () => PrivacyRequests | undefined,
    private readonly localizer: Localizer,
    private readonly onError: (error: unknown) => void,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    const requests = this.requests();
    const text = typeof activity.text === 'string' ? activity.text.trim() : '';
    if (requests && activity.type === 'message' && /^\d{6}$/.test(text) && activity.from?.id) {
      const subject: DataSubject = { channelId: activity.channelId, userId: activity.from.id };
      try {
        if (await requests.confirmInChat(subject, text)) {
          await context.sendActivity(this.localizer.texts(activity.locale).operatorRequest.confirmed);
          return;
        }
      } catch (error) {
        this.onError(error); // the message goes on to the bot as an ordinary one
      }
    }
    await next();
  }
}

/**
 * Sends the confirmation code into the person's conversation, with a button that sends it back; false
 * when no conversation with them is known (they never wrote, or were erased) or it cannot be reached
 * (e.g. Messenger's 24-hour window has closed).
 */
export function botbuilderInChatConfirmation(options: {
  adapter: CloudAdapter;
  /** The bot's app id (empty without credentials). */
  appId: string;
  storage: Storage;
  localizer: Localizer;
  brandName: string;
  onError: (error: unknown) => void;
}): InChatConfirmation {
  return {
    async ask(subject, request) {
      const key = `${subject.channelId}/users/${subject.userId}/`;
      const stored = (await options.storage.read([key]))[key] as Record<string, unknown> | undefined;
      const reference = stored?.[REFERENCE_PROPERTY] as Partial<ConversationReference> | undefined;
      if (!reference?.serviceUrl || !reference.conversation) return false;
      const texts = options.localizer.texts(reference.locale).operatorRequest;
      const prompt = format(texts.confirmPrompt, {
        brand: options.brandName,
        action: request.kind === 'erase' ? texts.actionErase : texts.actionExport,
        code: request.code,
      });
      try {
        await options.adapter.continueConversationAsync(options.appId, reference, async (context) => {
          await context.sendActivity(
            MessageFactory.suggestedActions(
              [{ type: ActionTypes.ImBack, title: texts.confirmTitle, value: request.code }],
              prompt,
            ),
          );
        });
        return true;
      } catch (error) {
        options.onError(error);
        return false;
      }
    },
  };
}
