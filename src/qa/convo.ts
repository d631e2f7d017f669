/** Names of the asserters a `#bot` turn can use (prefix `!` to negate). */
export const ASSERTER_NAMES = [
  'TEXT',
  'TEXT_IC',
  'TEXT_CONTAINS_ANY',
  'TEXT_CONTAINS_ANY_IC',
  'TEXT_CONTAINS_ALL',
  'TEXT_CONTAINS_ALL_IC',
  'BUTTONS',
] as const;

export type AsserterName = (typeof ASSERTER_NAMES)[number];

/** One asserter line of a `#bot` turn, e.g. `!TEXT_CONTAINS_ANY error|sorry`. */
export interface Asserter {
  readonly name: AsserterName;
  readonly args: readonly string[];
  readonly negated: boolean;
  /** The line as written, for reports. */
  readonly source: string;
  readonly line: number;
}

/** What a `#me` turn sends. */
export type UserMessage =
  { readonly kind: 'text'; readonly text: string } | { readonly kind: 'postback'; readonly payload: string };

export interface MeTurn {
  readonly sender: 'me';
  readonly line: number;
  readonly message: UserMessage;
}

/**
 * What a `#bot` turn expects of the next message the bot sent. `text` (plain lines of the turn) must be
 * found in the reply, ignoring case and spacing, `*` matching anything; `negated` turns it into "must
 * not be found". A turn with neither text nor asserters accepts any message.
 */
export interface BotTurn {
  readonly sender: 'bot';
  readonly line: number;
  readonly text?: { readonly value: string; readonly negated: boolean; readonly line: number };
  readonly asserters: readonly Asserter[];
}

export type ConvoTurn = MeTurn | BotTurn;

/** A parsed `*.convo.txt` file. */
export interface Convo {
  readonly file: string;
  readonly name: string;
  readonly description: string;
  /** From `#channel`; the runner's default channel when unset. */
  readonly channelId?: string;
  /** From `#locale`, as a BCP 47 tag (e.g. `es-ES`). */
  readonly locale?: string;
  readonly turns: readonly ConvoTurn[];
}
