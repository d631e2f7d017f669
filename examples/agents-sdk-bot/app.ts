import express from 'express';
import {
  authorizeJWT,
  CloudAdapter,
  TranscriptLoggerMiddleware,
  type AuthConfiguration,
} from '@microsoft/agents-hosting';
import type { DialogState } from '@microsoft/agents-hosting-dialogs';
import {
  activityValidation,
  jsonBody,
  jsonErrors,
  securityHeaders,
  serviceUrlGuard,
} from '../../src/express';
import {
  createPrivacy,
  DialogSet,
  isInvalidActivityError,
  MetricsMiddleware,
  tolerantActivity,
} from '../../src/agents';
import { configFromEnv, type BotApp, type BotAppConfig } from '../home-services-bot/app';
import { fakeCustomerApi } from '../home-services-bot/customer-api';
import {
  accountLinkRecorder,
  answerTurnError,
  createStores,
  mountPrivacyRoutes,
  privacyCenterLinks,
  privacyOptions,
} from '../home-services-bot/privacy-setup';
import { modelAssistantOf } from '../home-services-bot/model-assistant';
import { createHomeServicesAgent, dialogStates } from './agent';
import { invoiceDialog, lookUpInvoices, payDialog } from './sensitive-features';

export { configFromEnv, type BotApp, type BotAppConfig };

/** Bot Framework credentials, from the same settings as the botbuilder example; none: anonymous (local). */
function authConfiguration(config: BotAppConfig): AuthConfiguration | undefined {
  if (!config.microsoftAppId) return undefined;
  return {
    clientId: config.microsoftAppId,
    clientSecret: config.microsoftAppPassword,
    tenantId: config.microsoftAppTenantId,
  };
}

/**
 * The Home Services example as a Microsoft 365 Agents SDK `AgentApplication`: the same conversation,
 * stores, privacy menu, consent gates, metrics, transcripts and HTTP routes as the botbuilder example
 * (`createBotApp`), from the same settings (Redis when REDIS_URL is set, else memory).
 */
export function createAgentsBotApp(config: BotAppConfig = configFromEnv()): BotApp {
  const notes: string[] = [];
  const stores = createStores(config, notes);
  const states = dialogStates(stores.state);
  const dialogs = new DialogSet(states.conversationState.createProperty<DialogState>('DialogState'));

  const centerLinks = privacyCenterLinks(config, stores, notes);
  const privacy = createPrivacy(
    privacyOptions(config, stores, {
      ...states,
      resumeDialogs: dialogs,
      centerLinks,
      onTin: lookUpInvoices(fakeCustomerApi),
    }),
  );
  const consent = privacy.consents;
  const auth = authConfiguration(config);
  const adapter = new CloudAdapter(auth);
  const agent = createHomeServicesAgent({
    adapter,
    storage: stores.state,
    states,
    dialogs,
    privacy,
    features: {
      invoice: invoiceDialog(consent),
      payment: payDialog(consent),
      others: [consent.tinDialog, consent.paymentDialog],
      // With MODEL_URL, free text is answered by a language model, through the PII shield.
      assistant: modelAssistantOf(config, privacy, stores.cipher),
    },
  });

  // Counts every turn, privacy turns included; it records only safe payload tokens, never text or ids.
  adapter.use(new MetricsMiddleware(stores.metrics));
  adapter.use(privacy.middleware); // binds the turn to its user, redacts, routes privacy requests
  const linkRecorder = accountLinkRecorder(config, stores, states.userState);
  if (linkRecorder) adapter.use(linkRecorder);
  adapter.use(new TranscriptLoggerMiddleware(stores.transcripts));
  // After the logger: while a human agent holds a Messenger thread, the bot stays silent (still logged).
  adapter.use(privacy.handoverGate);
  adapter.onTurnError = answerTurnError;

  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders());
  // Before any turn: a bad channel token gets a 401, a malformed activity a 400; without authentication,
  // replies go only to loopback or allow-listed service URLs.
  const guards = auth ? [authorizeJWT(auth), activityValidation()] : [activityValidation()];
  if (!auth) guards.push(serviceUrlGuard({ allowedOrigins: config.allowedServiceUrls }));
  app.post('/api/messages', jsonBody('256kb'), ...guards, async (req, res) => {
    req.body = tolerantActivity(req.body);
    try {
      await adapter.process(req, res, (context) => agent.run(context));
    } catch (error) {
      if (!isInvalidActivityError(error) || res.headersSent) throw error;
      res.status(400).json({ error: 'The activity is not a valid Bot Framework activity.' });
    }
  });
  mountPrivacyRoutes(app, { config, stores, privacy, centerLinks, notes });
  app.use(jsonErrors((line) => console.error(line)));

  return { app, storageKind: stores.kind, notes, close: () => stores.close() };
}
