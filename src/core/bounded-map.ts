/**
 * Sets `key` in a map used as a bounded cache (a Map keeps insertion order): the entry becomes the newest,
 * and when the map already holds `max` entries the oldest one goes first.
 */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  if (map.size >= max) map.delete(map.keys().next().value as K);
  map.set(key, value);
}
