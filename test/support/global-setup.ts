import { startRedisServer } from './redis-server';

/**
 * Starts one throwaway redis-server for the whole run (unless REDIS_URL is set) and hands its URL to the
 * test workers through the environment. Tests isolate themselves with their own key prefixes.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.REDIS_URL) return;
  const redis = await startRedisServer();
  process.env.REDIS_URL = redis.url;
  (globalThis as { __BBP_REDIS__?: { stop(): Promise<void> } }).__BBP_REDIS__ = redis;
}
