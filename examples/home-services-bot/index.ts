import { config as loadDotenv } from 'dotenv';
import { configFromEnv, createBotApp } from './app';

loadDotenv({ quiet: true });
const config = configFromEnv();
const botApp = createBotApp(config);
console.log(
  botApp.storageKind === 'redis'
    ? 'Storage: Redis (REDIS_URL is set)'
    : 'Storage: in-memory (REDIS_URL is not set; data is lost on restart)',
);
// Same stream as the line above, so the storage line stays first whatever the terminal or pipe.
for (const note of botApp.notes) console.log(`Note: ${note}`);
const server = botApp.app.listen(config.port, () => {
  console.log(`Home Services bot listening on http://localhost:${config.port}/api/messages`);
});

let stopping = false;
/** Graceful shutdown: stop accepting, let in-flight turns finish, flush, close Redis. */
function shutdown(signal: string): void {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: finishing in-flight requests...`);
  server.close(async () => {
    await botApp.close();
    console.log('Stopped.');
    process.exit(0);
  });
  server.closeIdleConnections();
  setTimeout(() => process.exit(1), 10_000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
