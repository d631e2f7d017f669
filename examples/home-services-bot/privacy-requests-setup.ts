import type { Express } from 'express';
import type { AuditLog } from '../../src/core/audit/audit-log';
import { privacyRequestsRouter } from '../../src/express';
import { MemoryPrivacyRequestStore, PrivacyRequests, type InChatConfirmation, type Privacy } from '../../src';
import { RedisPrivacyRequestStore } from '../../src/redis';
import type { RedisKeyspace } from '../../src/storage/redis-keyspace';
import type { BotAppConfig } from './config';
import { pageBrandOf, pageScopedIdResolver, type Stores } from './privacy-setup';

/**
 * The operator's privacy requests (`/privacy/requests`): mounted only when PRIVACY_OPERATOR_TOKEN is set,
 * so without it every route is a plain 404. A request runs through the same erasure as the privacy menu
 * and the Facebook callback (`stores.erasure`), and exports read the same stores as *My data*.
 * Unfinished requests are resumed at start (a restart mid-batch carries on where it stopped).
 */
export function mountPrivacyRequests(
  app: Express,
  {
    config,
    stores,
    privacy,
    notes,
    audit,
    verifyAudit,
    confirmation,
  }: {
    config: BotAppConfig;
    stores: Stores;
    /** The privacy layer: requests erase and export through its (audited) erasure and data sources. */
    privacy: Pick<Privacy, 'erasure' | 'dataSources'>;
    notes: string[];
    /** The audit trail, when the bot keeps one: request.received and request.state_changed go there. */
    audit?: AuditLog;
    /** The audit trail's verification, shown on the operator page. */
    verifyAudit?: () => Promise<{ ok: boolean; detail?: string }>;
    /** Sends in-chat confirmation codes (identity verification `in_chat`). */
    confirmation?: InChatConfirmation;
  },
): PrivacyRequests | undefined {
  if (!config.operatorToken) return undefined;
  const store =
    stores.kind === 'redis'
      ? new RedisPrivacyRequestStore({ keyspace: stores.state.keyspace as RedisKeyspace })
      : new MemoryPrivacyRequestStore();
  if (stores.kind === 'memory') notes.push('Privacy requests are kept in memory: they end with the process.');
  const log = (error: unknown) =>
    console.error(
      `Privacy requests: ${error instanceof Error ? `${error.name}: ${error.message}` : 'error'}`,
    );
  const requests = new PrivacyRequests({
    store,
    erasure: privacy.erasure,
    dataSources: privacy.dataSources,
    cipher: stores.cipher,
    digester: stores.state.keyspace.digester,
    appScopedIds: pageScopedIdResolver(config, stores.accountLinks),
    audit,
    confirmation,
    onError: log,
  });
  app.use(
    privacyRequestsRouter({
      token: config.operatorToken,
      requests,
      requestsPerMinute: config.operatorRequestsPerMinute,
      brand: pageBrandOf(config),
      verifyAudit,
      secureCookie: config.publicUrl.startsWith('https://') || undefined,
      onError: log,
    }),
  );
  void requests.resumeUnfinished().catch(log);
  return requests;
}
