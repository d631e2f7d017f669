import { ConfigurationError } from '../../src/core/errors';
import { ChatCompletionsClient, ModelCallError } from '../../src/shield';
import { completion, startFakeModel } from './fake-model-server';

const SECRET_TEXT = 'my mail is [EMAIL_1]';

describe('ChatCompletionsClient against a local fake model over HTTP', () => {
  it('posts the messages to {url}/chat/completions with the key and model, and returns the answer', async () => {
    const model = await startFakeModel(() => completion('Hello [EMAIL_1]'));
    try {
      const client = new ChatCompletionsClient({
        url: `${model.url}/`,
        apiKey: 'sk-1',
        model: 'm-1',
        instructions: 'Be brief.',
      });
      expect(await client.complete([{ role: 'user', content: SECRET_TEXT }])).toBe('Hello [EMAIL_1]');
      expect(model.requests).toHaveLength(1);
      expect(model.requests[0].path).toBe('/v1/chat/completions');
      expect(model.requests[0].headers.authorization).toBe('Bearer sk-1');
      expect(JSON.parse(model.requests[0].body)).toEqual({
        model: 'm-1',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: SECRET_TEXT },
        ],
      });
    } finally {
      await model.close();
    }
  });

  it.each([
    ['an error status', { status: 429, body: { error: { message: SECRET_TEXT } } }, /HTTP 429/],
    ['a body that is not JSON', { body: `<html>${SECRET_TEXT}</html>` }, /not JSON/],
    ['no message', { body: { choices: [] } }, /without a message/],
    ['no answer in time', { delayMs: 2_000, ...completion('late') }, /within 200 ms/],
  ])('fails with a ModelCallError that quotes no text on %s', async (_name, answer, message) => {
    const model = await startFakeModel(() => answer);
    try {
      const client = new ChatCompletionsClient({ url: model.url, model: 'm', timeoutMs: 200 });
      const error = await client.complete([{ role: 'user', content: SECRET_TEXT }]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModelCallError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('EMAIL_1');
    } finally {
      await model.close();
    }
  });

  it('fails clearly when nothing listens at the URL', async () => {
    const model = await startFakeModel();
    await model.close();
    const client = new ChatCompletionsClient({ url: model.url, model: 'm' });
    await expect(client.complete([{ role: 'user', content: SECRET_TEXT }])).rejects.toThrow(
      new ModelCallError('The model could not be reached.'),
    );
  });

  it('is built from MODEL_URL, MODEL_API_KEY and MODEL_NAME, and not at all without MODEL_URL', () => {
    expect(ChatCompletionsClient.fromEnv({})).toBeUndefined();
    expect(
      ChatCompletionsClient.fromEnv({ MODEL_URL: 'http://127.0.0.1:1/v1', MODEL_NAME: 'x' }),
    ).toBeInstanceOf(ChatCompletionsClient);
    expect(() => ChatCompletionsClient.fromEnv({ MODEL_URL: 'not a url' })).toThrow(ConfigurationError);
    expect(() => new ChatCompletionsClient({ url: 'http://127.0.0.1:1', model: ' ' })).toThrow(
      ConfigurationError,
    );
  });
});
