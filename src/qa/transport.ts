import type { Activity } from 'botbuilder';

/**
 * How the runner talks to a bot: send one activity, get back every activity the bot answered with
 * during that turn. Implement it with a function for any other target.
 */
export interface ConvoTransport {
  /** Sends one activity to the bot and resolves with the bot's replies to it. */
  send(activity: Partial<Activity>): Promise<Array<Partial<Activity>>>;
  /** Releases what the transport started (servers, sockets). */
  close?(): Promise<void>;
}

/** The bot could not be reached or answered something unusable. */
export class ConvoTransportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConvoTransportError';
  }
}
