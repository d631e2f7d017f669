import { randomBytes } from 'node:crypto';
import {
  AuditKeyring,
  ConfigurationError,
  ENCRYPTION_KEYS_ENV,
  EnvelopeCipher,
  resolveSubjectKeyRing,
  type Purpose,
} from '../../src';
import type { BotAppConfig } from './config';

/** What the example checked before it starts listening. */
export interface DeploymentCheck {
  /** Set when the bot must not start: one line that names the variable to set. */
  refusal?: string;
  /** One line each, printed right after the storage line; the unauthenticated-mode warning comes first. */
  warnings: string[];
  /** The configuration to run with (a development subject secret filled in when none was set). */
  config: BotAppConfig;
  /** Interface to listen on: loopback without authentication unless `HOST` says otherwise. */
  host?: string;
}

/** Shortest production `PRIVACY_SUBJECT_SECRET` (32 characters: `openssl rand -base64 32` gives 44). */
export { MIN_SUBJECT_SECRET_LENGTH } from '../../src';
const SECRET_HINT = 'e.g. openssl rand -base64 32';

function retainsData(purposes: readonly Purpose[]): boolean {
  return purposes.some((purpose) => purpose.retention !== 'not_stored');
}

function credentialsProblem(
  config: BotAppConfig,
  env: NodeJS.ProcessEnv,
  credentialsRequired: boolean,
): string | undefined {
  if (!config.microsoftAppId) {
    if (credentialsRequired) {
      return 'MicrosoftAppId is not set: the Microsoft 365 Agents SDK runs only with Bot Framework credentials in production (MicrosoftAppId, MicrosoftAppPassword); BOT_ALLOW_UNAUTHENTICATED does not apply.';
    }
    return env.BOT_ALLOW_UNAUTHENTICATED === 'true'
      ? undefined
      : 'MicrosoftAppId is not set: set the Bot Framework credentials (MicrosoftAppId, MicrosoftAppPassword), or BOT_ALLOW_UNAUTHENTICATED=true to accept unauthenticated requests.';
  }
  const type = (config.microsoftAppType ?? 'MultiTenant').toLowerCase();
  if (type !== 'userassignedmsi' && !config.microsoftAppPassword) {
    return 'MicrosoftAppPassword is not set: the bot cannot authenticate its replies to the channel.';
  }
  if (type !== 'multitenant' && !config.microsoftAppTenantId) {
    return `MicrosoftAppTenantId is not set: MicrosoftAppType ${config.microsoftAppType} needs it.`;
  }
  return undefined;
}

/**
 * Production rules (`NODE_ENV=production`) and development warnings for the example bot:
 *
 * - Bot Framework credentials, unless `BOT_ALLOW_UNAUTHENTICATED=true` (and the host allows it: the Agents
 *   SDK does not, `credentialsRequired`); without them the bot listens on loopback (unless `HOST` is set)
 *   and says so in its second log line;
 * - `PRIVACY_SUBJECT_SECRET` (at least 32 characters): without it digests would use a public constant, so
 *   anyone with the source could turn a user id into its key names, receipts and proofs. In development a
 *   random per-process secret is used instead, with a warning;
 * - `PRIVACY_CENTER_SECRET` when the Privacy Center is served (links are signed with it);
 * - `PRIVACY_ENCRYPTION_KEYS` when a purpose retains data (valid keys; development uses a temporary key);
 * - `PUBLIC_URL` (https) whenever a page a person or Meta opens is served: the Facebook data-deletion
 *   callback's status link and the Privacy Center.
 */
export function checkDeployment(
  config: BotAppConfig,
  options: {
    env?: NodeJS.ProcessEnv;
    purposes: readonly Purpose[];
    publicPages?: readonly string[];
    /** The host SDK refuses to run in production without credentials (the Agents SDK). Default false. */
    credentialsRequired?: boolean;
  },
): DeploymentCheck {
  const env = options.env ?? process.env;
  const production = env.NODE_ENV === 'production';
  const warnings: string[] = [];
  const refuse = (line: string): DeploymentCheck => ({ refusal: line, warnings, config });
  const authenticated = Boolean(config.microsoftAppId);

  if (production) {
    const credentials = credentialsProblem(config, env, options.credentialsRequired ?? false);
    if (credentials) return refuse(credentials);
    // The library's own rule (a store refuses the same in production), checked here to refuse in one line.
    try {
      resolveSubjectKeyRing(config.subjectSecret ?? '', { NODE_ENV: 'production' });
    } catch (error) {
      if (error instanceof ConfigurationError) return refuse(error.message);
      throw error;
    }
    if ((options.publicPages ?? []).length > 0 && !config.privacyCenterSecret) {
      return refuse(
        `PRIVACY_CENTER_SECRET is not set: Privacy Center links must keep working across restarts and processes (${SECRET_HINT}).`,
      );
    }
    if (retainsData(options.purposes) && !env[ENCRYPTION_KEYS_ENV]) {
      return refuse(
        `${ENCRYPTION_KEYS_ENV} is not set: a purpose keeps data, and it is stored encrypted (kid:base64 of 32 random bytes; ${SECRET_HINT}).`,
      );
    }
    try {
      // The audit trail's own secret: without it, the trail proves nothing (see AuditKeyring).
      AuditKeyring.fromEnv(env, { required: true });
    } catch (error) {
      if (error instanceof ConfigurationError) return refuse(error.message);
      throw error;
    }
    if (env[ENCRYPTION_KEYS_ENV]) {
      try {
        EnvelopeCipher.fromEnv(env);
      } catch (error) {
        if (error instanceof ConfigurationError) return refuse(error.message);
        throw error;
      }
    }
    const pages = [...(config.facebookAppSecret ? ['the Facebook data-deletion callback'] : [])];
    pages.push(...(options.publicPages ?? []));
    if (pages.length > 0 && !env.PUBLIC_URL) {
      return refuse(
        `PUBLIC_URL is not set: ${pages.join(' and ')} link to it (https://your-bot.example.com).`,
      );
    }
    if (pages.length > 0 && !/^https:\/\/[^/]+/.test(env.PUBLIC_URL ?? '')) {
      return refuse('PUBLIC_URL must be an https URL: Meta and the people who open its links require it.');
    }
  }

  if (!authenticated) {
    warnings.push(
      `Warning: no Bot Framework credentials (MicrosoftAppId): requests are NOT authenticated and anyone who can reach this port can read or erase any user's data; listening on ${env.HOST || '127.0.0.1'} (HOST to change), replies only to loopback or BOT_ALLOWED_SERVICE_URLS.`,
    );
  }
  let runConfig = config;
  if (!config.subjectSecret) {
    runConfig = { ...config, subjectSecret: randomBytes(32).toString('base64url') };
    warnings.push(
      'Warning: PRIVACY_SUBJECT_SECRET is not set: using a random secret for this process; what is stored now cannot be found, exported or erased after a restart.',
    );
  }
  return {
    warnings,
    config: runConfig,
    host: env.HOST || (authenticated ? undefined : '127.0.0.1'),
  };
}
