/** The example bot as `npm start` runs it, on REDIS_URL, printing its port (for `npm run bench:turns`). */
import { configFromEnv, createBotApp } from '../examples/home-services-bot/app';

const botApp = createBotApp(configFromEnv());
const server = botApp.app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
});

// Exit normally on SIGTERM/SIGINT, so `node --cpu-prof` writes its profile.
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => process.exit(0));
