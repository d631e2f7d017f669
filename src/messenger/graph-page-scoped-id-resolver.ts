import { ConfigurationError } from '../core/errors';
import type { DataSubject } from '../core/subject';
import { assertValidAsid, isPageScopedId } from './app-scoped-id-links';
import {
  callGraphApiList,
  GraphApiError,
  graphEndpoint,
  type GraphApiOptions,
  type GraphEndpoint,
} from './graph-api';
import { isRecord } from './json';
import type { PageScopedIdResolver } from './page-scoped-id-resolver';

/** Options of {@link GraphPageScopedIdResolver}: the app's id and secret for Graph's ID matching API. */
export interface GraphPageScopedIdResolverOptions extends Omit<GraphApiOptions, 'appSecret'> {
  /** The Facebook app id. With the secret it makes the app access token `<app id>|<app secret>`. */
  appId: string;
  /** The Facebook app secret; every call also carries `appsecret_proof`. */
  appSecret: string;
  /** Channel id of the subjects found. Default `facebook` (Bot Framework's Messenger channel). */
  channelId?: string;
  /** Keep only page-scoped ids of these pages. Default: every page Graph lists. */
  pageIds?: readonly string[];
}

/**
 * Asks Meta's ID matching which page-scoped ids a person has:
 * `GET /<version>/<asid>/ids_for_pages` with the app access token and `appsecret_proof`, following
 * `paging.next`. It works for the pages of the business that owns the app; for other pages Graph
 * answers nothing, which is reported as "not known" (an empty list).
 *
 * Every failure (Graph down, slower than `timeoutMs` per page, an error answer, an unreadable answer)
 * rejects with a {@link GraphApiError} whose message names no id or token, so a caller can answer
 * "try again later" rather than claim there was nothing.
 */
export class GraphPageScopedIdResolver implements PageScopedIdResolver {
  private readonly endpoint: GraphEndpoint;
  private readonly accessToken: string;
  private readonly channelId: string;
  private readonly pageIds?: ReadonlySet<string>;

  constructor(options: GraphPageScopedIdResolverOptions) {
    const { appId, appSecret } = options ?? {};
    if (typeof appId !== 'string' || !/^\d{1,32}$/.test(appId)) {
      throw new ConfigurationError('GraphPageScopedIdResolver needs the numeric Facebook appId.');
    }
    if (typeof appSecret !== 'string' || appSecret.length === 0) {
      throw new ConfigurationError('GraphPageScopedIdResolver needs the Facebook appSecret.');
    }
    this.endpoint = graphEndpoint({ ...options, appSecret });
    this.accessToken = `${appId}|${appSecret}`;
    this.channelId = options.channelId ?? 'facebook';
    this.pageIds = options.pageIds ? new Set(options.pageIds) : undefined;
  }

  async resolve(asid: string): Promise<DataSubject[]> {
    assertValidAsid(asid);
    const items = await callGraphApiList(this.endpoint, {
      path: `${encodeURIComponent(asid)}/ids_for_pages`,
      accessToken: this.accessToken,
    });
    const subjects = new Map<string, DataSubject>();
    for (const item of items) {
      const psid = isRecord(item) ? item.id : undefined;
      if (!isPageScopedId(psid)) {
        throw new GraphApiError(
          'Graph API listed a page-scoped id that is not an id.',
          'invalid-response',
          200,
        );
      }
      const pageId = isRecord(item) && isRecord(item.page) ? item.page.id : undefined;
      if (this.pageIds && !(typeof pageId === 'string' && this.pageIds.has(pageId))) continue;
      subjects.set(psid, { channelId: this.channelId, userId: psid });
    }
    return [...subjects.values()];
  }
}
