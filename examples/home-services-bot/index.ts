import { config as loadDotenv } from 'dotenv';
import { configFromEnv, createBotApp } from './app';

loadDotenv({ quiet: true });
const botApp = createBotApp(configFromEnv());
console.log(
  botApp.storageKind === 'redis'
    ? 'Storage: Redis (REDIS_URL is set)'
    : 'Storage: in-memory (REDIS_URL is not set; data is lost on restart)',
);
const port = Number(process.env.PORT || 3978);
const server = botApp.app.listen(port, () => {
  console.log(`Home Services bot listening on http://localhost:${port}/api/messages`);
});

function shutdown(): void {
  server.close(() => void botApp.close().then(() => process.exit(0)));
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
