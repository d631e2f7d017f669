import type { Activity, Middleware, TurnContext } from './turn-context';
import type { DataSubject } from '../core/subject';
import { createSubjectScope, runTurnInSubjectScope, type SubjectScope } from '../core/subject-scope';

/**
 * The data subject of an activity: its sender on its channel, except for a Messenger echo (a message the
 * page sent, e.g. by a human agent: `channelData.message.is_echo`), which belongs to the person it was
 * sent to, so it is exported and erased with their data. Undefined when the activity names no one.
 */
export function subjectOfActivity(activity: Partial<Activity> | undefined): DataSubject | undefined {
  const channelId = activity?.channelId;
  const userId = isEcho(activity) ? activity?.recipient?.id : activity?.from?.id;
  if (typeof channelId !== 'string' || !channelId || typeof userId !== 'string' || !userId) return undefined;
  return { channelId, userId };
}

/** True for a Messenger echo: `channelData.message.is_echo` is true. */
function isEcho(activity: Partial<Activity> | undefined): boolean {
  const channelData: unknown = activity?.channelData;
  if (!channelData || typeof channelData !== 'object') return false;
  const message: unknown = (channelData as { message?: unknown }).message;
  return (
    Boolean(message) && typeof message === 'object' && (message as { is_echo?: unknown }).is_echo === true
  );
}

/**
 * The scope of a turn: its subject (see {@link subjectOfActivity}), and its conversation, which counts as
 * theirs unless it is a group or a channel conversation. Undefined when the activity names no sender or channel.
 */
export function scopeOfActivity(activity: Partial<Activity> | undefined): SubjectScope | undefined {
  const subject = subjectOfActivity(activity);
  if (!subject) return undefined;
  const conversation = activity?.conversation;
  const oneToOne = !conversation?.isGroup && conversation?.conversationType !== 'channel';
  return createSubjectScope(subject, { id: conversation?.id, oneToOne });
}

/**
 * Binds each turn to its data subject, so privacy-aware stores index what the turn writes under that
 * subject and drop writes that would bring back data erased during the turn. The turn's writes are
 * held and written together when it ends (see runTurnInSubjectScope).
 *
 * Register it before any middleware that saves state (e.g. AutoSaveStateMiddleware): state saved
 * outside the scope cannot be attributed to the user.
 */
export class SubjectScopeMiddleware implements Middleware {
  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const scope = scopeOfActivity(context.activity);
    return scope ? runTurnInSubjectScope(scope, next) : next();
  }
}
