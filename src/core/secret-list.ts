import { ConfigurationError } from './errors';

/** One entry of a secret list: its id and its secret. */
export interface ListedSecret {
  readonly id: string;
  readonly secret: string;
}

const ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * Parses a key list as the `*_SECRETS` variables write it: `k2:<newest>,k1:<older>` (ids and secrets,
 * newest first). What a secret must be (length, encoding) is for the ring that takes the list to check.
 * @throws ConfigurationError naming the entry by position or id, never showing a secret.
 */
export function parseSecretList(text: string, source: string): ListedSecret[] {
  if (typeof text !== 'string' || text.trim().length === 0) {
    throw new ConfigurationError(`${source} is empty: set it to "id:secret" entries, newest first.`);
  }
  return text.split(',').map((entry, index) => {
    const trimmed = entry.trim();
    const colon = trimmed.indexOf(':');
    const id = colon > 0 ? trimmed.slice(0, colon) : '';
    if (!ID_PATTERN.test(id)) {
      throw new ConfigurationError(
        `${source}, entry ${index + 1}: expected "id:secret" with an id of 1-32 characters A-Z a-z 0-9 _ -.`,
      );
    }
    const secret = trimmed.slice(colon + 1).trim();
    if (secret.length === 0) throw new ConfigurationError(`${source}, key "${id}": the secret is empty.`);
    return { id, secret };
  });
}
