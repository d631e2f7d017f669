import type { Activity } from '@microsoft/agents-activity';
import type { TranscriptLogger } from '@microsoft/agents-hosting';

/** A privacy transcript store (`RedisTranscriptStore`, `MemoryPrivacyTranscriptStore`). */
export interface ActivityTranscript {
  /** Stores one activity of a conversation, indexed under its person. */
  logActivity(activity: never): void | Promise<void>;
}

/**
 * The Agents SDK's `TranscriptLogger` over a privacy transcript store, so chat history is indexed under
 * its user and erased with them: `app.adapter.use(new TranscriptLoggerMiddleware(transcriptLogger(store)))`.
 *
 * The stores take Bot Framework activities; the Agents SDK's `Activity` has the same schema but may carry
 * its timestamps as ISO strings, which are turned into dates here.
 */
export function transcriptLogger(store: ActivityTranscript): TranscriptLogger {
  return {
    logActivity: (activity: Activity) => store.logActivity(plainActivity(activity) as never),
  };
}

function plainActivity(activity: Activity): Record<string, unknown> {
  const plain: Record<string, unknown> = { ...activity };
  for (const field of ['timestamp', 'localTimestamp'] as const) {
    const value = activity[field];
    if (typeof value === 'string') plain[field] = new Date(value);
  }
  return plain;
}
