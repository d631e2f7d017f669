import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import { createLocalDirectLine, webChatPageRouter } from '../../src/express';
import type { Privacy } from '../../src';
import type { BotAppConfig } from './config';
import { pageBrandOf } from './privacy-setup';

/**
 * The page to try the bot in the Bot Framework Web Chat client (`GET /`) and the local Direct Line it
 * talks to (`/v3/directline`). On in development; in production only with WEB_CHAT_PAGE=true. The
 * Direct Line reaches the bot through POST /api/messages like any channel: with Bot Framework
 * credentials the bot refuses it (it cannot sign channel tokens), so the page is not mounted then.
 */
export function mountWebChat(
  app: Express,
  { config, privacy, notes }: { config: BotAppConfig; privacy: Privacy; notes: string[] },
): boolean {
  if (!config.webChatPage) return false;
  if (config.microsoftAppId) {
    notes.push(
      'The Web Chat page is off: with MicrosoftAppId set, the bot accepts only Azure Bot Service; use Azure Direct Line there.',
    );
    return false;
  }
  const directLine = createLocalDirectLine({
    // Conversations live in this process: a token secret of the same lifetime is enough.
    tokenSecret: randomBytes(32).toString('base64url'),
    secret: config.directLineSecret,
    bot: { id: 'home-services-bot', name: 'Home Services' },
    redactCountries: privacy.runtime.sensitive.tinCountries,
    log: (line) => console.error(line),
  });
  app.use(directLine.router);
  app.use(webChatPageRouter({ directLine, localizer: privacy.localizer, brand: pageBrandOf(config) }));
  return true;
}
