import { join } from 'node:path';
import { createDriver } from '../../src/qa/botium/engine';
import { inProcessConnector } from '../../src/qa/botium/in-process-connector';
import { qaCapabilities } from '../../src/qa/botium/qa-capabilities';
import { createMenuBotLogic } from './menu-bot';

describe('inProcessConnector as a Botium CONTAINERMODE', () => {
  it('starts the bot when the first container is built, runs convos on it, and stops it after the last clean', async () => {
    let closed = 0;
    const connector = inProcessConnector(() => ({
      bot: createMenuBotLogic(),
      close: async () => void closed++,
    }));
    const caps = qaCapabilities(join(__dirname, '../../botium.json'), { containerMode: connector });
    const driver = createDriver(caps);
    const compiler = driver.BuildCompiler();
    compiler.ReadScript(join(__dirname, 'fixtures/menu-bot'), 'two-messages-and-card.convo.txt');
    compiler.ExpandConvos();
    const [first, second] = await Promise.all([driver.Build(), createDriver(caps).Build()]);
    const url = await connector.acquire(); // the same bot serves both containers
    await connector.release();
    for (const container of [first, second]) {
      await container.Start();
      await compiler.convos[0].Run(container);
      await container.Stop();
    }
    await first.Clean();
    expect(closed).toBe(0);
    await second.Clean();
    expect(closed).toBe(1);
    await expect(fetch(url, { method: 'POST' })).rejects.toThrow();
  });
});
