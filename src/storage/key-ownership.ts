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

interface ScopePrefixes {
  user: string;
  privateConversation?: string;
  conversation?: string;
}

/** Key prefixes of a scope, computed once per turn (every storage call asks). */
const prefixesOfScope = new WeakMap<SubjectScope, ScopePrefixes>();

function scopePrefixes(scope: SubjectScope): ScopePrefixes {
  let prefixes = prefixesOfScope.get(scope);
  if (!prefixes) {
    const { channelId, userId } = scope.subject;
    const conversation = scope.conversationId
      ? `${channelId}/conversations/${scope.conversationId}/`
      : undefined;
    prefixes = {
      user: `${channelId}/users/${userId}/`,
      privateConversation: conversation && `${conversation}users/${userId}/`,
      conversation: scope.ownsConversation ? conversation : undefined,
    };
    prefixesOfScope.set(scope, prefixes);
  }
  return prefixes;
}

function keyBelongsToScope(key: string, scope: SubjectScope): boolean {
  const prefixes = scopePrefixes(scope);
  return (
    isKeyUnder(key, prefixes.user) ||
    (prefixes.privateConversation !== undefined && isKeyUnder(key, prefixes.privateConversation)) ||
    (prefixes.conversation !== undefined && isKeyUnder(key, prefixes.conversation))
  );
}

/** `prefix` followed by a namespace without `/` (botbuilder's default namespace is empty). */
function isKeyUnder(key: string, prefix: string): boolean {
  return key.startsWith(prefix) && key.indexOf('/', prefix.length) < 0;
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
