import type { Activity, Middleware, TurnContext } from 'botbuilder-core';
import type { DataSubject } from '../core/subject';
import { createSubjectScope, runInSubjectScope } from '../core/subject-scope';

/** The data subject of an activity (its sender on its channel), or undefined when it names none. */
export function subjectOfActivity(activity: Partial<Activity> | undefined): DataSubject | undefined {
  const channelId = activity?.channelId;
  const userId = activity?.from?.id;
  if (typeof channelId !== 'string' || !channelId || typeof userId !== 'string' || !userId) return undefined;
  return { channelId, userId };
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
    const activity = context.activity;
    const subject = subjectOfActivity(activity);
    if (!subject) return next();
    const conversation = activity.conversation;
    const oneToOne = !conversation?.isGroup && conversation?.conversationType !== 'channel';
    const scope = createSubjectScope(subject, { id: conversation?.id, oneToOne });
    return runInSubjectScope(scope, next);
  }
}
