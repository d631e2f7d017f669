import type { Activity, Middleware, TurnContext } from 'botbuilder-core';
import type { DataSubject } from '../core/subject';
import { createSubjectScope, runInSubjectScope, type SubjectScope } from '../core/subject-scope';

/** The data subject of an activity (its sender on its channel), or undefined when it names none. */
export function subjectOfActivity(activity: Partial<Activity> | undefined): DataSubject | undefined {
  const channelId = activity?.channelId;
  const userId = activity?.from?.id;
  if (typeof channelId !== 'string' || !channelId || typeof userId !== 'string' || !userId) return undefined;
  return { channelId, userId };
}

/**
 * The scope of a turn: its sender, and its conversation, which counts as theirs unless it is a group or a
 * channel conversation. Undefined when the activity names no sender or channel.
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
 * subject and drop writes that would bring back data erased during the turn.
 *
 * Register it before any middleware that saves state (e.g. AutoSaveStateMiddleware): state saved
 * outside the scope cannot be attributed to the user.
 */
export class SubjectScopeMiddleware implements Middleware {
  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const scope = scopeOfActivity(context.activity);
    return scope ? runInSubjectScope(scope, next) : next();
  }
}
