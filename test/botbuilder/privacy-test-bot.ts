import {
  ActivityTypes,
  AutoSaveStateMiddleware,
  ConversationState,
  TestAdapter,
  TranscriptLoggerMiddleware,
  UserState,
  type Activity,
  type Middleware,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder-core';
import { DialogSet, TextPrompt, WaterfallDialog, type DialogState } from 'botbuilder-dialogs';
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createPrivacy, type Privacy } from '../../src/botbuilder';
import { RedisTranscriptStore } from '../../src/storage/redis-transcript-store';
import { type DataInventoryItem } from '../../src/core/inventory';
import { type PrivacyOptions } from '../../src/turn/privacy-options';
import { type ProfileProvider } from '../../src/core/profile';
import { type RedisStorage } from '../../src/storage/redis-storage';
import { testStorage } from '../support/redis';

export const INVENTORY: DataInventoryItem[] = [
  {
    id: 'name',
    what: { en: 'Your first name', es: 'Tu nombre', sv: 'Ditt förnamn' },
    why: { en: 'to greet you', es: 'para saludarte', sv: 'för att hälsa på dig' },
    legalBasis: 'legitimate_interests',
    retention: { en: 'until you delete it', es: 'hasta que lo borres', sv: 'tills du raderar det' },
    recipients: { en: 'nobody', es: 'nadie', sv: 'ingen' },
    optional: true,
  },
  {
    id: 'history',
    what: { en: 'The chat history', es: 'El historial del chat', sv: 'Chatthistoriken' },
    why: { en: 'to answer you', es: 'para responderte', sv: 'för att svara dig' },
    legalBasis: 'contract',
    retention: { en: '90 days', es: '90 días', sv: '90 dagar' },
    recipients: { en: 'nobody', es: 'nadie', sv: 'ingen' },
    optional: false,
  },
];

export interface TestBot {
  adapter: TestAdapter;
  storage: RedisStorage;
  redis: Redis;
  prefix: string;
  user: { id: string; name?: string };
  privacyMiddleware: Middleware;
  transcripts: RedisTranscriptStore;
  close(): Promise<void>;
}

/**
 * A small bot using the privacy layer the way a developer would: a booking dialog that asks a question
 * (so the menu can interrupt it), a greeting by first name, state saved by AutoSaveStateMiddleware.
 */
export function createTestBot(
  options: {
    channelId?: string;
    locale?: string;
    userName?: string;
    userId?: string;
    profileProvider?: ProfileProvider;
    storage?: { storage: RedisStorage; redis: Redis; prefix: string };
    privacy?: Partial<PrivacyOptions>;
  } = {},
): TestBot {
  const { storage, redis, prefix } = options.storage ?? testStorage();
  const transcripts = new RedisTranscriptStore({ keyspace: storage.keyspace });
  const userState = new UserState(storage);
  const conversationState = new ConversationState(storage);
  const dialogState = conversationState.createProperty<DialogState>('DialogState');
  const booking = new WaterfallDialog('booking', [
    async (step) => step.prompt('day', 'What day would you like the visit?'),
    async (step) => {
      await step.context.sendActivity(`Booked for ${step.result}.`);
      return step.endDialog();
    },
  ]);
  const dialogs = new DialogSet(dialogState).add(booking).add(new TextPrompt('day'));
  let privacy: Privacy;
  try {
    privacy = createPrivacy({
      brand: { name: 'Home Services', policyUrl: 'https://example.com/privacy' },
      userState,
      conversationState,
      erasure: storage,
      dataSources: [storage, transcripts],
      inventory: INVENTORY,
      nameCapture: { profileProvider: options.profileProvider, timeoutMs: 300 },
      resumeDialogs: dialogs,
      // These tests assert the replies of the menu and the bot; the automated-agent notice said before a
      // conversation's first reply has its own tests (test/turn/disclosure.test.ts), which turn it on.
      disclosure: false,
      ...options.privacy,
    });
  } catch (error) {
    if (!options.storage) void redis.quit();
    throw error;
  }

  const logic = async (context: TurnContext) => {
    if (context.activity.type !== ActivityTypes.Message) return;
    const dc = await dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status !== 'empty') return;
    const text = (context.activity.text ?? '').toLowerCase();
    if (text === 'book') {
      await dc.beginDialog('booking');
    } else {
      const name = await privacy.firstName(context);
      await context.sendActivity(name ? `Hello ${name}!` : 'Hello!');
    }
  };

  const user = {
    id: options.userId ?? `user-${randomBytes(4).toString('hex')}`,
    name: options.userName ?? '',
  };
  const reference: Partial<ConversationReference> = {
    channelId: options.channelId ?? 'facebook',
    user,
    bot: { id: 'bot', name: 'Bot' },
    conversation: { id: `conv-${user.id}`, isGroup: false, name: '', conversationType: 'personal' },
    locale: options.locale ?? 'en-US',
  };
  const adapter = new TestAdapter(logic, {
    channelId: reference.channelId,
    locale: reference.locale,
    from: user,
    conversation: reference.conversation,
  } as Partial<Activity>);
  adapter.use(privacy.middleware);
  adapter.use(new TranscriptLoggerMiddleware(transcripts));
  adapter.use(new AutoSaveStateMiddleware(userState, conversationState));
  return {
    adapter,
    storage,
    redis,
    prefix,
    user,
    privacyMiddleware: privacy.middleware,
    transcripts,
    close: async () => {
      await transcripts.flush();
      await redis.quit();
    },
  };
}

/** Texts of the suggested actions of a reply. */
export function buttons(activity: Partial<Activity>): string[] {
  return (activity.suggestedActions?.actions ?? []).map((a) => a.title ?? '');
}

/** Payloads of the suggested actions of a reply. */
export function payloads(activity: Partial<Activity>): string[] {
  return (activity.suggestedActions?.actions ?? []).map((a) => String(a.value));
}
