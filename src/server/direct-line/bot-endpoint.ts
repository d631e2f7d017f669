import type { DirectLineActivity } from './direct-line-conversations';

/** Why the bot did not take an activity: it refused it (4xx), failed (5xx) or could not be reached. */
export class BotUnavailableError extends Error {
  override readonly name = 'BotUnavailableError';
  constructor(readonly status?: number) {
    super(status ? `The bot answered HTTP ${status}.` : 'The bot could not be reached.');
  }
}

/**
 * Sends one activity to the bot's messaging endpoint, as a channel does (a plain HTTP POST, through the
 * bot's own authentication, activity checks and serviceUrl guard), asking for the replies in the answer
 * (`deliveryMode: "expectReplies"`), and returns them.
 * @throws BotUnavailableError when the bot refuses, fails or does not answer within `timeoutMs`.
 */
export async function postToBot(
  url: string,
  activity: DirectLineActivity,
  timeoutMs: number,
): Promise<DirectLineActivity[]> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...activity, deliveryMode: 'expectReplies' }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    // Refused connection, reset or timeout: the cause names no person; the caller answers 502.
    throw new BotUnavailableError();
  }
  if (response.status === 202 || response.status === 204) return [];
  if (!response.ok) {
    await response.body?.cancel();
    throw new BotUnavailableError(response.status);
  }
  const body = (await response.json().catch(() => undefined)) as { activities?: unknown } | undefined;
  const replies = Array.isArray(body?.activities) ? body.activities : [];
  return replies.filter((r): r is DirectLineActivity => Boolean(r) && typeof r === 'object');
}
