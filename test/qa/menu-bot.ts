import express from 'express';
import {
  ActivityHandler,
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  MemoryStorage,
  MessageFactory,
  UserState,
  type TurnContext,
} from 'botbuilder';

/**
 * A tiny bot for runner tests, served the way real bots are: express + CloudAdapter without an app id
 * (unauthenticated local mode). It greets on join, echoes, counts each user's messages, answers the
 * PRIVACY_MENU postback with buttons (in Spanish for es locales), and can send two messages in a turn.
 */
export function createMenuBot(): express.Express {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  adapter.onTurnError = async (context, error) => {
    await context.sendActivity(`Sorry, something broke: ${error.message}`);
  };
  const bot = createMenuBotLogic();
  const app = express();
  app.use(express.json());
  app.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  return app;
}

/** The same bot as logic only (an ActivityHandler), for hosts that bring their own adapter. */
export function createMenuBotLogic(): ActivityHandler {
  const userState = new UserState(new MemoryStorage());
  const count = userState.createProperty<number>('count');
  const bot = new ActivityHandler();

  bot.onMembersAdded(async (context, next) => {
    const joined = (context.activity.membersAdded ?? []).some((m) => m.id !== context.activity.recipient.id);
    if (joined) await context.sendActivity('Welcome! Say hi.');
    await next();
  });
  bot.onMessage(async (context, next) => {
    const messages = (await count.get(context, 0)) + 1;
    await count.set(context, messages);
    await reply(context, messages);
    await userState.saveChanges(context);
    await next();
  });
  return bot;
}

async function reply(context: TurnContext, messages: number): Promise<void> {
  const text = (context.activity.text ?? '').trim();
  const postback =
    (context.activity.channelData as { postback?: { payload?: string } } | undefined)?.postback?.payload ??
    (typeof context.activity.value === 'string' ? context.activity.value : undefined);
  const spanish = (context.activity.locale ?? '').startsWith('es');
  if (postback === 'PRIVACY_MENU') {
    await context.sendActivity(
      spanish
        ? MessageFactory.suggestedActions(['Ver mis datos', 'Borrar mis datos'], 'Opciones de privacidad:')
        : MessageFactory.suggestedActions(['See my data', 'Delete my data'], 'Privacy options:'),
    );
  } else if (/^(hi|hello)$/i.test(text)) {
    await context.sendActivity(
      MessageFactory.suggestedActions(['Book', 'Privacy'], 'Hello! How can I help?'),
    );
  } else if (text === 'card') {
    await context.sendActivity(
      MessageFactory.attachment(CardFactory.heroCard('Our services', undefined, ['Plumbing', 'Electricity'])),
    );
  } else if (text === 'two') {
    await context.sendActivities([
      { type: 'typing' },
      { type: 'message', text: 'First message.' },
      { type: 'message', text: 'Second message.' },
    ]);
  } else if (text === 'count') {
    await context.sendActivity(`You have sent ${messages} message${messages === 1 ? '' : 's'}.`);
  } else if (text === 'silence') {
    // no reply
  } else {
    await context.sendActivity(`You said: ${text} (channel ${context.activity.channelId})`);
  }
}
