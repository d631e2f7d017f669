import { serveBot, type InProcessBot, type ServedBot } from '../in-process-bot';
import { createSimpleRestConnector, type BotiumMessage, type Connector, type ConnectorArgs } from './engine';

/** A Botium CONTAINERMODE function that also lends its served bot to other users (transcript replay). */
export interface InProcessConnectorFactory {
  (args: ConnectorArgs): Connector;
  /** Starts the bot on first use; each call needs one {@link release}. Resolves to its endpoint URL. */
  acquire(): Promise<string>;
  /** Stops the bot when the last user releases it. */
  release(): Promise<void>;
}

/**
 * A Botium connector that runs a bot in this process: pass the result as the `CONTAINERMODE` capability.
 *
 * The bot (an HTTP app such as the example's `createBotApp()`, or bot logic on botbuilder's CloudAdapter)
 * is started once, on 127.0.0.1 at a free port, when the first container is built, and stopped when the
 * last is cleaned. Each container then talks to it with Botium's own `simplerest` connector, configured
 * by the same `SIMPLEREST_*` capabilities as a remote bot (`botium.json`): in process and over `--url`,
 * activities are built and replies read the same way.
 *
 * @param bot the bot, or a function without parameters that builds it (called on first use).
 *
 * ```ts
 * const caps = { ...botiumJson.botium.Capabilities, CONTAINERMODE: inProcessConnector(() => createBotApp()) };
 * const container = await new BotDriver(caps).Build();
 * ```
 */
export function inProcessConnector(
  bot: InProcessBot | (() => InProcessBot | Promise<InProcessBot>),
): InProcessConnectorFactory {
  let served: Promise<ServedBot> | undefined;
  let users = 0;
  const acquire = async (): Promise<string> => {
    users++;
    served ??= Promise.resolve()
      .then(() => (isFactory(bot) ? bot() : bot))
      .then(serveBot);
    try {
      return (await served).url;
    } catch (error) {
      users--;
      served = undefined;
      throw error;
    }
  };
  const release = async (): Promise<void> => {
    users = Math.max(0, users - 1);
    if (users > 0 || !served) return;
    const stopping = served;
    served = undefined;
    await (await stopping).close();
  };
  return Object.assign((args: ConnectorArgs) => new InProcessConnector(args, acquire, release), {
    acquire,
    release,
  });
}

/** A factory takes no parameters; an HTTP app (request listener) takes the request and response. */
function isFactory(
  bot: InProcessBot | (() => InProcessBot | Promise<InProcessBot>),
): bot is () => InProcessBot | Promise<InProcessBot> {
  return typeof bot === 'function' && bot.length === 0;
}

class InProcessConnector implements Connector {
  private rest?: Required<Connector>;

  constructor(
    private readonly args: ConnectorArgs,
    private readonly acquire: () => Promise<string>,
    private readonly release: () => Promise<void>,
  ) {}

  async Build(): Promise<void> {
    const url = await this.acquire();
    try {
      const rest = createSimpleRestConnector({
        ...this.args,
        caps: { ...this.args.caps, SIMPLEREST_URL: url },
      });
      await rest.Validate();
      await rest.Build();
      this.rest = rest;
    } catch (error) {
      await this.release(); // Botium does not clean a container whose build failed
      throw error;
    }
  }

  async Start(): Promise<void> {
    await this.connector().Start();
  }

  UserSays(message: BotiumMessage): Promise<unknown> {
    return this.connector().UserSays(message);
  }

  async Stop(): Promise<void> {
    await this.connector().Stop();
  }

  async Clean(): Promise<void> {
    const rest = this.rest;
    this.rest = undefined;
    try {
      await rest?.Clean();
    } finally {
      if (rest) await this.release();
    }
  }

  private connector(): Required<Connector> {
    if (!this.rest) throw new Error('the in-process connector is not built.');
    return this.rest;
  }
}
