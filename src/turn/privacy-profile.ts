/** What the privacy layer keeps in user state about the person: their name, when the channel shares it. */
export interface PrivacyProfile {
  firstName?: string;
  lastName?: string;
  /** Where the name came from: the channel, the channel's profile API, or the person themselves. */
  nameSource?: 'channel' | 'profile_api' | 'user';
  /** When the name was looked up (also set when none was found, so it is not looked up every turn). */
  nameCheckedAt?: string;
}

/** Longest name accepted from a channel, a profile API or a correction. */
export const MAX_NAME_LENGTH = 50;

/** A cleaned name, or undefined when the text is not a plausible name. */
export function cleanName(text: string | undefined): string | undefined {
  if (typeof text !== 'string') return undefined;
  const name = text.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (!name || [...name].length > MAX_NAME_LENGTH) return undefined;
  // Letters (any script), combining marks, spaces, apostrophes, hyphens and dots only.
  return /^[\p{L}\p{M}][\p{L}\p{M} '’.-]*$/u.test(name) ? name : undefined;
}
