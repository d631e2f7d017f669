import { ConfigurationError, PrivacyError } from '../core/errors';
import { isHttpUrl } from '../core/http-url';
import type { ChatMessage, ModelClient } from '../core/shield/model-client';

/** A model call failed: unreachable, timed out, or an error status. Its message never holds the text. */
export class ModelCallError extends PrivacyError {}

/** Settings of a {@link ChatCompletionsClient}. */
export interface ChatCompletionsClientOptions {
  /** Base URL of an OpenAI-compatible API (`https://api.example.com/v1`); the client posts to `{url}/chat/completions`. */
  readonly url: string;
  /** Sent as `Authorization: Bearer <apiKey>` when set. */
  readonly apiKey?: string;
  /** The `model` field of every request. */
  readonly model: string;
  /** How long one call may take. Default 20 000 ms. */
  readonly timeoutMs?: number;
  /** Extra `system` message sent before the conversation (e.g. the bot's instructions). */
  readonly instructions?: string;
}

/** The environment variables of {@link ChatCompletionsClient.fromEnv}. */
export const MODEL_ENV = { url: 'MODEL_URL', apiKey: 'MODEL_API_KEY', model: 'MODEL_NAME' } as const;

const DEFAULT_TIMEOUT_MS = 20_000;
const DEFAULT_MODEL = 'gpt-4o-mini';

/**
 * A {@link ModelClient} for any OpenAI-compatible Chat Completions API (`POST {url}/chat/completions`,
 * bearer key, `model`, `messages`), with fetch and a timeout. Failures are {@link ModelCallError}s that
 * name the status or the cause, never the text sent or received.
 */
export class ChatCompletionsClient implements ModelClient {
  private readonly endpoint: string;
  private readonly timeoutMs: number;

  /** @throws ConfigurationError for a URL that is not http(s), an empty model or a bad timeout. */
  constructor(private readonly options: ChatCompletionsClientOptions) {
    if (!isHttpUrl(options?.url)) {
      throw new ConfigurationError('The model URL (MODEL_URL) must be an absolute http(s) URL.');
    }
    if (typeof options.model !== 'string' || options.model.trim() === '') {
      throw new ConfigurationError('The model client needs a model name (MODEL_NAME).');
    }
    const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(timeout) || timeout <= 0) {
      throw new ConfigurationError('The model client timeoutMs must be a positive number of milliseconds.');
    }
    this.timeoutMs = timeout;
    this.endpoint = `${options.url.replace(/\/+$/, '')}/chat/completions`;
  }

  /**
   * A client from `MODEL_URL`, `MODEL_API_KEY` and `MODEL_NAME` (default `gpt-4o-mini`); undefined when
   * `MODEL_URL` is not set (the bot then asks no model).
   */
  static fromEnv(
    env: NodeJS.ProcessEnv = process.env,
    options: Pick<ChatCompletionsClientOptions, 'timeoutMs' | 'instructions'> = {},
  ): ChatCompletionsClient | undefined {
    const url = env[MODEL_ENV.url]?.trim();
    if (!url) return undefined;
    return new ChatCompletionsClient({
      url,
      apiKey: env[MODEL_ENV.apiKey]?.trim() || undefined,
      model: env[MODEL_ENV.model]?.trim() || DEFAULT_MODEL,
      ...options,
    });
  }

  async complete(messages: readonly ChatMessage[]): Promise<string> {
    const instructions = this.options.instructions;
    const body = JSON.stringify({
      model: this.options.model,
      messages: instructions ? [{ role: 'system', content: instructions }, ...messages] : messages,
    });
    let response: Response;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
        },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const timedOut = isTimeout(error);
      throw new ModelCallError(
        timedOut
          ? `The model did not answer within ${this.timeoutMs} ms.`
          : 'The model could not be reached.',
      );
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new ModelCallError(`The model answered with HTTP ${response.status}.`);
    }
    let payload: unknown;
    try {
      payload = await response.json();
    } catch (error) {
      // The body is not JSON, or did not arrive in time: say which, without quoting it.
      throw new ModelCallError(
        isTimeout(error)
          ? `The model did not answer within ${this.timeoutMs} ms.`
          : 'The model answered with a body that is not JSON.',
      );
    }
    const content = (payload as { choices?: Array<{ message?: { content?: unknown } }> } | null)?.choices?.[0]
      ?.message?.content;
    if (typeof content !== 'string') throw new ModelCallError('The model answered without a message.');
    return content;
  }
}

/** The abort of `AbortSignal.timeout` (a DOMException named `TimeoutError`, of whatever realm). */
function isTimeout(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'TimeoutError';
}
