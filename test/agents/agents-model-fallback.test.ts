import { sayOnMessenger } from '../examples/serve-example';
import { startFakeModel } from '../shield/fake-model-server';
import { startAgent } from './agent-process';

const EMAIL = 'ana.lopez@example.com';
const PHONE = '+34 612 34 56 78';

describe('the Agents SDK example with MODEL_URL', () => {
  it('asks the model through the PII shield, and shows the answer with the values put back', async () => {
    const model = await startFakeModel();
    const agent = await startAgent({ MODEL_URL: model.url, REDIS_URL: '' });
    try {
      const origin = agent.url.replace(/\/api\/messages$/, '');
      const replies = await sayOnMessenger(
        origin,
        `Call me on ${PHONE} or write to ${EMAIL}`,
        'psid-agents-1',
      );
      expect(model.requests).toHaveLength(1);
      const body = model.requests[0].body;
      expect(JSON.parse(body).messages.at(-1)).toEqual({
        role: 'user',
        content: 'Call me on [PHONE_1] or write to [EMAIL_1]',
      });
      for (const value of [PHONE, PHONE.replace(/ /g, ''), EMAIL]) expect(body).not.toContain(value);
      expect(replies).toContain(`Answer: Call me on ${PHONE} or write to ${EMAIL} [CARD_9]`);
    } finally {
      await agent.stop();
      await model.close();
    }
  }, 60_000);
});
