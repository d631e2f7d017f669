// @ts-check
/**
 * Botium logic hooks for Bot Framework bots, loaded by botium-core from `botium.json` (LOGIC_HOOKS), so
 * `npm run qa` and Botium's own command line run the same convos the same way. Plain CommonJS on
 * purpose: Botium `require`s it as it is.
 *
 * - `CHANNEL facebook` / `LOCALE es-ES` (in `#begin`): the `channelId` / `locale` of every activity the
 *   convo sends. Registered as global hooks with `args: { value }`, they give the default for convos
 *   that do not set them.
 * - `JOIN` (global): a convo whose first step is `#bot` first sends a `conversationUpdate` (the user
 *   joins), as Web Chat does when it opens, so the bot's greeting is the first message.
 *
 * The values travel in the convo's scripting memory (`$channel`, `$locale`, `$activityType`), which
 * Botium hands to the connector with every message; the `simplerest` body template in `botium.json`
 * reads them.
 */

/** Sets one activity field for the whole convo. */
class ActivityFieldLogicHook {
  /**
   * @param {unknown} _context
   * @param {unknown} _caps
   * @param {{ field?: string, value?: string }} [globalArgs] `field`: `channel` or `locale`;
   *   `value`: the default when registered as a global hook.
   */
  constructor(_context, _caps, globalArgs = {}) {
    if (!globalArgs.field) throw new Error('ActivityFieldLogicHook needs args.field (channel or locale).');
    this.field = globalArgs.field;
    this.defaultValue = globalArgs.value;
  }

  /** @param {{ scriptingMemory: Record<string, unknown>, args: string[], isGlobal: boolean, convoStep?: { stepTag?: string } }} event */
  onConvoBegin({ scriptingMemory, args, isGlobal }) {
    const value = isGlobal ? this.defaultValue : args[0];
    if (!isGlobal && (args.length !== 1 || !/^[A-Za-z0-9_.-]+$/.test(String(value)))) {
      return Promise.reject(
        new Error(
          `${this.field.toUpperCase()} needs exactly one value such as ${this.field === 'locale' ? 'es-ES' : 'facebook'}, got "${args.join('|')}"`,
        ),
      );
    }
    if (value) scriptingMemory[`$${this.field}`] = value;
    return Promise.resolve();
  }
}

/** Sends a conversationUpdate (the user joins) before a convo that starts with the bot speaking. */
class JoinLogicHook {
  /**
   * @param {{ convo: { conversation: Array<{ sender: string }> }, container: { UserSays(msg: object): Promise<unknown> }, scriptingMemory: Record<string, unknown> }} event
   */
  async onConvoBegin({ convo, container, scriptingMemory }) {
    const first = convo.conversation.find((step) => step.sender === 'me' || step.sender === 'bot');
    if (!first || first.sender !== 'bot') return;
    // Let CHANNEL and LOCALE (run in the same batch of convo-begin hooks) set their values first.
    await new Promise((resolve) => setImmediate(resolve));
    await container.UserSays({
      sender: 'me',
      messageText: '',
      scriptingMemory: { ...scriptingMemory, $activityType: 'conversationUpdate' },
    });
  }
}

module.exports = {
  PluginLogicHooks: {
    CHANNEL: ActivityFieldLogicHook,
    LOCALE: ActivityFieldLogicHook,
    JOIN: JoinLogicHook,
  },
};
