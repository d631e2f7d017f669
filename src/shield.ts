/**
 * `botbuilder-privacy/shield`: a PII shield for language-model calls. `createPiiShield(privacy, { cipher })`
 * replaces a person's card numbers, IBANs, tax ids (found exactly as the privacy layer's redactor finds
 * them), e-mail addresses and phone numbers with typed placeholders that stay the same within the
 * conversation (`[CARD_1]`, `[IBAN_1]`, `[TAX_ID_1]`, `[EMAIL_1]`, `[PHONE_1]`), and puts the values back
 * in the model's answer. The mapping lives sealed in the person's own conversation state. `ModelClient`
 * is the seam to the model; `ChatCompletionsClient` speaks any OpenAI-compatible Chat Completions API
 * (`MODEL_URL`, `MODEL_API_KEY`, `MODEL_NAME`). Works with both host bindings; loads no host SDK,
 * ioredis, express or prom-client (it loads libphonenumber-js).
 *
 * @example
 * ```ts
 * import { ChatCompletionsClient, createPiiShield } from 'botbuilder-privacy/shield';
 *
 * const shield = createPiiShield(privacy, { cipher, allow: ['+34 900 123 456'] });
 * const model = ChatCompletionsClient.fromEnv(); // undefined without MODEL_URL
 * // in the bot's fallback:
 * const answer = await model.complete([{ role: 'user', content: await shield.protectMessage(context) }]);
 * await context.sendActivity(await shield.restore(context, answer));
 * ```
 *
 * @packageDocumentation
 */
export {
  createPiiShield,
  PiiShield,
  type PiiShieldOptions,
  type StoredShieldMapping,
} from './shield/pii-shield';
export type { PiiType } from './core/shield/pii-detection';
export type { ChatMessage, ModelClient } from './core/shield/model-client';
export {
  ChatCompletionsClient,
  MODEL_ENV,
  ModelCallError,
  type ChatCompletionsClientOptions,
} from './shield/chat-completions-client';
