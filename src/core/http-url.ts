/** True for an absolute http(s) URL (configuration checks: policy links, purpose links). */
export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    // Not parseable as a URL: so not an http(s) URL.
    return false;
  }
}
