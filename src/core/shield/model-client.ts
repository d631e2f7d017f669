/** One message of a chat with a language model. */
export interface ChatMessage {
  /** Who speaks: the bot's instructions (`system`), the person (`user`) or the model (`assistant`). */
  readonly role: 'system' | 'user' | 'assistant';
  /** What is said. */
  readonly content: string;
}

/**
 * A language model the bot asks: the seam that keeps the model provider out of the privacy layer. Pass it
 * only text that went through the PII shield (`shield.protect`), and show its answer after `shield.restore`.
 */
export interface ModelClient {
  /**
   * The model's answer to `messages` (the last one is usually the person's, as `user`).
   * @throws ModelCallError when the model cannot be reached, times out or answers with an error; the
   *   error never carries the text sent or received.
   */
  complete(messages: readonly ChatMessage[]): Promise<string>;
}
