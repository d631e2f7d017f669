import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** The operator API answered with an error (its message, which names no person) or could not be reached. */
export class OperatorApiError extends Error {}

type Json = Record<string, unknown>;

/** A small client of the bot's operator API (`/privacy/requests`), for the `privacy request` command. */
export class OperatorApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly pollMs = 500,
  ) {}

  file(body: Json): Promise<Json> {
    return this.call('', { method: 'POST', body });
  }

  list(): Promise<Json> {
    return this.call('');
  }

  get(id: string): Promise<Json> {
    return this.call(`/${encodeURIComponent(id)}`);
  }

  post(path: string, body: Json): Promise<Json> {
    return this.call(`/${path}`, { method: 'POST', body });
  }

  /**
   * Downloads the result file (handed out once by the API) to `path` (mode 0600), streamed. A download
   * cut off midway leaves no file (never a truncated one that looks complete).
   */
  async saveResult(id: string, path: string): Promise<void> {
    const response = await this.fetch(`/${encodeURIComponent(id)}/result`);
    if (!response.ok || !response.body) {
      throw new OperatorApiError(this.problem(response.status, await response.text()));
    }
    try {
      await pipeline(Readable.fromWeb(response.body), createWriteStream(path, { mode: 0o600 }));
    } catch (error) {
      await rm(path, { force: true });
      throw new OperatorApiError(
        `The download of the result was cut off (${error instanceof Error ? error.message : 'network error'}); no file was written. The API hands a result out once: file the request again.`,
      );
    }
  }

  /** Polls a request until its state is one of `states`. */
  async waitFor(id: string, states: ReadonlySet<string>): Promise<Json> {
    for (;;) {
      const request = await this.get(id);
      if (states.has(String(request.state))) return request;
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
    }
  }

  private async call(path: string, init: { method?: string; body?: Json } = {}): Promise<Json> {
    const response = await this.fetch(path, init);
    const text = await response.text();
    if (!response.ok) throw new OperatorApiError(this.problem(response.status, text));
    try {
      return JSON.parse(text) as Json;
    } catch {
      // A proxy's HTML page or similar: say so instead of crashing.
      throw new OperatorApiError(`The API at ${this.baseUrl} did not answer JSON (HTTP ${response.status}).`);
    }
  }

  private async fetch(path: string, init: { method?: string; body?: Json } = {}): Promise<Response> {
    try {
      return await fetch(`${this.baseUrl}/privacy/requests${path}`, {
        method: init.method ?? 'GET',
        headers: {
          accept: 'application/json',
          authorization: `Bearer ${this.token}`,
          ...(init.body ? { 'content-type': 'application/json' } : {}),
        },
        body: init.body ? JSON.stringify(init.body) : undefined,
      });
    } catch (error) {
      throw new OperatorApiError(
        `Cannot reach ${this.baseUrl} (${error instanceof Error ? error.message : 'network error'}).`,
      );
    }
  }

  private problem(status: number, text: string): string {
    let message = '';
    try {
      message = String((JSON.parse(text) as Json).error ?? '');
    } catch {
      // Not JSON: the status says enough.
    }
    const hint =
      status === 404
        ? ' (is PRIVACY_OPERATOR_TOKEN set on the bot, and the id right?)'
        : status === 401
          ? ' (the token is not the bot’s)'
          : '';
    return `HTTP ${status}${message ? `: ${message}` : ''}${hint}`;
  }
}
