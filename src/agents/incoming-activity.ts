/** Objects of an activity whose empty optional strings the Agents SDK refuses. */
const ACCOUNTS = ['from', 'recipient', 'conversation'] as const;

function withoutEmptyStrings(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== ''));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * An incoming Bot Framework activity as the Agents SDK accepts it. botbuilder reads an empty optional
 * string (say `conversation.name: ""`, as some clients and test tools send) as absent; the Agents SDK's
 * schema rejects the whole activity. This drops empty strings from the activity's top level and its
 * `from`, `recipient` and `conversation` accounts (nothing else: `channelData` is the channel's own).
 * Anything that is not an object is returned as it is, for the SDK to reject.
 *
 * ```ts
 * app.post('/api/messages', express.json(), (req, res) => {
 *   req.body = tolerantActivity(req.body);
 *   return adapter.process(req, res, (context) => agent.run(context));
 * });
 * ```
 */
export function tolerantActivity<T>(body: T): T {
  if (!isRecord(body)) return body;
  const activity = withoutEmptyStrings(body);
  for (const account of ACCOUNTS) {
    const value = activity[account];
    if (isRecord(value)) activity[account] = withoutEmptyStrings(value);
  }
  return activity as T;
}

/** True for the error the Agents SDK throws for an activity its schema rejects (a client error: 400). */
export function isInvalidActivityError(error: unknown): boolean {
  return error instanceof Error && error.name === 'ZodError';
}
