import { config as loadDotenv } from 'dotenv';
import { ConfigurationError } from '../../src';
import { configFromEnv, type BotApp, type BotAppConfig } from './app';
import { checkDeployment } from './deployment-checks';
import { applyHttpTimeouts, keepAliveTimeoutFromEnv } from './http-timeouts';
import { PURPOSES } from './purposes';

/**
 * Starts an example from the environment (`.env` too) on PORT, as `npm start` and `npm run start:agents`
 * do: refuses an unsafe deployment, says where data is kept, and shuts down gracefully on SIGTERM/SIGINT.
 * `name` is how it introduces itself, e.g. `Home Services bot`; `host.credentialsRequired`: the host SDK
 * runs only with Bot Framework credentials in production (see checkDeployment).
 */
export function serveExample(
  name: string,
  createApp: (config: BotAppConfig) => BotApp,
  host: { credentialsRequired?: boolean } = {},
): void {
  loadDotenv({ quiet: true });
  let fromEnv: BotAppConfig;
  try {
    fromEnv = configFromEnv();
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    console.error(`Refusing to start: ${error.message}`); // e.g. PRIVACY_HISTORY_MAX_DAYS=abc
    process.exit(1);
  }
  const check = checkDeployment(fromEnv, {
    purposes: PURPOSES,
    publicPages: ['the Privacy Center'],
    credentialsRequired: host.credentialsRequired,
  });
  if (check.refusal) {
    console.error(`Refusing to start: ${check.refusal}`);
    process.exit(1);
  }
  const { config } = check;
  let keepAliveTimeoutMs: number;
  try {
    keepAliveTimeoutMs = keepAliveTimeoutFromEnv(process.env);
  } catch (error) {
    console.error(`Refusing to start: ${(error as Error).message}`);
    process.exit(1);
  }
  let botApp: BotApp;
  try {
    botApp = createApp(config);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    console.error(`Refusing to start: ${error.message}`);
    process.exit(1);
  }
  console.log(
    botApp.storageKind === 'redis'
      ? 'Storage: Redis (REDIS_URL is set)'
      : 'Storage: in-memory (REDIS_URL is not set; data is lost on restart)',
  );
  // Same stream as the line above, so the storage line stays first (and the unauthenticated-mode warning
  // second) whatever the terminal or pipe.
  for (const warning of check.warnings) console.log(warning);
  for (const note of botApp.notes) console.log(`Note: ${note}`);
  const onListening = () => {
    console.log(`${name} listening on http://${check.host ?? 'localhost'}:${config.port}/api/messages`);
    if (botApp.webChatPage)
      console.log(`Try it in your browser: http://${check.host ?? 'localhost'}:${config.port}/`);
  };
  const server = check.host
    ? botApp.app.listen(config.port, check.host, onListening)
    : botApp.app.listen(config.port, onListening);
  applyHttpTimeouts(server, keepAliveTimeoutMs); // above a proxy's idle timeout: no 502 on a reused connection

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
}
