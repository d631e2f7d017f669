/**
 * `botbuilder-privacy/express`: every HTTP route and middleware of the privacy layer, for an express app:
 * request hygiene and checks in front of `/api/messages`, `/healthz`, the Privacy Center, the Facebook
 * data-deletion callback, Messenger webhook signatures and the brand's insights page. This entry loads
 * express (a peer dependency) and neither ioredis nor prom-client.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { activityValidation, jsonBody, jsonErrors, securityHeaders } from 'botbuilder-privacy/express';
 *
 * const app = express();
 * app.use(securityHeaders());
 * app.post('/api/messages', jsonBody(), activityValidation(), (req, res) => {
 *   res.sendStatus(202); // adapter.process(req, res, logic) in a bot
 * });
 * app.use(jsonErrors());
 * ```
 *
 * @packageDocumentation
 */
export {
  healthRoute,
  jsonBody,
  jsonErrors,
  securityHeaders,
  type DependencyHealth,
} from './server/http-hygiene';
export { activityValidation } from './server/activity-validation';
export {
  authenticationResultOf,
  botAuthentication,
  type RequestAuthenticator,
} from './server/bot-authentication';
export { serviceUrlGuard, type ServiceUrlGuardOptions } from './server/service-url-guard';
export { privacyCenterRouter, type PrivacyCenterRouterOptions } from './server/privacy-center-router';
export type { PageBrand } from './server/html-page';
export { facebookDataDeletionRouter, type FacebookDataDeletionOptions } from './messenger/data-deletion';
export {
  captureRawBody,
  verifyWebhookSignature,
  type WebhookSignatureOptions,
} from './messenger/webhook-signature';
export {
  createLocalDirectLine,
  type DirectLineTokenResponse,
  type LocalDirectLine,
  type LocalDirectLineOptions,
} from './server/direct-line/local-direct-line';
export { webChatPageRouter, type WebChatPageOptions } from './server/web-chat-page';
export { insightsRouter, type InsightsRouterOptions } from './server/insights-route';
export {
  privacyRequestsRouter,
  PRIVACY_REQUESTS_SESSION_COOKIE,
  type PrivacyRequestsRouterOptions,
} from './server/privacy-requests-router';
export type { AuditCheckResult } from './server/privacy-requests-page';
