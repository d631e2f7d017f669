import { ConfigurationError } from '../core/errors';
import { Localizer, type LocalizationOptions } from '../i18n/localizer';
import { callGraphApi, GraphApiError, graphEndpoint, type GraphApiOptions } from './graph-api';

/** A persistent menu entry. Titles are at most 30 characters. */
export type MessengerMenuItem =
  | { readonly type: 'postback'; readonly title: string; readonly payload: string }
  | {
      readonly type: 'web_url';
      readonly title: string;
      readonly url: string;
      readonly webview_height_ratio?: 'compact' | 'tall' | 'full';
      readonly messenger_extensions?: boolean;
    };

/** The menu of one locale (Meta's locale names, e.g. `es_ES`; Meta requires one `default`). */
export interface MessengerMenuLocale {
  /** A Messenger locale, e.g. `es_ES`, or `default`. */
  readonly locale: string;
  /**
   * Title of the privacy entry. Default: the privacy texts' `messengerMenu.privacyTitle` in the locale's
   * language (`default`: the fallback language); a locale in no language of the texts must give one.
   */
  readonly privacyTitle?: string;
  /** Entries of this locale, shown before `extraMenuItems` and the privacy entry. */
  readonly items?: readonly MessengerMenuItem[];
}

/**
 * Options of {@link setupMessengerProfile}: the page token, the Get Started payload and the persistent menu
 * per locale.
 */
export interface MessengerProfileOptions extends GraphApiOptions {
  /** The page access token the profile is set with. */
  pageAccessToken: string;
  /** One entry per locale, one of them `default`. */
  locales: readonly MessengerMenuLocale[];
  /** Payload of the Get Started button. Default `GET_STARTED`. */
  getStartedPayload?: string;
  /** Payload of the privacy entry. Default `PRIVACY_MENU`. */
  privacyPayload?: string;
  /** Entries added to every locale's menu, before the privacy entry. */
  extraMenuItems?: readonly MessengerMenuItem[];
  /** Languages and brand texts of the default titles (give the same options as to createPrivacy). */
  localization?: LocalizationOptions;
}

/** The body sent to `POST /me/messenger_profile`. */
export interface MessengerProfileRequest {
  get_started: { payload: string };
  persistent_menu: Array<{
    locale: string;
    composer_input_disabled: false;
    call_to_actions: MessengerMenuItem[];
  }>;
}

export const DEFAULT_GET_STARTED_PAYLOAD = 'GET_STARTED';
export const DEFAULT_PRIVACY_PAYLOAD = 'PRIVACY_MENU';

const MAX_TITLE = 30;
const MAX_PAYLOAD = 1000;
const MAX_ITEMS = 20;

/**
 * The Messenger profile body for these options: a Get Started button and, per locale, a persistent menu
 * ending with the privacy entry. Pure; throws {@link ConfigurationError} on anything Meta would refuse.
 */
export function buildMessengerProfile(
  options: Omit<MessengerProfileOptions, 'pageAccessToken'>,
): MessengerProfileRequest {
  const getStarted = options.getStartedPayload ?? DEFAULT_GET_STARTED_PAYLOAD;
  const privacyPayload = options.privacyPayload ?? DEFAULT_PRIVACY_PAYLOAD;
  checkPayload(getStarted, 'getStartedPayload');
  checkPayload(privacyPayload, 'privacyPayload');
  const locales = options.locales ?? [];
  if (!locales.some((l) => l.locale === 'default')) {
    throw new ConfigurationError('The persistent menu needs a locale named "default" (Meta requires one).');
  }
  const localizer = new Localizer(options.localization);
  const seen = new Set<string>();
  const persistentMenu = locales.map((entry) => {
    const { locale } = entry;
    if (locale !== 'default' && !/^[a-z]{2}_[A-Z]{2}$/.test(locale)) {
      throw new ConfigurationError(
        `Locale "${String(locale).slice(0, 20)}" is not "default" or like "es_ES".`,
      );
    }
    if (seen.has(locale)) throw new ConfigurationError(`Locale "${locale}" appears twice.`);
    seen.add(locale);
    const privacyTitle = entry.privacyTitle ?? defaultPrivacyTitle(localizer, locale);
    if (!privacyTitle)
      throw new ConfigurationError(`Locale "${locale}" needs a privacyTitle (no default for it).`);
    const items: MessengerMenuItem[] = [
      ...(entry.items ?? []),
      ...(options.extraMenuItems ?? []),
      { type: 'postback', title: privacyTitle, payload: privacyPayload },
    ];
    if (items.length > MAX_ITEMS) {
      throw new ConfigurationError(
        `Locale "${locale}" has ${items.length} menu entries; Messenger allows ${MAX_ITEMS}.`,
      );
    }
    items.forEach((item) => checkItem(item, locale));
    return {
      locale,
      composer_input_disabled: false as const,
      call_to_actions: items.map((item) => ({ ...item })),
    };
  });
  return { get_started: { payload: getStarted }, persistent_menu: persistentMenu };
}

/**
 * Sets the page's Get Started button and persistent menu (`POST /me/messenger_profile`). Meta rate
 * limits this call (about 10 per 10 minutes per page): run it at deployment, not at every start.
 * @returns the body that was set.
 * @throws ConfigurationError before any call for invalid options; GraphApiError (with Graph's message
 *   and code, never the token) when Graph refuses.
 */
export async function setupMessengerProfile(
  options: MessengerProfileOptions,
): Promise<MessengerProfileRequest> {
  if (!options || typeof options.pageAccessToken !== 'string' || options.pageAccessToken.length === 0) {
    throw new ConfigurationError('setupMessengerProfile needs a pageAccessToken.');
  }
  const endpoint = graphEndpoint({ ...options, timeoutMs: options.timeoutMs ?? 10_000 });
  const body = buildMessengerProfile(options);
  try {
    await callGraphApi(endpoint, {
      method: 'POST',
      path: 'me/messenger_profile',
      accessToken: options.pageAccessToken,
      body,
    });
  } catch (error) {
    if (error instanceof GraphApiError) {
      throw new GraphApiError(
        `Setting the Messenger profile failed: ${error.message}`,
        error.kind,
        error.status,
        error.graphCode,
        error.graphSubcode,
        error.fbtraceId,
      );
    }
    throw error;
  }
  return body;
}

/** The privacy entry's title from the texts: `default` in the fallback language, `es_ES` in `es`. */
function defaultPrivacyTitle(localizer: Localizer, locale: string): string | undefined {
  if (locale === 'default') return localizer.texts(undefined).messengerMenu.privacyTitle;
  const language = locale.split('_')[0];
  return localizer.languages.includes(language)
    ? localizer.texts(language).messengerMenu.privacyTitle
    : undefined;
}

function checkItem(item: MessengerMenuItem, locale: string): void {
  const title = typeof item?.title === 'string' ? item.title.trim() : '';
  if (!title) throw new ConfigurationError(`A menu entry of locale "${locale}" has no title.`);
  if ([...title].length > MAX_TITLE) {
    throw new ConfigurationError(
      `Menu title "${title}" of locale "${locale}" is longer than ${MAX_TITLE} characters (Messenger cuts it).`,
    );
  }
  if (item.type === 'postback') checkPayload(item.payload, `payload of "${title}"`);
  else if (item.type === 'web_url') {
    let url: URL | undefined;
    try {
      url = new URL(item.url);
    } catch {
      // Not a URL: refused just below with a clear error.
      url = undefined;
    }
    if (!url || url.protocol !== 'https:')
      throw new ConfigurationError(`Menu entry "${title}" needs an https url.`);
  } else {
    throw new ConfigurationError(`Menu entry "${title}" must be of type "postback" or "web_url".`);
  }
}

function checkPayload(payload: unknown, what: string): void {
  if (typeof payload !== 'string' || payload.length === 0 || payload.length > MAX_PAYLOAD) {
    throw new ConfigurationError(`${what} must be a non-empty text of at most ${MAX_PAYLOAD} characters.`);
  }
}
