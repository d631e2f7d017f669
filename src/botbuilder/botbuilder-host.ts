import { PrivateConversationState, type Storage } from 'botbuilder-core';
import { ComponentDialog, Dialog, DialogSet, Prompt, TextPrompt, WaterfallDialog } from 'botbuilder-dialogs';
import type { DialogsLibrary } from '../turn/dialogs-library';
import type { TurnHost } from '../turn/turn-host';
import { storageOf } from '../turn/turn-state';

/**
 * botbuilder-dialogs 4.x as the privacy dialogs' library: its own classes, typed as the seam names them
 * (the casts are needed because Prompt's constructor and ComponentDialog's `initialDialogId` are
 * protected, and the constructors' parameters name botbuilder's own option types).
 */
const BOTBUILDER_DIALOGS: DialogsLibrary = {
  ComponentDialog: ComponentDialog as unknown as DialogsLibrary['ComponentDialog'],
  WaterfallDialog: WaterfallDialog as unknown as DialogsLibrary['WaterfallDialog'],
  TextPrompt: TextPrompt as unknown as DialogsLibrary['TextPrompt'],
  Prompt: Prompt as unknown as DialogsLibrary['Prompt'],
  DialogSet: DialogSet as unknown as DialogsLibrary['DialogSet'],
  endOfTurn: Dialog.EndOfTurn,
};

/** botbuilder 4.x as the privacy layer's host: its dialogs library and its PrivateConversationState. */
export const BOTBUILDER_HOST: TurnHost = {
  dialogs: BOTBUILDER_DIALOGS,
  personalState: (conversationState, namespace) =>
    new PrivateConversationState(storageOf(conversationState) as Storage, namespace),
};
