import type { DataSubject } from '../core/subject';
import type { SubjectScope } from '../core/subject-scope';

/** Which kind of botbuilder state a key holds; retention can differ per class. */
export type StateKeyClass = 'user' | 'conversation' | 'privateConversation' | 'other';

/**
 * Decides which data subject owns a botbuilder state key.
 *
 * botbuilder builds keys as `${channelId}/users/${userId}/${namespace}` (user state),
 * `${channelId}/conversations/${conversationId}/${namespace}` (conversation state) and
 * `${channelId}/conversations/${conversationId}/users/${userId}/${namespace}` (private conversation state).
 *
 * - Inside a turn's {@link SubjectScope}, the turn's user owns their user state, their private
 *   conversation state and, in a one-to-one conversation, the conversation state (any namespace).
 * - Everywhere, a default-namespace user or private conversation key names its owner and is parsed, so
 *   those keys resolve the same way inside and outside a turn.
 * - Anything else (group conversation state, custom keys) belongs to nobody and is stored unindexed.
 */
export function resolveKeyOwner(key: string, scope?: SubjectScope): DataSubject | undefined {
  if (scope && keyBelongsToScope(key, scope)) return scope.subject;
  return parseOwner(key);
}

function keyBelongsToScope(key: string, scope: SubjectScope): boolean {
  const { channelId, userId } = scope.subject;
  if (isKeyUnder(key, `${channelId}/users/${userId}/`)) return true;
  if (!scope.conversationId) return false;
  const conversation = `${channelId}/conversations/${scope.conversationId}/`;
  if (isKeyUnder(key, `${conversation}users/${userId}/`)) return true;
  return scope.ownsConversation && isKeyUnder(key, conversation);
}

/** `prefix` followed by a namespace without `/` (botbuilder's default namespace is empty). */
function isKeyUnder(key: string, prefix: string): boolean {
  return key.startsWith(prefix) && !key.slice(prefix.length).includes('/');
}

function parseOwner(key: string): DataSubject | undefined {
  if (!key.endsWith('/')) return undefined;
  const slash = key.indexOf('/');
  if (slash <= 0) return undefined;
  const channelId = key.slice(0, slash);
  const rest = key.slice(slash + 1, -1);
  if (rest.startsWith('users/')) {
    const userId = rest.slice('users/'.length);
    return userId ? { channelId, userId } : undefined;
  }
  if (rest.startsWith('conversations/')) {
    const marker = rest.indexOf('/users/', 'conversations/'.length);
    if (marker < 0) return undefined;
    const userId = rest.slice(marker + '/users/'.length);
    return userId ? { channelId, userId } : undefined;
  }
  return undefined;
}

/** The class of a state key, for per-class retention. */
export function classifyStateKey(key: string): StateKeyClass {
  const slash = key.indexOf('/');
  if (slash <= 0) return 'other';
  const rest = key.slice(slash + 1);
  if (rest.startsWith('users/')) return 'user';
  if (rest.startsWith('conversations/')) {
    return rest.indexOf('/users/', 'conversations/'.length) >= 0 ? 'privateConversation' : 'conversation';
  }
  return 'other';
}
