import { ActivityTypes } from '@microsoft/agents-activity';
import {
  AgentApplication,
  ConversationState,
  type CloudAdapter,
  TurnState,
  UserState,
  type Storage,
  type TurnContext,
} from '@microsoft/agents-hosting';
import { DialogTurnStatus, type Dialog } from '@microsoft/agents-hosting-dialogs';
import { format } from '../../src';
import type { DialogSet, Privacy } from '../../src/agents';
import { requestedDialog } from '../home-services-bot/requested-dialog';
import { textsFor } from '../home-services-bot/texts';
import type { ModelAssistant } from '../home-services-bot/model-assistant';
import { BOOK_DIALOG, MAIN_DIALOG, MainDialog, type MainDialogOptions } from './main-dialog';

/** What the agent keeps per user in the Agents SDK's TurnState (erased with them, like the rest). */
interface VisitorState {
  lastVisitDay?: string;
}

/** What the agent keeps per conversation in TurnState. */
interface ConversationCounters {
  messages?: number;
}

export type HomeServicesTurnState = TurnState<ConversationCounters, VisitorState>;

/** Dialogs the agent starts for `invoice` and `pay` (built on the consent module), and what they begin. */
export interface HomeServicesFeatures {
  invoice: Dialog;
  payment: Dialog;
  others: Dialog[];
  /** Answers free text with a language model, through the PII shield (only when MODEL_URL is set). */
  assistant?: ModelAssistant;
}

/** The state the dialogs and the privacy layer keep (`UserState` / `ConversationState` of the SDK). */
export interface DialogStates {
  userState: UserState;
  conversationState: ConversationState;
}

/** Creates the states the dialogs and the privacy layer share, on one storage. */
export function dialogStates(storage: Storage): DialogStates {
  return { userState: new UserState(storage), conversationState: new ConversationState(storage) };
}

/**
 * The Home Services conversation as an `AgentApplication`: a welcome, a greeting by first name
 * (Messenger), `book` a visit, `invoice` (tax id after consent), `pay` (payment details after consent).
 * The privacy layer, registered as adapter middleware, handles the privacy menu around it.
 */
export function createHomeServicesAgent(options: {
  /**
   * The adapter that runs it, with the Bot Framework credentials. Without one, `AgentApplication` builds
   * its own from the SDK's environment names (`clientId`...), and refuses to start in production.
   */
  adapter: CloudAdapter;
  storage: Storage;
  states: DialogStates;
  /** The agent's dialogs (on `states.conversationState`); the privacy layer resumes them after its menu. */
  dialogs: DialogSet;
  privacy: Privacy;
  features: HomeServicesFeatures;
}): AgentApplication<HomeServicesTurnState> {
  const { adapter, storage, states, dialogs, privacy, features } = options;
  dialogs.add(new MainDialog([features.invoice, features.payment, ...features.others]));

  const app = new AgentApplication<HomeServicesTurnState>({
    adapter,
    storage,
    turnStateFactory: () => new TurnState<ConversationCounters, VisitorState>(),
    startTypingTimer: false,
  });

  app.onConversationUpdate('membersAdded', async (context) => {
    const joined = (context.activity.membersAdded ?? []).some((m) => m.id !== context.activity.recipient?.id);
    if (joined) await context.sendActivity(textsFor(context.activity.locale).welcome);
  });

  app.onActivity(ActivityTypes.Message, async (context, state) => {
    state.user.lastVisitDay = new Date().toISOString().slice(0, 10);
    state.conversation.messages = (state.conversation.messages ?? 0) + 1;
    await converse(context, dialogs, privacy, features);
    await Promise.all([states.userState.saveChanges(context), states.conversationState.saveChanges(context)]);
  });

  // TurnState is saved after the turn when an afterTurn handler says so.
  app.onTurn('afterTurn', async () => true);
  return app;
}

async function converse(
  context: TurnContext,
  dialogs: DialogSet,
  privacy: Privacy,
  features: HomeServicesFeatures,
): Promise<void> {
  const dc = await dialogs.createContext(context);
  const result = await dc.continueDialog();
  if (result.status !== DialogTurnStatus.empty) return;

  const { text, locale } = context.activity;
  const dialogId = requestedDialog(text, locale, {
    book: BOOK_DIALOG,
    invoice: features.invoice.id,
    payment: features.payment.id,
  });
  if (dialogId) {
    await dc.beginDialog(MAIN_DIALOG, { start: dialogId } satisfies MainDialogOptions);
  } else if (features.assistant) {
    await context.sendActivity(await features.assistant.answer(context));
  } else {
    const texts = textsFor(locale);
    const name = await privacy.firstName(context);
    await context.sendActivity(name ? format(texts.helloByName, { name }) : texts.hello);
  }
}
