/**
 * The reference for `npm run bench:turns`: a bare botbuilder bot with user and conversation state on a
 * naive Redis Storage (MGET, then pipelined SET; no eTag check, no index, no transcripts, no privacy
 * features), served over HTTP through CloudAdapter like the example. Its conversation has the example's
 * shape without the privacy layer: an ActivityHandler that continues the active dialog (a DialogSet in
 * conversation state), else greets the user by the name kept in user state; it counts the turn in
 * conversation state and saves both states. For `npm run bench:history` it also has the invoice and payment
 * flows' business data, kept naively (see naiveConsentTurn); an ordinary "hello" never reaches them.
 *
 * Run on its own: REDIS_URL=redis://... PORT=3979 ts-node --transpile-only bench/reference-bot.ts
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import express from 'express';
import {
  ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConversationState,
  UserState,
  type StatePropertyAccessor,
  type Storage,
  type StoreItems,
  type TurnContext,
} from 'botbuilder';
import { DialogSet, DialogTurnStatus, TextPrompt, type DialogState } from 'botbuilder-dialogs';
import { Redis } from 'ioredis';
import { ReusingBotFrameworkAuthentication } from '../examples/home-services-bot/cloud-adapter';
import { sampleAllocationsOnSignal } from './allocation-sampler';

/** The simplest Redis Storage: JSON values, MGET to read, one pipeline of SETs to write. */
export class NaiveRedisStorage implements Storage {
  private etag = 0;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return {};
    const values = await this.redis.mget(...keys.map((key) => this.prefix + key));
    const items: StoreItems = {};
    keys.forEach((key, i) => {
      const value = values[i];
      if (value !== null) items[key] = JSON.parse(value);
    });
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const [key, item] of Object.entries(changes)) {
      pipeline.set(this.prefix + key, JSON.stringify({ ...item, eTag: String(++this.etag) }));
    }
    await pipeline.exec();
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length > 0) await this.redis.del(...keys.map((key) => this.prefix + key));
  }
}

/** A consent as a bare bot would keep it: which purpose, given or not, when, under which policy version. */
interface NaiveConsent {
  given: boolean;
  at: string;
  policyVersion: string;
}

/**
 * The invoice and payment flows without the privacy layer: "invoice" or "pay" asks for consent, the yes
 * records it in user state, and for an invoice the next message (the tax id) is used and not kept. False
 * when the message is not part of these flows.
 */
async function naiveConsentTurn(
  context: TurnContext,
  consents: StatePropertyAccessor<Record<string, NaiveConsent>>,
  asking: StatePropertyAccessor<string>,
): Promise<boolean> {
  const text = context.activity.text?.trim() ?? '';
  const pending = await asking.get(context);
  if (text === 'invoice' || text === 'pay') {
    await asking.set(context, text === 'invoice' ? 'invoice' : 'payment');
    await context.sendActivity('May we ask for it? PRIVACY_CONSENT_YES / PRIVACY_CONSENT_NO');
    return true;
  }
  if (pending === 'tin') {
    await asking.delete(context);
    await context.sendActivity('Customer found: 2 open invoices.');
    return true;
  }
  if (pending && (text === 'PRIVACY_CONSENT_YES' || text === 'PRIVACY_CONSENT_NO')) {
    const given = text === 'PRIVACY_CONSENT_YES';
    const kept = await consents.get(context, {});
    kept![pending] = { given, at: new Date().toISOString(), policyVersion: '2026-11' };
    if (given && pending === 'invoice') {
      await asking.set(context, 'tin');
      await context.sendActivity('Your tax id, please.');
    } else {
      await asking.delete(context);
      await context.sendActivity(given ? 'Use the secure payment page to pay.' : 'No problem.');
    }
    return true;
  }
  return false;
}

export function createReferenceApp(redis: Redis, prefix = 'ref:') {
  const storage = new NaiveRedisStorage(redis, prefix);
  const userState = new UserState(storage);
  const conversationState = new ConversationState(storage);
  const profile = userState.createProperty<{ name?: string }>('profile');
  const turns = conversationState.createProperty<number>('turns');
  const dialogs = new DialogSet(conversationState.createProperty<DialogState>('DialogState'));
  dialogs.add(new TextPrompt('text'));
  // For `npm run bench:history`'s memory table: the same business data as the example's invoice and payment
  // flows, kept the naive way (plain JSON in user state, no receipt, no encryption, no index).
  const consents = userState.createProperty<Record<string, NaiveConsent>>('consents');
  const asking = conversationState.createProperty<string>('asking');
  const bot = new ActivityHandler().onMessage(async (context, next) => {
    const dc = await dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty && (await naiveConsentTurn(context, consents, asking))) {
      // answered by the consent flow
    } else if (result.status === DialogTurnStatus.empty) {
      const user = await profile.get(context, {});
      if (!user.name) user.name = context.activity.from?.name?.split(' ')[0];
      await turns.set(context, ((await turns.get(context, 0)) ?? 0) + 1);
      await context.sendActivity(user.name ? `Hello, ${user.name}!` : 'Hello!');
    }
    await next();
  });
  // BENCH_REFERENCE_CLIENTS=reuse gives the reference the example's client reuse too, so the ratio then
  // measures the privacy layer alone (without it, the example's adapter savings count in its favour).
  const authentication =
    process.env.BENCH_REFERENCE_CLIENTS === 'reuse'
      ? new ReusingBotFrameworkAuthentication({})
      : new ConfigurationBotFrameworkAuthentication({});
  const adapter = new CloudAdapter(authentication);
  adapter.onTurnError = async (context) => {
    await context.sendActivity('Sorry, something went wrong.');
  };
  const app = express();
  app.use(express.json({ limit: '256kb' }));
  const turn = async (context: TurnContext) => {
    await Promise.all([userState.load(context), conversationState.load(context)]);
    await bot.run(context);
    await Promise.all([userState.saveChanges(context), conversationState.saveChanges(context)]);
  };
  // BENCH_REFERENCE_ASYNC_CONTEXT=1 runs each turn inside an AsyncLocalStorage, as the privacy layer does to
  // know whose turn a storage write belongs to: what that alone costs on this Node version.
  const asyncContext =
    process.env.BENCH_REFERENCE_ASYNC_CONTEXT === '1' ? new AsyncLocalStorage<object>() : undefined;
  app.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) =>
      asyncContext ? asyncContext.run({}, () => turn(context)) : turn(context),
    );
  });
  return app;
}

if (require.main === module) {
  if (process.env.BENCH_ALLOCATIONS === '1') sampleAllocationsOnSignal();
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const server = createReferenceApp(redis).listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    const address = server.address();
    console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
  });
  // Exit normally on SIGTERM/SIGINT, so `node --cpu-prof` writes its profile.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => process.exit(0));
}
