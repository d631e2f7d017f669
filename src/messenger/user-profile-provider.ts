import { ConfigurationError } from '../core/errors';
import type { PersonName, ProfileProvider } from '../core/profile';
import type { DataSubject } from '../core/subject';
import {
  callGraphApi,
  GraphApiError,
  graphEndpoint,
  type GraphApiOptions,
  type GraphEndpoint,
  type GraphFailureKind,
} from './graph-api';
import { isRecord } from './json';
import { isPageScopedId } from './app-scoped-id-links';

/** Options of {@link MessengerUserProfileProvider}: the page access token and how long a name may take. */
export interface MessengerUserProfileProviderOptions extends GraphApiOptions {
  /** The page access token (needs the page's profile access). */
  pageAccessToken: string;
  /** Channels whose user ids are page-scoped ids (PSIDs). Default `['facebook']`. */
  channelIds?: readonly string[];
  /**
   * Told about each failed lookup, e.g. to count them. Gets the kind of failure and the HTTP status only:
   * never the id or the token.
   */
  onFailure?: (failure: { kind: GraphFailureKind; status?: number }) => void;
}

const MAX_NAME_LENGTH = 100;

/**
 * Reads a Messenger user's first and last name from the User Profile API
 * (`GET /<version>/<PSID>?fields=first_name,last_name`).
 *
 * It degrades to `undefined` on any failure (HTTP error, unreadable body, network error, timeout) within
 * `timeoutMs` and never throws, so a greeting can always go on without the name. It logs nothing.
 */
export class MessengerUserProfileProvider implements ProfileProvider {
  private readonly endpoint: GraphEndpoint;
  private readonly token: string;
  private readonly channelIds: ReadonlySet<string>;
  private readonly onFailure?: MessengerUserProfileProviderOptions['onFailure'];

  constructor(options: MessengerUserProfileProviderOptions) {
    if (!options || typeof options.pageAccessToken !== 'string' || options.pageAccessToken.length === 0) {
      throw new ConfigurationError('MessengerUserProfileProvider needs a pageAccessToken.');
    }
    this.endpoint = graphEndpoint(options);
    this.token = options.pageAccessToken;
    this.channelIds = new Set(options.channelIds ?? ['facebook']);
    this.onFailure = options.onFailure;
  }

  async getName(subject: DataSubject): Promise<PersonName | undefined> {
    const psid = subject?.userId;
    if (!subject || !this.channelIds.has(subject.channelId) || !isPageScopedId(psid)) {
      return undefined;
    }
    try {
      const body = await callGraphApi(this.endpoint, {
        method: 'GET',
        path: encodeURIComponent(psid),
        accessToken: this.token,
        query: { fields: 'first_name,last_name' },
      });
      const name = readName(body);
      if (!name) this.report({ kind: 'invalid-response' });
      return name;
    } catch (error) {
      this.report(
        error instanceof GraphApiError ? { kind: error.kind, status: error.status } : { kind: 'network' },
      );
      return undefined;
    }
  }

  private report(failure: { kind: GraphFailureKind; status?: number }): void {
    try {
      this.onFailure?.(failure);
    } catch {
      // A failing observer must not break the turn either.
    }
  }
}

function readName(body: unknown): PersonName | undefined {
  if (!isRecord(body)) return undefined;
  const firstName = cleanName(body.first_name);
  const lastName = cleanName(body.last_name);
  if (!firstName && !lastName) return undefined;
  return { ...(firstName ? { firstName } : {}), ...(lastName ? { lastName } : {}) };
}

function cleanName(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const cleaned = value.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return cleaned ? [...cleaned].slice(0, MAX_NAME_LENGTH).join('') : undefined;
}
