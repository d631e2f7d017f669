import type { Attachment, CardAction } from './turn-context';

/** The activity types the privacy layer handles (the Bot Framework protocol's names). */
export const ActivityTypes = Object.freeze({
  Message: 'message',
  MessageUpdate: 'messageUpdate',
  Event: 'event',
  DeleteUserData: 'deleteUserData',
  ConversationUpdate: 'conversationUpdate',
} as const);

/** Every activity type of the Bot Framework protocol (both hosts use these names), e.g. for metric labels. */
export const PROTOCOL_ACTIVITY_TYPES: readonly string[] = Object.freeze([
  ...Object.values(ActivityTypes),
  'contactRelationUpdate',
  'typing',
  'endOfConversation',
  'invoke',
  'invokeResponse',
  'messageDelete',
  'installationUpdate',
  'messageReaction',
  'suggestion',
  'trace',
  'handoff',
  'command',
  'commandResult',
]);

/** The button types the privacy layer sends. */
export const ActionTypes = Object.freeze({ PostBack: 'postBack', OpenUrl: 'openUrl' } as const);

/** A hero card with a text and buttons: what both SDKs' `CardFactory.heroCard('', text, undefined, buttons)` build. */
export function heroCard(text: string, buttons: CardAction[]): Attachment {
  return {
    contentType: 'application/vnd.microsoft.card.hero',
    content: text ? { text, buttons } : { buttons },
  };
}
