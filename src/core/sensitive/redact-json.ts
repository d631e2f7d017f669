/**
 * Redacts every string inside a JSON-like value (an activity's `value`, `channelData`, attachments):
 * arrays and plain objects are copied with their strings passed through `redact`. Left as they are:
 * - strings under keys that name an identifier, a reference or a link (`id`, `mid`, `psid`, `userId`,
 *   `app_id`, `user_ref`, `contentUrl`, `url`...): they are not free text, and masking a digit run
 *   inside them would break them;
 * - strings that are a single http(s) or data URL;
 * - numbers, booleans, class instances (dates, buffers).
 * Deeper than {@link MAX_DEPTH} levels, a value is replaced by {@link TOO_DEEP} rather than walked.
 * Never throws on JSON input (cycles are cut like depth).
 */
export function redactJsonStrings(value: unknown, redact: (text: string) => string): unknown {
  return walk(value, redact, 0, new Set());
}

/** Nesting kept before a value is cut: far beyond any channel's payloads. */
export const MAX_DEPTH = 32;
/** What replaces a value nested deeper than {@link MAX_DEPTH} (or a cycle). */
export const TOO_DEEP = '[too deep]';

const IDENTIFIER_KEY =
  /^(?:id|ids|mid|psid|asid|sid|uid|uuid|guid|ref|href|src|url|etag)$|[_-](?:id|ref|url|token)$|[a-z0-9](?:Id|ID|Ref|Url|URL|Token)$/;
const SINGLE_URL = /^(?:https?:\/\/|data:)\S*$/i;

function walk(value: unknown, redact: (text: string) => string, depth: number, seen: Set<object>): unknown {
  if (typeof value === 'string') return SINGLE_URL.test(value) ? value : redact(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH || seen.has(value)) return TOO_DEEP;
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => walk(item, redact, depth + 1, seen));
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) return value;
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      copy[key] =
        typeof item === 'string' && IDENTIFIER_KEY.test(key) ? item : walk(item, redact, depth + 1, seen);
    }
    return copy;
  } finally {
    seen.delete(value);
  }
}
