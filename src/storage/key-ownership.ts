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
 *
 * The Microsoft 365 Agents SDK's `TurnState` adds the agent's id and no namespace:
 * `${channelId}/${agentId}/users/${userId}` and `${channelId}/${agentId}/conversations/${conversationId}`
 * (its older `UserState` / `ConversationState` keep botbuilder's layout). They follow the same rules: the
 * user key belongs to its user everywhere, the conversation key to the turn's user when the conversation
 * is one-to-one.
 */
export function resolveKeyOwner(key: string, scope?: SubjectScope): DataSubject | undefined {
  if (scope && (keyBelongsToScope(key, scope) || agentKeyBelongsToScope(key, scope))) {
    return scope.subject;
  }
  return parseOwner(key) ?? parseAgentUserOwner(key);
}

/** An Agents SDK TurnState key split into channel, agent id, scope and id; undefined for other keys. */
function splitAgentKey(
  key: string,
): { channelId: string; scope: 'users' | 'conversations'; id: string } | undefined {
  const first = key.indexOf('/');
  const second = first > 0 ? key.indexOf('/', first + 1) : -1;
  if (second <= first + 1) return undefined;
  const agentId = key.slice(first + 1, second);
  if (agentId === 'users' || agentId === 'conversations') return undefined; // botbuilder's layout
  const rest = key.slice(second + 1);
  for (const scope of ['users', 'conversations'] as const) {
    if (rest.startsWith(`${scope}/`) && rest.length > scope.length + 1) {
      return { channelId: key.slice(0, first), scope, id: rest.slice(scope.length + 1) };
    }
  }
  return undefined;
}

function agentKeyBelongsToScope(key: string, scope: SubjectScope): boolean {
  const parts = splitAgentKey(key);
  if (!parts || parts.channelId !== scope.subject.channelId) return false;
  if (parts.scope === 'users') return parts.id === scope.subject.userId;
  return scope.ownsConversation && parts.id === scope.conversationId;
}

function parseAgentUserOwner(key: string): DataSubject | undefined {
  const parts = splitAgentKey(key);
  return parts?.scope === 'users' ? { channelId: parts.channelId, userId: parts.id } : undefined;
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
  const agentKey = splitAgentKey(key);
  if (agentKey) return agentKey.scope === 'users' ? 'user' : 'conversation';
  return 'other';
}
