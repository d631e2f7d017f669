import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { ConfigurationError } from '../../core/errors';
import { REDACTION_MASKS, redactSensitive, type RedactionMasks } from '../../core/sensitive/redaction';
import { assertTinCountries, TIN_COUNTRIES, type TinCountry } from '../../core/sensitive/tax-id';
import { FixedWindowRateLimiter } from '../rate-limiter';
import { BotUnavailableError, postToBot } from './bot-endpoint';
import {
  DirectLineConversations,
  type DirectLineActivity,
  type DirectLineConversationsOptions,
} from './direct-line-conversations';
import { DirectLineTokens, type DirectLineGrant } from './direct-line-token';

/** Options of {@link createLocalDirectLine}. */
export interface LocalDirectLineOptions {
  /** Signs the tokens (32+ characters). Keep it stable across restarts so open pages keep working. */
  tokenSecret: string;
  /**
   * The brand's own Direct Line secret (32+ characters), for trusted server-side clients only (a token
   * endpoint on another server, QA tools such as Botium's directline3 connector): it starts
   * conversations and generates tokens. Never put it in a web page. Default: none (tokens only).
   */
  secret?: string;
  /**
   * The bot's messaging endpoint. Default: `/api/messages` on the address and port the Direct Line
   * request came in on (the same app).
   */
  botUrl?: string;
  /**
   * The `serviceUrl` the bot sees. Default `http://127.0.0.1:<port>/` (loopback, which the bot's
   * serviceUrl guard allows); with another `botUrl`, name an origin on the bot's allow list.
   */
  serviceUrl?: string;
  /** The bot's id and name in the activities (`recipient` to the bot, `from` in its replies). */
  bot?: { id: string; name?: string };
  /** Channel id of the activities the bot receives. Default `webchat` (Azure's Web Chat channel). */
  channelId?: string;
  /**
   * Tax ids of these countries (plus card numbers and IBANs) are masked in the echo of the person's own
   * message: Web Chat shows the echo in place of what was typed, so a tax id typed in the chat does not
   * stay on the screen. Give the bot's own list (`privacy.runtime.sensitive.tinCountries`). Default: every
   * supported country.
   */
  redactCountries?: readonly TinCountry[];
  /** Token lifetime in seconds. Default 3600 (Azure's default). */
  tokenTtlSeconds?: number;
  /** How long to wait for the bot's answer to one activity. Default 30 000 ms. */
  botTimeoutMs?: number;
  /** Activities one conversation may post per minute. Default 60. */
  activitiesPerMinute?: number;
  /** Bounds of the in-memory conversations. */
  conversations?: DirectLineConversationsOptions;
  /** One line per failure (never an id, a token or a text). */
  log?: (line: string) => void;
}

/** What a token endpoint hands to Web Chat (Direct Line 3.0 `Conversation`). */
export interface DirectLineTokenResponse {
  /** The one conversation the token opens. */
  conversationId: string;
  /** Bearer token for `/v3/directline` calls (a JWT whose `user` claim Web Chat reads as its user id). */
  token: string;
  /** Seconds until the token expires (refresh it before: `POST /v3/directline/tokens/refresh`). */
  expires_in: number;
}

/** A Direct Line 3.0 subset in this process: mount `router` at the app's root. */
export interface LocalDirectLine {
  /** Serves `/v3/directline/...`. */
  readonly router: Router;
  /** A token for a new conversation of a new anonymous user: what a brand's token endpoint returns. */
  issueToken(): DirectLineTokenResponse;
}

/** Direct Line's error body: `{ error: { code, message } }`. */
function fail(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

const ID_PATTERN = /^[\w.:@|-]{1,128}$/;
const MAX_TEXT = 10_000;

/**
 * The smallest Direct Line 3.0 that the Bot Framework Web Chat client (and botframework-directlinejs)
 * needs, for development and for trying a bot in a browser: start or resume a conversation, post
 * activities, receive them by polling (`GET .../activities?watermark=`, Web Chat's `webSocket: false`),
 * generate and refresh tokens. No WebSocket stream and no uploads.
 *
 * Rules: every call needs `Authorization: Bearer <token>` (or the brand's `secret`); a token is bound to
 * one conversation and one user, and every activity posted with it is *from that user* (whatever the body
 * says; a `from.name` is never passed on). The activity goes to the bot over HTTP like any channel's, so
 * the bot's authentication and serviceUrl guard apply to it unchanged.
 */
export function createLocalDirectLine(options: LocalDirectLineOptions): LocalDirectLine {
  const tokens = new DirectLineTokens(options.tokenSecret, options.tokenTtlSeconds);
  if (options.secret !== undefined && (typeof options.secret !== 'string' || options.secret.length < 32)) {
    throw new ConfigurationError('The Direct Line secret must have at least 32 characters.');
  }
  const secretDigest = options.secret ? sha256(options.secret) : undefined;
  const conversations = new DirectLineConversations(options.conversations);
  const limiter = new FixedWindowRateLimiter({ limit: options.activitiesPerMinute ?? 60, windowMs: 60_000 });
  const bot = options.bot ?? { id: 'bot', name: 'Bot' };
  const channelId = options.channelId ?? 'webchat';
  const timeoutMs = options.botTimeoutMs ?? 30_000;
  const log = options.log ?? (() => undefined);
  const countries = options.redactCountries ?? TIN_COUNTRIES;
  assertTinCountries(countries);

  /** Who is calling: a token's grant, or the brand's secret. */
  function caller(req: Request): { grant?: DirectLineGrant; secret?: true } | undefined {
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    if (!match) return undefined;
    const given = match[1];
    if (secretDigest && timingSafeEqual(sha256(given), secretDigest)) return { secret: true };
    const grant = tokens.verify(given);
    return grant ? { grant } : undefined;
  }

  function botUrlOf(req: Request): string {
    if (options.botUrl) return options.botUrl;
    // The address this request came in on: the same app listens there (IPv4-mapped IPv6 as IPv4).
    const address = (req.socket.localAddress ?? '127.0.0.1').replace(/^::ffff:(?=\d+\.)/, '');
    const host = address.includes(':') ? `[${address}]` : address;
    return `http://${host}:${req.socket.localPort}/api/messages`;
  }

  /** The fields every activity to the bot carries. */
  function envelope(req: Request, conversationId: string, userId: string, locale?: string) {
    return {
      channelId,
      // Replies come back in the HTTP answer (expectReplies); the bot's serviceUrl guard still checks it.
      serviceUrl: options.serviceUrl ?? `http://127.0.0.1:${req.socket.localPort}/`,
      from: { id: userId, role: 'user' },
      recipient: { id: bot.id, name: bot.name, role: 'bot' },
      conversation: { id: conversationId },
      timestamp: new Date().toISOString(),
      ...(locale ? { locale } : {}),
    };
  }

  /** The bot's replies as the page receives them: from the bot, in this conversation. */
  function asReplies(replies: DirectLineActivity[], conversationId: string): DirectLineActivity[] {
    return replies.map((reply) => ({
      ...reply,
      from: { id: bot.id, name: bot.name, role: 'bot' },
      conversation: { id: conversationId },
      timestamp: typeof reply.timestamp === 'string' ? reply.timestamp : new Date().toISOString(),
    }));
  }

  /** Opens the conversation and, when it is new, tells the bot the user joined (its greeting comes back). */
  async function start(req: Request, grant: DirectLineGrant, locale?: string): Promise<void> {
    if (conversations.has(grant.conversationId)) return;
    const replies = await postToBot(
      botUrlOf(req),
      {
        type: 'conversationUpdate',
        membersAdded: [{ id: grant.userId, role: 'user' }],
        ...envelope(req, grant.conversationId, grant.userId, locale),
      },
      timeoutMs,
    );
    conversations.open(grant.conversationId);
    conversations.append(grant.conversationId, asReplies(replies, grant.conversationId));
  }

  function conversationBody(grant: DirectLineGrant, withToken: boolean) {
    return {
      conversationId: grant.conversationId,
      ...(withToken ? { token: tokens.sign(grant), expires_in: tokens.secondsLeft(grant) } : {}),
    };
  }

  function badGateway(res: Response, error: unknown): void {
    log(
      `Direct Line: the bot did not take an activity (${error instanceof BotUnavailableError ? error.message : 'error'})`,
    );
    fail(res, 502, 'BotError', 'The bot is unavailable or returned an error.');
  }

  const router = express.Router();
  const json = express.json({ limit: '64kb' });
  const base = '/v3/directline';

  router.post(`${base}/tokens/generate`, json, (req, res) => {
    const who = caller(req);
    if (!who?.secret) return fail(res, 403, 'Forbidden', 'A Direct Line secret is required.');
    res.json(conversationBody(tokens.newGrant(), true));
  });

  router.post(`${base}/tokens/refresh`, (req, res) => {
    const who = caller(req);
    if (!who?.grant) return fail(res, 403, 'TokenExpired', 'The token is not valid or has expired.');
    res.json(conversationBody(tokens.renewed(who.grant), true));
  });

  router.post(`${base}/conversations`, json, async (req, res) => {
    const who = caller(req);
    if (!who) return fail(res, 403, 'Forbidden', 'A valid token or secret is required.');
    const grant = who.grant ?? tokens.newGrant();
    const locale = localeOf((req.body as { locale?: unknown } | undefined)?.locale);
    const existed = conversations.has(grant.conversationId);
    try {
      await start(req, grant, locale);
    } catch (error) {
      return badGateway(res, error);
    }
    res.status(existed ? 200 : 201).json(conversationBody(grant, true));
  });

  router.get(`${base}/conversations/:conversationId`, (req, res) => {
    const who = caller(req);
    const id = req.params.conversationId;
    if (!who || (who.grant && who.grant.conversationId !== id)) {
      return fail(res, 403, 'Forbidden', 'The token is not valid for this conversation.');
    }
    if (!conversations.has(id)) return fail(res, 404, 'NotFound', 'Unknown conversation.');
    res.json(who.grant ? conversationBody(who.grant, true) : { conversationId: id });
  });

  router.get(`${base}/conversations/:conversationId/activities`, (req, res) => {
    const who = caller(req);
    const id = req.params.conversationId;
    if (!who || (who.grant && who.grant.conversationId !== id)) {
      return fail(res, 403, 'Forbidden', 'The token is not valid for this conversation.');
    }
    const watermark = typeof req.query.watermark === 'string' ? req.query.watermark : undefined;
    const set = conversations.after(id, watermark);
    if (!set) return fail(res, 404, 'NotFound', 'Unknown conversation.');
    res.set('Cache-Control', 'no-store').json(set);
  });

  router.post(`${base}/conversations/:conversationId/activities`, json, async (req, res) => {
    const who = caller(req);
    const id = req.params.conversationId;
    if (!who || (who.grant && who.grant.conversationId !== id)) {
      return fail(res, 403, 'Forbidden', 'The token is not valid for this conversation.');
    }
    if (!conversations.has(id)) return fail(res, 404, 'NotFound', 'Unknown conversation.');
    const posted = req.body as DirectLineActivity | undefined;
    const problem = activityProblem(posted);
    if (problem) return fail(res, 400, 'BadArgument', problem);
    if (!limiter.take(sha256(id).toString('base64url')).allowed) {
      return fail(res, 429, 'TooManyRequests', 'Too many activities; wait a moment.');
    }
    const activity = posted!;
    // With a token, the user is the token's; only the brand's secret may speak for a user it names.
    const fromId = (activity.from as { id?: unknown } | undefined)?.id;
    const userId =
      who.grant?.userId ?? (typeof fromId === 'string' && ID_PATTERN.test(fromId) ? fromId : 'dl_secret');
    const locale = localeOf(activity.locale);
    const clientActivityID = (activity.channelData as { clientActivityID?: unknown } | undefined)
      ?.clientActivityID;
    // Web Chat's own fields: the id it matches the echo by, and the mark of a button's postBack (Web Chat
    // does not show those as the person's message, as with Azure's Direct Line).
    const postBack = (activity.channelData as { postBack?: unknown } | undefined)?.postBack === true;
    const channelData =
      typeof clientActivityID === 'string'
        ? { clientActivityID, ...(postBack ? { postBack: true } : {}) }
        : undefined;
    const text = typeof activity.text === 'string' ? activity.text : undefined;
    const toBot: DirectLineActivity = {
      type: activity.type,
      ...(text !== undefined ? { text } : {}),
      ...(activity.value !== undefined ? { value: activity.value } : {}),
      ...(typeof activity.name === 'string' ? { name: activity.name } : {}),
      ...(channelData ? { channelData } : {}),
      ...(typeof activity.textFormat === 'string' ? { textFormat: activity.textFormat } : {}),
      ...envelope(req, id, userId, locale),
    };
    // Its id now (the replies' replyToId points to it); it is queued after the turn, before the replies.
    toBot.id = `${id}|${randomBytes(8).toString('hex')}`;
    let replies: DirectLineActivity[];
    try {
      replies = await postToBot(botUrlOf(req), toBot, timeoutMs);
    } catch (error) {
      return badGateway(res, error);
    }
    // The echo (Web Chat shows it in place of what was typed) with its text redacted, then the replies.
    const echo: DirectLineActivity = {
      ...toBot,
      ...(text !== undefined
        ? { text: redactSensitive(text, countries, { masks: masksFor(locale) }).text }
        : {}),
    };
    delete echo.value;
    conversations.append(id, [echo, ...asReplies(replies, id)]);
    res.json({ id: toBot.id });
  });

  router.post(`${base}/conversations/:conversationId/upload`, (_req, res) =>
    fail(res, 501, 'NotImplemented', 'Uploads are not supported by this Direct Line.'),
  );

  return {
    router,
    issueToken: () => conversationBody(tokens.newGrant(), true) as DirectLineTokenResponse,
  };
}

/** Why a posted activity is refused, or undefined when it is acceptable. */
function activityProblem(activity: DirectLineActivity | undefined): string | undefined {
  if (!activity || typeof activity !== 'object' || Array.isArray(activity)) {
    return 'The body must be an activity (a JSON object).';
  }
  if (activity.type !== 'message' && activity.type !== 'event') {
    return 'Only message and event activities are accepted.';
  }
  if (activity.text !== undefined && typeof activity.text !== 'string') return 'text must be a string.';
  if (typeof activity.text === 'string' && activity.text.length > MAX_TEXT) return 'text is too long.';
  return undefined;
}

/** A BCP 47 tag as given (`es-ES`), or undefined for anything that is not one. */
function localeOf(value: unknown): string | undefined {
  return typeof value === 'string' && /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/.test(value) ? value : undefined;
}

/** The redaction masks in the message's language (English for any other). */
function masksFor(locale: string | undefined): RedactionMasks {
  const language = (locale ?? 'en').slice(0, 2).toLowerCase();
  return language === 'es' || language === 'sv' ? REDACTION_MASKS[language] : REDACTION_MASKS.en;
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
