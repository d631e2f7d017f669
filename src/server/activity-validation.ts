import type { RequestHandler } from 'express';

/** Why an incoming activity was refused: the field's path and a sentence that holds no request value. */
export interface ActivityProblem {
  /** Path of the offending field, e.g. `from.id`; `body` for the body itself. */
  readonly field: string;
  readonly message: string;
}

/** Longest id accepted for `from.id`, `recipient.id` and members (Teams and Direct Line ids stay far below). */
export const MAX_ACTIVITY_ID_LENGTH = 512;
const MAX_CONVERSATION_ID_LENGTH = 1024;
const MAX_SHORT_TEXT_LENGTH = 256;
const MAX_URL_LENGTH = 2048;
/** Channel ids are short lower-case names (`facebook`, `webchat`, `msteams`, `directline`, `emulator`). */
const CHANNEL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

type Json = Record<string, unknown>;
type Check = (activity: Json) => ActivityProblem | undefined;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function problem(field: string, rule: string): ActivityProblem {
  return { field, message: `Invalid activity: "${field}" ${rule}.` };
}

function requiredText(field: string, value: unknown, max: number): ActivityProblem | undefined {
  if (value === undefined || value === null) return problem(field, 'is missing');
  if (typeof value !== 'string' || value.trim().length === 0) {
    return problem(field, 'must be a non-empty string');
  }
  if (value.length > max) return problem(field, `must be at most ${max} characters`);
  return undefined;
}

function optionalText(field: string, value: unknown, max = Infinity): ActivityProblem | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') return problem(field, 'must be a string');
  if (value.length > max) return problem(field, `must be at most ${max} characters`);
  return undefined;
}

function optionalDate(field: string, value: unknown): ActivityProblem | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
    return problem(field, 'must be an ISO 8601 date string');
  }
  return undefined;
}

function optionalObject(field: string, value: unknown): ActivityProblem | undefined {
  if (value === undefined || value === null || isObject(value)) return undefined;
  return problem(field, 'must be an object');
}

function optionalObjectArray(field: string, value: unknown): ActivityProblem | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) return problem(field, 'must be an array');
  const index = value.findIndex((item) => !isObject(item));
  return index < 0 ? undefined : problem(`${field}[${index}]`, 'must be an object');
}

/** A channel account (`from`, `recipient`, a member): an object with a non-empty id. */
function account(field: string, value: unknown): ActivityProblem | undefined {
  if (value === undefined || value === null) return problem(field, 'is missing');
  if (!isObject(value)) return problem(field, 'must be an object');
  return (
    requiredText(`${field}.id`, value.id, MAX_ACTIVITY_ID_LENGTH) ??
    optionalText(`${field}.name`, value.name, MAX_SHORT_TEXT_LENGTH * 4) ??
    optionalText(`${field}.role`, value.role, MAX_SHORT_TEXT_LENGTH)
  );
}

function members(field: string, value: unknown): ActivityProblem | undefined {
  const shape = optionalObjectArray(field, value);
  if (shape || !Array.isArray(value)) return shape;
  for (const [i, member] of value.entries()) {
    const found = account(`${field}[${i}]`, member);
    if (found) return found;
  }
  return undefined;
}

function serviceUrl(activity: Json): ActivityProblem | undefined {
  const value = activity.serviceUrl;
  if ((value === undefined || value === null) && activity.deliveryMode === 'expectReplies') return undefined;
  const text = requiredText('serviceUrl', value, MAX_URL_LENGTH);
  if (text) return text;
  if (knownHttpUrls.has(value as string)) return undefined;
  try {
    const url = new URL(value as string);
    if (url.protocol === 'https:' || url.protocol === 'http:') {
      if (knownHttpUrls.size >= MAX_KNOWN_URLS) knownHttpUrls.clear();
      knownHttpUrls.add(value as string);
      return undefined;
    }
  } catch {
    // Not a URL: reported below like a wrong scheme.
  }
  return problem('serviceUrl', 'must be an http(s) URL');
}

/** Service URLs that parsed as http(s) (a channel sends few): not parsed again on every request. */
const knownHttpUrls = new Set<string>();
const MAX_KNOWN_URLS = 256;

const CHECKS: readonly Check[] = [
  (a) => requiredText('type', a.type, 64),
  (a) =>
    requiredText('channelId', a.channelId, 64) ??
    (CHANNEL_ID.test(a.channelId as string) ? undefined : problem('channelId', 'must be a channel name')),
  (a) => account('from', a.from),
  (a) => account('recipient', a.recipient),
  (a) => {
    if (a.conversation === undefined || a.conversation === null) return problem('conversation', 'is missing');
    if (!isObject(a.conversation)) return problem('conversation', 'must be an object');
    const c = a.conversation;
    return (
      requiredText('conversation.id', c.id, MAX_CONVERSATION_ID_LENGTH) ??
      (c.isGroup === undefined || c.isGroup === null || typeof c.isGroup === 'boolean'
        ? undefined
        : problem('conversation.isGroup', 'must be a boolean')) ??
      optionalText('conversation.conversationType', c.conversationType, MAX_SHORT_TEXT_LENGTH) ??
      optionalText('conversation.tenantId', c.tenantId, MAX_SHORT_TEXT_LENGTH) ??
      optionalText('conversation.name', c.name, MAX_SHORT_TEXT_LENGTH * 4)
    );
  },
  (a) => optionalText('deliveryMode', a.deliveryMode, 64),
  serviceUrl,
  (a) => optionalText('id', a.id, MAX_CONVERSATION_ID_LENGTH),
  (a) => optionalText('replyToId', a.replyToId, MAX_CONVERSATION_ID_LENGTH),
  (a) => optionalText('locale', a.locale, 64),
  (a) => optionalText('text', a.text),
  (a) => optionalText('textFormat', a.textFormat, 64),
  (a) => optionalText('name', a.name, MAX_SHORT_TEXT_LENGTH),
  (a) => optionalText('valueType', a.valueType, MAX_SHORT_TEXT_LENGTH),
  (a) => optionalDate('timestamp', a.timestamp),
  (a) => optionalDate('localTimestamp', a.localTimestamp),
  (a) => optionalDate('expiration', a.expiration),
  (a) => optionalObject('channelData', a.channelData),
  (a) => optionalObject('suggestedActions', a.suggestedActions),
  (a) => optionalObject('relatesTo', a.relatesTo),
  (a) => optionalObjectArray('attachments', a.attachments),
  (a) => optionalObjectArray('entities', a.entities),
  (a) => members('membersAdded', a.membersAdded),
  (a) => members('membersRemoved', a.membersRemoved),
];

/**
 * The first reason the body is not an activity the bot can run a turn on, or `undefined` when it is.
 *
 * The rules are the fields a turn relies on: `type`, `channelId`, `from.id`, `recipient.id`,
 * `conversation.id` (non-empty strings), an http(s) `serviceUrl` unless `deliveryMode` is `expectReplies`,
 * and the right JSON type for the optional fields botbuilder reads (dates that parse, arrays of objects).
 * Fields it does not know are left alone; `value` may be any JSON.
 */
export function findActivityProblem(body: unknown): ActivityProblem | undefined {
  if (!isObject(body)) return { field: 'body', message: 'Invalid activity: the body must be a JSON object.' };
  for (const check of CHECKS) {
    const found = check(body);
    if (found) return found;
  }
  return undefined;
}

/**
 * Express middleware for a bot's messaging endpoint, after the JSON body parser and before the adapter:
 * a malformed activity gets `400 { error, field }` naming the field, and no turn runs, so nothing is
 * stored and nothing is logged as a crash.
 *
 * @example
 * app.post('/api/messages', jsonBody(), activityValidation(), (req, res) => adapter.process(req, res, logic));
 */
export function activityValidation(): RequestHandler {
  return (req, res, next) => {
    const found = findActivityProblem(req.body);
    if (!found) return next();
    res.status(400).json({ error: found.message, field: found.field });
  };
}
