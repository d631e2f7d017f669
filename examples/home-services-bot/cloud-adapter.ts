import type { Request, Response } from 'express';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type TurnContext,
} from 'botbuilder';
import { authenticationResultOf } from '../../src/express';

// botbuilder's authentication types, named through its public classes (botframework-connector, which
// declares them, is not a dependency of its own).
type AuthenticateRequestResult = Awaited<
  ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>
>;
type ClaimsIdentity = AuthenticateRequestResult['claimsIdentity'];
type ConnectorFactory = NonNullable<AuthenticateRequestResult['connectorFactory']>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;
type UserTokenClient = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['createUserTokenClient']>>;

/** How many clients of each kind (per app id, service URL and audience) are kept for reuse. */
const MAX_CACHED_CLIENTS = 64;

/** Keeps `value` under `key`, at most MAX_CACHED_CLIENTS entries (the oldest goes first); drops it if it fails. */
function remember<T>(cache: Map<string, Promise<T>>, key: string, value: Promise<T>): Promise<T> {
  if (cache.size >= MAX_CACHED_CLIENTS) cache.delete(cache.keys().next().value!);
  cache.set(key, value);
  // A failed creation is not kept (unless a newer one replaced it); the caller gets the failure.
  value.catch(() => cache.get(key) === value && cache.delete(key));
  return value;
}

/** The app id a turn's clients act for (botbuilder's rule: the audience claim, else the appid claim). */
function appIdOf(identity: ClaimsIdentity): string {
  return identity.getClaimValue('aud') ?? identity.getClaimValue('appid') ?? '';
}

/**
 * botbuilder's ConfigurationBotFrameworkAuthentication, reusing the clients it creates. CloudAdapter asks
 * for a new ConnectorClient and UserTokenClient (each with its own HTTP pipeline) on every turn; they hold
 * nothing of the turn (credentials and base URL only), so one per app id, service URL and audience serves
 * every turn, as botbuilder's older BotFrameworkAdapter did.
 */
export class ReusingBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly connectors = new Map<string, Promise<ConnectorClient>>();
  private readonly tokenClients = new Map<string, Promise<UserTokenClient>>();

  override async authenticateRequest(
    activity: Activity,
    authHeader: string,
  ): Promise<AuthenticateRequestResult> {
    const result = await super.authenticateRequest(activity, authHeader);
    return { ...result, connectorFactory: this.reusing(result.claimsIdentity, result.connectorFactory) };
  }

  override async authenticateStreamingRequest(
    authHeader: string,
    channelIdHeader: string,
  ): Promise<AuthenticateRequestResult> {
    const result = await super.authenticateStreamingRequest(authHeader, channelIdHeader);
    return { ...result, connectorFactory: this.reusing(result.claimsIdentity, result.connectorFactory) };
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.reusing(claimsIdentity, super.createConnectorFactory(claimsIdentity))!;
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    const appId = appIdOf(claimsIdentity);
    return (
      this.tokenClients.get(appId) ??
      remember(this.tokenClients, appId, super.createUserTokenClient(claimsIdentity))
    );
  }

  /** `factory`, answering from the cache for the clients it already created. */
  private reusing(identity: ClaimsIdentity, factory?: ConnectorFactory): ConnectorFactory | undefined {
    if (!factory) return undefined;
    const appId = appIdOf(identity);
    const connectors = this.connectors;
    return {
      create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
        const key = `${appId}\n${serviceUrl}\n${audience ?? ''}`;
        return connectors.get(key) ?? remember(connectors, key, factory.create(serviceUrl, audience));
      },
    };
  }
}

/**
 * botbuilder's CloudAdapter for a route behind `botAuthentication`: it takes the request's authentication
 * result from that middleware instead of authenticating the same request again, and leaves the body's
 * checks to the route's validation (CloudAdapter.process re-parses the request with zod on every turn).
 */
export class RouteCloudAdapter extends CloudAdapter {
  /** Runs the turn of an authenticated request and answers it as CloudAdapter.process does. */
  async processAuthenticated(
    req: Request,
    res: Response,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const authentication = authenticationResultOf(res) as AuthenticateRequestResult | undefined;
    if (!authentication) return this.process(req, res, logic);
    let response;
    try {
      response = await this.processActivity(authentication, withDates(req.body as Activity), logic);
    } catch (error) {
      // onTurnError already answered the person when it could; the caller learns nothing internal, the
      // log only the error's kind (its message could hold personal data).
      console.error(`Activity not processed: ${error instanceof Error ? error.name : 'error'}`);
      res.status(500).json({ error: 'The activity could not be processed.' });
      return;
    }
    res.statusCode = response?.status ?? 200;
    const body: unknown = response?.body;
    if (!body || typeof body !== 'object' || Buffer.isBuffer(body)) {
      if (body) res.send(body); // what CloudAdapter.process does with a text or binary invoke body
      res.end();
      return;
    }
    // As JSON, without express's send(): it would hash the body for an ETag, which a POST has no use for.
    const json = JSON.stringify(body);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(json));
    res.end(json);
  }
}

/** What botbuilder's validateAndFixActivity does after the checks: timestamps as Date, raw strings kept. */
function withDates(activity: Activity): Activity {
  const raw = activity as Activity & Record<string, unknown>;
  for (const [field, rawField] of [
    ['timestamp', 'rawTimestamp'],
    ['expiration', 'rawExpiration'],
    ['localTimestamp', 'rawLocalTimestamp'],
  ] as const) {
    const value = raw[field];
    if (typeof value === 'string') {
      raw[rawField] = value;
      raw[field] = new Date(value) as never;
    }
  }
  return activity;
}
