/** One e-mail address in a text: `text.slice(start, end)`. */
export interface EmailMatch {
  readonly start: number;
  readonly end: number;
}

/**
 * An address as people type it in chat: a local part of letters, digits and `. _ % + -`, an `@`, and a
 * domain of dot-separated labels ending in a top-level domain of two or more letters. Unicode letters
 * count (`josé@correo.es`).
 */
const EMAIL =
  /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)*\.\p{L}{2,}/gu;

/** Where e-mail addresses are in `text`, in order. A dot that ends a sentence is not part of one. */
export function findEmailAddresses(text: string): EmailMatch[] {
  if (typeof text !== 'string' || !text.includes('@')) return [];
  const found: EmailMatch[] = [];
  for (const match of text.matchAll(EMAIL)) {
    let start = match.index;
    // A local part does not start or end with a dot (`see:.a@b.se` starts at `a`).
    while (text[start] === '.') start++;
    if (text[start] === '@') continue;
    found.push({ start, end: match.index + match[0].length });
  }
  return found;
}

/** The canonical writing of an address (for comparing two writings of one address): lower case. */
export function canonicalEmail(written: string): string {
  return written.normalize('NFKC').toLowerCase();
}
