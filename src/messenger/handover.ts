import { ConfigurationError } from '../core/errors';
import { subjectOfActivity } from '../turn/subject-scope-middleware';
import type { ThreadHandover, ThreadSignal } from '../turn/thread-control';
import type { Activity, TurnContext } from '../turn/turn-context';
import { callGraphApi, graphEndpoint, type GraphApiOptions, type GraphEndpoint } from './graph-api';
import { isRecord } from './json';

/** The fixed app id of a Facebook Page's own inbox (Meta Business Suite), where human agents answer. */
export const PAGE_INBOX_APP_ID = '263902037430900';

/** Meta caps the metadata of a thread-control call at 1000 characters. */
const MAX_METADATA = 1000;

/** Options of {@link MessengerHandover}. */
export interface MessengerHandoverOptions extends GraphApiOptions {
  /** The page access token (the app must have a role in the page's Conversation Routing). */
  pageAccessToken: string;
  /**
   * This bot's Facebook app id. With it, a `pass_thread_control` to another app (and a take by
   * another app) is told apart from one to this bot; without it, every pass the bot hears of is to it.
   */
  appId?: string;
  /** Where {@link MessengerHandover.passToHuman} passes the thread. Default the Page inbox. */
  humanAppId?: string;
}

/**
 * Messenger's Handover Protocol calls, as Conversation Routing keeps them, through the Send API:
 * `POST /me/pass_thread_control` and `POST /me/take_thread_control` (Graph v25.0 by default), and the
 * reading of `messaging_handovers` events and standby messages as the Bot Framework Facebook channel
 * delivers them (`channelData` carries the raw Messenger event). Give it to `createPrivacy` as
 * `handover`: the privacy layer then records who holds each thread and keeps the bot silent while a
 * human agent does. Failed calls reject with `GraphApiError` (no token, no id in its message).
 */
export class MessengerHandover implements ThreadHandover {
  readonly channelId = 'facebook';
  private readonly endpoint: GraphEndpoint;
  private readonly token: string;
  private readonly appId?: string;
  private readonly humanAppId: string;

  constructor(options: MessengerHandoverOptions) {
    if (!options || typeof options.pageAccessToken !== 'string' || !options.pageAccessToken) {
      throw new ConfigurationError('MessengerHandover needs a pageAccessToken.');
    }
    for (const [name, value] of [
      ['appId', options.appId],
      ['humanAppId', options.humanAppId],
    ] as const) {
      if (value !== undefined && !/^\d{1,20}$/.test(value)) {
        throw new ConfigurationError(`MessengerHandover: ${name} must be a Facebook app id (digits).`);
      }
    }
    this.endpoint = graphEndpoint(options);
    this.token = options.pageAccessToken;
    this.appId = options.appId;
    this.humanAppId = options.humanAppId ?? PAGE_INBOX_APP_ID;
  }

  /** Passes the person's thread to another app (`target_app_id`), with metadata for it. */
  async pass(psid: string, targetAppId: string, metadata?: string): Promise<void> {
    await this.call('me/pass_thread_control', {
      recipient: { id: checkPsid(psid) },
      target_app_id: targetAppId,
      ...metadataField(metadata),
    });
  }

  /** Takes the person's thread from whichever app holds it, with metadata for that app. */
  async take(psid: string, metadata?: string): Promise<void> {
    await this.call('me/take_thread_control', {
      recipient: { id: checkPsid(psid) },
      ...metadataField(metadata),
    });
  }

  /** Passes the turn's thread to the human agents' inbox (`humanAppId`). */
  passToHuman(context: TurnContext, metadata: string): Promise<void> {
    return this.pass(personOf(context), this.humanAppId, metadata);
  }

  /** Takes the turn's thread back from the human agents' inbox. */
  takeBack(context: TurnContext, metadata: string): Promise<void> {
    return this.take(personOf(context), metadata);
  }

  /**
   * Reads the raw Messenger event in `channelData`: `pass_thread_control` and `take_thread_control`
   * (who holds the thread now), `request_thread_control` and `app_roles` (nothing to answer), standby
   * messages (an event named `standby`, or `channelData.standby`), and page echoes
   * (`message.is_echo`).
   */
  signalOf(activity: Partial<Activity>): ThreadSignal | undefined {
    const data = activity.channelData;
    if (!isRecord(data)) return undefined;
    const pass = data.pass_thread_control;
    if (isRecord(pass)) {
      const toBot = !this.appId || String(pass.new_owner_app_id ?? '') === this.appId;
      return { kind: 'handover', holder: toBot ? 'bot' : 'human' };
    }
    const take = data.take_thread_control;
    if (isRecord(take)) {
      const byBot = Boolean(this.appId) && String(take.new_owner_app_id ?? '') === this.appId;
      return { kind: 'handover', holder: byBot ? 'bot' : 'human' };
    }
    if (isRecord(data.request_thread_control) || isRecord(data.app_roles)) return { kind: 'notice' };
    if (activity.name === 'standby' || Array.isArray(data.standby) || data.standby === true) {
      return { kind: 'standby' };
    }
    if (isRecord(data.message) && data.message.is_echo === true) return { kind: 'echo' };
    return undefined;
  }

  /**
   * The person's (or human agent's) message a standby event carries, as the fields of a message
   * activity: the Bot Framework channel delivers it as an event whose `channelData.standby` lists the raw
   * Messenger events. Undefined when it carries no message.
   */
  standbyMessage(activity: Partial<Activity>): Partial<Activity> | undefined {
    const data = activity.channelData;
    if (!isRecord(data)) return undefined;
    const items = Array.isArray(data.standby)
      ? data.standby
      : Array.isArray(activity.value)
        ? activity.value
        : [];
    const item = items.find(
      (entry): entry is Record<string, unknown> => isRecord(entry) && isRecord(entry.message),
    );
    if (!item) return undefined;
    const message = item.message as Record<string, unknown>;
    const sender = isRecord(item.sender) && typeof item.sender.id === 'string' ? item.sender.id : undefined;
    const recipient =
      isRecord(item.recipient) && typeof item.recipient.id === 'string' ? item.recipient.id : undefined;
    if (!sender || !recipient) return undefined;
    return {
      type: 'message',
      ...(typeof message.mid === 'string' ? { id: message.mid } : {}),
      text: typeof message.text === 'string' ? message.text : undefined,
      from: { id: sender },
      recipient: { id: recipient },
      // Only the message: the event's own list would keep a second copy of what the person wrote.
      channelData: { sender: item.sender, recipient: item.recipient, message, standby: true },
      value: undefined,
    };
  }

  private async call(path: string, body: Record<string, unknown>): Promise<void> {
    await callGraphApi(this.endpoint, { method: 'POST', path, accessToken: this.token, body });
  }
}

function checkPsid(psid: string): string {
  if (typeof psid !== 'string' || !psid || psid.length > 100) {
    throw new TypeError('A thread-control call needs the page-scoped id of the person.');
  }
  return psid;
}

function personOf(context: TurnContext): string {
  return subjectOfActivity(context.activity)?.userId ?? '';
}

function metadataField(metadata: string | undefined): { metadata?: string } {
  return metadata ? { metadata: metadata.slice(0, MAX_METADATA) } : {};
}
