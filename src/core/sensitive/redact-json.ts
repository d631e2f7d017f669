/**
 * Redacts every string inside a JSON-like value (an activity's `value`, `channelData`, attachments):
 * its strings are passed through `redact`, and an array or plain object is copied only when something
 * inside it changed (the input itself is never modified; unchanged parts are returned as they are). Left
 * as they are:
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
    // Copy on write: an array or object is copied only when something inside it changed.
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        const redacted = walk(item, redact, depth + 1, seen);
        if (redacted !== item && !copy) copy = value.slice(0, i);
        copy?.push(redacted);
      }
      return copy ?? value;
    }
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) return value;
    let copy: Record<string, unknown> | undefined;
    const keys = Object.keys(value);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const item: unknown = (value as Record<string, unknown>)[key];
      const redacted =
        typeof item === 'string' && IDENTIFIER_KEY.test(key) ? item : walk(item, redact, depth + 1, seen);
      if (redacted !== item && !copy) {
        copy = {};
        for (let j = 0; j < i; j++) copy[keys[j]] = (value as Record<string, unknown>)[keys[j]];
      }
      if (copy) copy[key] = redacted;
    }
    return copy ?? value;
  } finally {
    seen.delete(value);
  }
}
