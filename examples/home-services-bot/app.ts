import express, { type Express } from 'express';
import { ConversationState, TranscriptLoggerMiddleware, UserState } from 'botbuilder';
import { DialogSet, type DialogState } from 'botbuilder-dialogs';
import { createPrivacy, MetricsMiddleware, verifyAuditStore } from '../../src';
import {
  jsonBody,
  jsonErrors,
  securityHeaders,
  activityValidation,
  botAuthentication,
  serviceUrlGuard,
} from '../../src/express';
import { HomeServicesBot } from './bot';
import { ReusingBotFrameworkAuthentication, RouteCloudAdapter } from './cloud-adapter';
import { configFromEnv, type BotAppConfig } from './config';
import {
  accountLinkRecorder,
  answerTurnError,
  createStores,
  mountPrivacyRoutes,
  privacyCenterLinks,
  privacyOptions,
} from './privacy-setup';
import { fakeCustomerApi } from './customer-api';
import { mountPrivacyRequests } from './privacy-requests-setup';
import {
  botbuilderInChatConfirmation,
  ConversationReferenceRecorder,
  InChatConfirmationMiddleware,
} from './in-chat-confirmation';
import type { PrivacyRequests } from '../../src';
import { invoiceDialog, lookUpInvoices, payDialog } from './sensitive-features';
import { mountWebChat } from './web-chat';
import { modelAssistantOf } from './model-assistant';

export { configFromEnv, type BotAppConfig };

export interface BotApp {
  app: Express;
  /** Which store holds the bot's data. */
  storageKind: 'redis' | 'memory';
  /** Whether `GET /` serves the page to try the bot in Web Chat. */
  webChatPage?: boolean;
  /** Start-up remarks worth a log line (e.g. a temporary encryption key). */
  notes: string[];
  /** Finishes pending writes and closes Redis. */
  close(): Promise<void>;
}

/**
 * Where channel tokens are checked: Azure Bot Service by default, or the configured OpenID metadata and
 * issuer (private clouds, tests). Naming one endpoint makes botbuilder use only the ones given, so the
 * defaults are spelled out for the others.
 */
function channelTokenEndpoints(config: BotAppConfig): Record<string, string> {
  if (!config.botOpenIdMetadataUrl) return {};
  return {
    ToBotFromChannelOpenIdMetadataUrl: config.botOpenIdMetadataUrl,
    ToBotFromChannelTokenIssuer: config.botTokenIssuer ?? 'https://api.botframework.com',
    ToBotFromEmulatorOpenIdMetadataUrl:
      'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
    ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
    ToChannelFromBotOAuthScope: 'https://api.botframework.com',
    OAuthUrl: 'https://api.botframework.com',
  };
}

/** Builds the example bot's express app: POST /api/messages through CloudAdapter, plus privacy routes. */
export function createBotApp(config: BotAppConfig = configFromEnv()): BotApp {
  const notes: string[] = [];
  const stores = createStores(config, notes);
  const userState = new UserState(stores.state);
  const conversationState = new ConversationState(stores.state);
  const dialogs = new DialogSet(conversationState.createProperty<DialogState>('DialogState'));

  const centerLinks = privacyCenterLinks(config, stores, notes);
  const privacy = createPrivacy(
    privacyOptions(config, stores, {
      userState,
      conversationState,
      resumeDialogs: dialogs,
      centerLinks,
      onTin: lookUpInvoices(fakeCustomerApi),
    }),
  );
  const consent = privacy.consents;
  // With MODEL_URL, free text is answered by a language model, through the PII shield; without it, as before.
  const assistant = modelAssistantOf(config, privacy, stores.cipher);
  const bot = new HomeServicesBot(dialogs, privacy, {
    invoice: invoiceDialog(consent),
    payment: payDialog(consent),
    others: [consent.tinDialog, consent.paymentDialog],
    assistant,
  });

  const authentication = new ReusingBotFrameworkAuthentication({
    MicrosoftAppId: config.microsoftAppId,
    MicrosoftAppPassword: config.microsoftAppPassword,
    MicrosoftAppTenantId: config.microsoftAppTenantId,
    MicrosoftAppType: config.microsoftAppType,
    ...channelTokenEndpoints(config),
  });
  const adapter = new RouteCloudAdapter(authentication);
  // Counts every turn, privacy turns included; it records only safe payload tokens, never text or ids.
  adapter.use(new MetricsMiddleware(stores.metrics));
  adapter.use(privacy.middleware); // binds the turn to its user, redacts, routes privacy requests
  // Operator privacy requests verified in the chat: the person's conversation reference (kept in their own
  // state, erased with them) and their answer to a confirmation code.
  let requests: PrivacyRequests | undefined;
  const logKind = (error: unknown) =>
    console.error(`Privacy request confirmation: ${error instanceof Error ? error.name : 'error'}`);
  if (config.operatorToken) {
    adapter.use(new ConversationReferenceRecorder(userState));
    adapter.use(new InChatConfirmationMiddleware(() => requests, privacy.localizer, logKind));
  }
  const linkRecorder = accountLinkRecorder(config, stores, userState);
  if (linkRecorder) adapter.use(linkRecorder);
  adapter.use(new TranscriptLoggerMiddleware(stores.transcripts));
  // After the logger: while a human agent holds a Messenger thread, the bot stays silent (still logged).
  adapter.use(privacy.handoverGate);
  adapter.onTurnError = answerTurnError;

  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders());
  // Before any turn: a bad channel token gets a 401, a malformed activity a 400; without authentication,
  // replies go only to loopback or allow-listed service URLs (the caller chooses serviceUrl: request
  // forgery otherwise).
  const guards = [botAuthentication(authentication), activityValidation()];
  if (!config.microsoftAppId) guards.push(serviceUrlGuard({ allowedOrigins: config.allowedServiceUrls }));
  app.post('/api/messages', jsonBody('256kb'), ...guards, async (req, res) => {
    // The request is authenticated once (botAuthentication above); the adapter reuses that result.
    await adapter.processAuthenticated(req, res, async (context) => {
      await bot.run(context);
      await Promise.all([userState.saveChanges(context), conversationState.saveChanges(context)]);
    });
  });
  mountPrivacyRoutes(app, { config, stores, privacy, centerLinks, notes });
  requests = mountPrivacyRequests(app, {
    config,
    stores,
    privacy,
    notes,
    audit: stores.audit,
    verifyAudit: async () => {
      const result = await verifyAuditStore(stores.audit, stores.auditKeys);
      return result.ok
        ? { ok: true, detail: `${result.count} entries` }
        : { ok: false, detail: result.broken.message };
    },
    confirmation: botbuilderInChatConfirmation({
      adapter,
      appId: config.microsoftAppId ?? '',
      storage: stores.state,
      localizer: privacy.localizer,
      brandName: 'Home Services',
      onError: logKind,
    }),
  });
  const webChatPage = mountWebChat(app, { config, privacy, notes }); // GET / and /v3/directline
  app.use(jsonErrors((line) => console.error(line)));

  return {
    app,
    storageKind: stores.kind,
    webChatPage,
    notes,
    close: async () => {
      await requests?.close(); // a request left half-done is resumed by the next start
      await stores.close();
    },
  };
}
