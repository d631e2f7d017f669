import { AgentState, type Storage } from '@microsoft/agents-hosting';
import {
  ComponentDialog,
  Dialog,
  DialogSet,
  Prompt,
  TextPrompt,
  WaterfallDialog,
} from '@microsoft/agents-hosting-dialogs';
import type { DialogsLibrary } from '../turn/dialogs-library';
import type { TurnContext } from '../turn/turn-context';
import type { TurnHost } from '../turn/turn-host';
import { storageOf } from '../turn/turn-state';

/**
 * `@microsoft/agents-hosting-dialogs` as the privacy dialogs' library: its own classes, typed as the seam
 * names them. The casts are needed because Prompt's constructor and ComponentDialog's `initialDialogId`
 * are protected, and because the dialogs package 0.6 is typed against its own copy of
 * `@microsoft/agents-hosting` (0.6), whose TurnContext an `AgentApplication` on 1.x does not type-check
 * against; the objects are the same at runtime.
 */
const AGENTS_DIALOGS: DialogsLibrary = {
  ComponentDialog: ComponentDialog as unknown as DialogsLibrary['ComponentDialog'],
  WaterfallDialog: WaterfallDialog as unknown as DialogsLibrary['WaterfallDialog'],
  TextPrompt: TextPrompt as unknown as DialogsLibrary['TextPrompt'],
  Prompt: Prompt as unknown as DialogsLibrary['Prompt'],
  DialogSet: DialogSet as unknown as DialogsLibrary['DialogSet'],
  endOfTurn: Dialog.EndOfTurn,
};

/**
 * The key botbuilder's PrivateConversationState uses (the Agents SDK has no such class), so the privacy
 * stores see the same per-person key on both hosts and erase it with the person.
 */
function personalKey(context: TurnContext, namespace: string): string {
  const { channelId, conversation, from } = context.activity;
  if (!channelId) throw new Error('missing activity.channelId');
  if (!conversation?.id) throw new Error('missing activity.conversation.id');
  if (!from?.id) throw new Error('missing activity.from.id');
  return `${channelId}/conversations/${conversation.id}/users/${from.id}/${namespace}`;
}

/** The Microsoft 365 Agents SDK as the privacy layer's host: its dialogs library and an AgentState per person. */
export const AGENTS_HOST: TurnHost = {
  dialogs: AGENTS_DIALOGS,
  personalState: (conversationState, namespace) =>
    new AgentState(storageOf(conversationState) as Storage, (context) => personalKey(context, namespace)),
};
