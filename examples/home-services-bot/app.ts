import express, { type Express } from 'express';
import {
  ActivityHandler,
  AutoSaveStateMiddleware,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConversationState,
  UserState,
  type Storage,
} from 'botbuilder';
import {
  createRedisClient,
  MemoryPrivacyStorage,
  RedisStorage,
  SubjectScopeMiddleware,
  subjectOfActivity,
  type SubjectErasure,
} from '../../src';

/** What the example reads from the environment (see .env.example). */
export interface BotAppConfig {
  redisUrl?: string;
  microsoftAppId?: string;
  microsoftAppPassword?: string;
  microsoftAppTenantId?: string;
  microsoftAppType?: string;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): BotAppConfig {
  return {
    redisUrl: env.REDIS_URL || undefined,
    microsoftAppId: env.MicrosoftAppId || env.MICROSOFT_APP_ID || undefined,
    microsoftAppPassword: env.MicrosoftAppPassword || env.MICROSOFT_APP_PASSWORD || undefined,
    microsoftAppTenantId: env.MicrosoftAppTenantId || undefined,
    microsoftAppType: env.MicrosoftAppType || undefined,
  };
}

export interface BotApp {
  app: Express;
  /** "redis" or "memory": which store holds user state. */
  storageKind: 'redis' | 'memory';
  close(): Promise<void>;
}

/** Builds the example bot's express app: POST /api/messages through CloudAdapter. */
export function createBotApp(config: BotAppConfig = configFromEnv()): BotApp {
  const redis = config.redisUrl ? createRedisClient(config.redisUrl) : undefined;
  redis?.on('error', () => undefined); // reported per operation as StorageUnavailableError
  const storage: Storage & SubjectErasure = redis ? new RedisStorage({ redis }) : new MemoryPrivacyStorage();

  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.microsoftAppId,
    MicrosoftAppPassword: config.microsoftAppPassword,
    MicrosoftAppTenantId: config.microsoftAppTenantId,
    MicrosoftAppType: config.microsoftAppType,
  });
  const adapter = new CloudAdapter(auth);
  const userState = new UserState(storage);
  const conversationState = new ConversationState(storage);
  adapter.use(new SubjectScopeMiddleware());
  adapter.use(new AutoSaveStateMiddleware(userState, conversationState));
  adapter.onTurnError = async (context) => {
    // Never echo the error: it could hold internal details.
    await context.sendActivity('Sorry, something went wrong on our side. Please try again in a moment.');
  };

  const visits = userState.createProperty<number>('visits');
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    const text = (context.activity.text ?? '').trim().toLowerCase();
    if (text === 'delete my data') {
      const subject = subjectOfActivity(context.activity);
      if (subject) {
        const receipt = await storage.eraseSubject(subject);
        await context.sendActivity(`Your data was deleted. Confirmation code: ${receipt.confirmationCode}`);
      }
    } else {
      const count = (await visits.get(context, 0)) + 1;
      await visits.set(context, count);
      await context.sendActivity(`Welcome to Home Services! Messages so far: ${count}.`);
    }
    await next();
  });

  const app = express();
  app.use(express.json({ limit: '256kb' }));
  app.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });

  return {
    app,
    storageKind: redis ? 'redis' : 'memory',
    async close() {
      redis?.disconnect();
    },
  };
}
