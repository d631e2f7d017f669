import express from 'express';
import {
  ActivityHandler,
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  MessageFactory,
  type CardAction,
} from 'botbuilder';

/**
 * A bot for the chat tests, served as real bots are (express + CloudAdapter, unauthenticated local mode).
 * It greets on join (by the name the channel gave), says how each message reached it, offers postBack
 * buttons on `menu`, imBack buttons on `colors` and a hero card with a link on `card`.
 */
export function createEchoBot(): express.Express {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const bot = new ActivityHandler();
  bot.onMembersAdded(async (context, next) => {
    const user = (context.activity.membersAdded ?? []).find((m) => m.id !== context.activity.recipient.id);
    if (user) await context.sendActivity(`Welcome, ${user.name ?? 'stranger'}!`);
    await next();
  });
  bot.onMessage(async (context, next) => {
    const { activity } = context;
    const text = activity.text ?? '';
    const postback = (activity.channelData as { postback?: { payload?: string } } | undefined)?.postback;
    const postBack = (type: string, title: string, value: string): CardAction => ({ type, title, value });
    if (text === 'menu') {
      await context.sendActivity({
        text: 'Pick one:',
        suggestedActions: {
          to: [],
          actions: [
            postBack('postBack', 'Delete my data', 'PRIVACY_DELETE'),
            postBack('postBack', 'Close', 'PRIVACY_CLOSE'),
          ],
        },
      });
    } else if (text === 'colors') {
      await context.sendActivity(MessageFactory.suggestedActions(['Red', 'Blue'], 'Which color?'));
    } else if (text === 'card') {
      await context.sendActivity(
        MessageFactory.attachment(
          CardFactory.heroCard('Plumbing', 'We fix leaks.', undefined, [
            postBack('openUrl', 'Our site', 'https://example.com/plumbing'),
            postBack('postBack', 'Book', 'BOOK_PLUMBING'),
          ]),
        ),
      );
    } else {
      const via = postback
        ? `postback ${postback.payload}`
        : activity.value
          ? `value ${String(activity.value)}`
          : 'text';
      await context.sendActivity(
        `Got "${text}" as ${via} on ${activity.channelId} from ${activity.from.id} in ${activity.locale}.`,
      );
    }
    await next();
  });
  const app = express();
  app.use(express.json());
  app.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  return app;
}
