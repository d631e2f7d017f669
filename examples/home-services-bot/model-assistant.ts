import type { EnvelopeCipher } from '../../src';
import { ChatCompletionsClient, createPiiShield, type ModelClient, type PiiShield } from '../../src/shield';
import type { BotAppConfig } from './config';
import { textsFor } from './texts';

/** A turn context of either host (botbuilder's or the Agents SDK's). */
type AnyTurnContext = Parameters<PiiShield['protect']>[0];

/**
 * The example's answer to free text (a message no intent or menu word matches) when MODEL_URL is set: the
 * person's message goes to the language model through the PII shield (their card numbers, IBANs, tax ids,
 * e-mail addresses and phone numbers become `[CARD_1]`, `[EMAIL_1]`...), and the model's answer is shown
 * with the values put back. When the model fails, the person gets a polite answer and the turn goes on.
 */
export class ModelAssistant {
  constructor(
    private readonly shield: PiiShield,
    private readonly model: ModelClient,
    private readonly log: (line: string) => void = (line) => console.warn(line),
  ) {}

  async answer(context: AnyTurnContext): Promise<string> {
    const texts = textsFor(context.activity.locale);
    try {
      const question = await this.shield.protectMessage(context);
      const answer = await this.model.complete([
        { role: 'system', content: texts.modelInstructions },
        { role: 'user', content: question },
      ]);
      return await this.shield.restore(context, answer);
    } catch (error) {
      // ModelCallError and the layer's errors name no person and quote no text: safe to log.
      this.log(
        `Model answer failed: ${error instanceof Error ? `${error.name}: ${error.message}` : 'error'}`,
      );
      return texts.modelFailed;
    }
  }
}

/**
 * The assistant of either host's example when MODEL_URL is set (the person's values sealed with the
 * stores' cipher); undefined without it, so the example answers free text as it always did.
 */
export function modelAssistantOf(
  config: BotAppConfig,
  privacy: Parameters<typeof createPiiShield>[0],
  cipher: EnvelopeCipher,
): ModelAssistant | undefined {
  if (!config.modelUrl) return undefined;
  return new ModelAssistant(
    createPiiShield(privacy, { cipher }),
    new ChatCompletionsClient({
      url: config.modelUrl,
      apiKey: config.modelApiKey,
      model: config.modelName ?? 'gpt-4o-mini',
    }),
  );
}
