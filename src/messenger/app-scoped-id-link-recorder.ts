import { SINGLE_SUBJECT_KEY_ID } from '../core/subject-key-ring';
import type { Middleware, TurnContext } from '../turn/turn-context';
import type { BotState, StatePropertyAccessor } from '../turn/turn-state';
import { LIBRARY_STATE_PROPERTIES } from '../turn/library-state';
import { settleWithin } from '../core/bounded-wait';
import { ConfigurationError } from '../core/errors';
import type { DataSubject } from '../core/subject';
import { assertValidAsid, isPageScopedId, type AppScopedIdLinks } from './app-scoped-id-links';
import {
  callGraphApiList,
  GraphApiError,
  graphEndpoint,
  type GraphApiOptions,
  type GraphEndpoint,
  type GraphFailureKind,
} from './graph-api';
import { isRecord } from './json';

/**
 * Options of {@link AppScopedIdLinkRecorder}: where links go, the user state it remembers lookups in, and the
 * Graph API credentials.
 */
export interface AppScopedIdLinkRecorderOptions extends Omit<GraphApiOptions, 'timeoutMs'> {
  /** Where the links go (the store the data deletion callback reads, e.g. RedisAppScopedIdLinks). */
  links: AppScopedIdLinks;
  /**
   * Where the "already looked up" mark is kept (property `messengerIdLinkCheck`): it belongs to the
   * person and is erased with them.
   */
  userState: BotState;
  /** The page access token: `ids_for_apps` is asked with it. */
  pageAccessToken: string;
  /** The Facebook app id: only this app's app-scoped id is recorded. Default: every one Graph lists. */
  appId?: string;
  /** Channels whose user ids are page-scoped ids. Default `['facebook']`. */
  channelIds?: readonly string[];
  /** Longest the turn waits for the look-up and the link, in ms. Default 1500. */
  timeoutMs?: number;
  /** When nothing was found (or the look-up failed), look again on a message after this long. Default 1 day. */
  recheckAfterSeconds?: number;
  /** Told about each failed look-up (kind of failure only: never an id or the token). */
  onFailure?: (failure: { kind: GraphFailureKind | 'storage' }) => void;
}

/**
 * The mark in user state: when the person's app-scoped ids were last looked up, and whether any was linked.
 */
interface LinkCheck {
  checkedAt?: string;
  linked?: boolean;
  /** The subject key id the links were recorded under (absent: the single secret, `default`). */
  keyId?: string;
}

const DAY_SECONDS = 24 * 3600;

/**
 * Bot Framework middleware that learns who a Messenger user is to the Facebook app, so Meta's data
 * deletion callback (which names an app-scoped id) can find their data: at a person's first message it
 * asks `GET /<version>/<psid>/ids_for_apps` with the page token and records each app-scoped id with
 * {@link AppScopedIdLinks.link}.
 *
 * It never fails or holds up a turn for long: the look-up is bounded by `timeoutMs`, and any failure
 * just means no link (looked up again after `recheckAfterSeconds`). Register it after the privacy
 * middleware (which binds the turn to its user) and before the bot saves user state.
 */
export class AppScopedIdLinkRecorder implements Middleware {
  private readonly endpoint: GraphEndpoint;
  private readonly check: StatePropertyAccessor<LinkCheck>;
  private readonly channelIds: ReadonlySet<string>;
  private readonly timeoutMs: number;
  private readonly recheckAfterMs: number;

  constructor(private readonly options: AppScopedIdLinkRecorderOptions) {
    if (!options?.links || !options.userState) {
      throw new ConfigurationError('AppScopedIdLinkRecorder needs `links` and `userState`.');
    }
    if (typeof options.pageAccessToken !== 'string' || options.pageAccessToken.length === 0) {
      throw new ConfigurationError('AppScopedIdLinkRecorder needs a pageAccessToken.');
    }
    const recheck = options.recheckAfterSeconds ?? DAY_SECONDS;
    if (!Number.isFinite(recheck) || recheck < 0) {
      throw new ConfigurationError('recheckAfterSeconds must be a number of seconds, 0 or more.');
    }
    this.timeoutMs = options.timeoutMs ?? 1500;
    this.endpoint = graphEndpoint({ ...options, timeoutMs: this.timeoutMs });
    this.check = options.userState.createProperty<LinkCheck>(LIBRARY_STATE_PROPERTIES.accountLinkCheck);
    this.channelIds = new Set(options.channelIds ?? ['facebook']);
    this.recheckAfterMs = recheck * 1000;
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    await this.recordOnce(context);
    await next();
  }

  private async recordOnce(context: TurnContext): Promise<void> {
    const { activity } = context;
    const psid = activity.from?.id;
    const channelId = activity.channelId;
    if (activity.type !== 'message' || !channelId || !this.channelIds.has(channelId)) return;
    if (!isPageScopedId(psid)) return;
    let mark: LinkCheck;
    try {
      mark = await this.check.get(context, {});
    } catch {
      // Reported just below; the link is tried again at a later message.
      this.report('storage');
      return; // user state cannot be read: the turn will say so itself; no link this time
    }
    const last = mark.checkedAt ? Date.parse(mark.checkedAt) : NaN;
    const keyId = this.options.links.linkKeyId;
    // Links recorded under an older subject key are recorded again under the newest (after a rotation).
    const current = (mark.keyId ?? SINGLE_SUBJECT_KEY_ID) === (keyId ?? SINGLE_SUBJECT_KEY_ID);
    if ((mark.linked && current) || (!mark.linked && Date.now() - last < this.recheckAfterMs)) return;

    const subject: DataSubject = { channelId, userId: psid };
    const work = this.lookUpAndLink(subject).catch((error: unknown) => {
      this.report(error instanceof GraphApiError ? error.kind : 'storage');
      return 'failed' as const;
    });
    const outcome = await settleWithin(work, this.timeoutMs, () => 'timeout' as const);
    if (outcome === 'timeout') this.report('timeout');
    try {
      await this.check.set(context, {
        checkedAt: new Date().toISOString(),
        linked: outcome === 'linked',
        ...(keyId !== undefined && keyId !== SINGLE_SUBJECT_KEY_ID ? { keyId } : {}),
      });
    } catch {
      // The mark only saves look-ups: without it the look-up simply runs again next time.
    }
  }

  /** Asks Graph for the person's app-scoped ids and links each; says whether any was linked. */
  private async lookUpAndLink(subject: DataSubject): Promise<'linked' | 'none'> {
    const items = await callGraphApiList(this.endpoint, {
      path: `${encodeURIComponent(subject.userId)}/ids_for_apps`,
      accessToken: this.options.pageAccessToken,
    });
    const asids = items.flatMap((item) => {
      if (!isRecord(item) || typeof item.id !== 'string') return [];
      const appId = isRecord(item.app) ? item.app.id : undefined;
      if (this.options.appId && appId !== this.options.appId) return [];
      try {
        assertValidAsid(item.id);
        return [item.id];
      } catch {
        return []; // not an id: nothing to link
      }
    });
    for (const asid of asids) await this.options.links.link(asid, subject);
    return asids.length > 0 ? 'linked' : 'none';
  }

  private report(kind: GraphFailureKind | 'storage'): void {
    try {
      this.options.onFailure?.({ kind });
    } catch {
      // A failing observer must not break the turn.
    }
  }
}
