import type { Activity } from 'botbuilder';
import { ConvoTransportError, type ConvoTransport } from './transport';

/** Options of {@link HttpConvoTransport}: how long a turn may take and extra request headers. */
export interface HttpConvoTransportOptions {
  /** Bound on each turn. Default 10 000 ms. */
  timeoutMs?: number;
  /** Extra request headers (e.g. an Authorization header for a bot with an app id). */
  headers?: Record<string, string>;
}

/**
 * Posts each activity to a bot's messaging endpoint (`/api/messages`) with `deliveryMode:
 * 'expectReplies'`, so the replies come back in the response body `{activities: [...]}`: no callback
 * service URL, no waiting for late messages.
 */
export class HttpConvoTransport implements ConvoTransport {
  private readonly timeoutMs: number;
  private readonly headers: Record<string, string>;

  constructor(
    /** The bot's messages endpoint, e.g. `http://localhost:3978/api/messages`. */
    readonly url: string,
    options: HttpConvoTransportOptions = {},
  ) {
    try {
      new URL(url);
    } catch {
      // Not a URL: a clear error that names the value.
      throw new ConvoTransportError(`"${url}" is not an absolute URL of a bot endpoint.`);
    }
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.headers = options.headers ?? {};
  }

  async send(activity: Partial<Activity>): Promise<Array<Partial<Activity>>> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    let status: number;
    let text: string;
    try {
      const response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...this.headers },
        body: JSON.stringify({ ...activity, deliveryMode: 'expectReplies' }),
        signal: controller.signal,
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      if (controller.signal.aborted) {
        throw new ConvoTransportError(`the bot at ${this.url} did not answer within ${this.timeoutMs} ms.`);
      }
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new ConvoTransportError(
        `the bot at ${this.url} could not be reached (${cause ?? String(error)}).`,
      );
    } finally {
      clearTimeout(timer);
    }
    if (status < 200 || status > 299) {
      throw new ConvoTransportError(`the bot at ${this.url} answered HTTP ${status}: ${text.slice(0, 200)}`);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: reported just below as "no activities in the answer".
      body = undefined;
    }
    const activities = (body as { activities?: unknown } | undefined)?.activities;
    if (!Array.isArray(activities)) {
      throw new ConvoTransportError(
        `the bot at ${this.url} answered HTTP ${status} without {activities: [...]}: it must honour deliveryMode "expectReplies".`,
      );
    }
    return activities as Array<Partial<Activity>>;
  }
}
