export default async function globalTeardown(): Promise<void> {
  const redis = (globalThis as { __BBP_REDIS__?: { stop(): Promise<void> } }).__BBP_REDIS__;
  if (redis) await redis.stop();
}
