// Runs a convo folder the way Botium's own command line (botium-cli run) does: botium-core reads
// ./botium.json and BOTIUM_* environment variables by itself, compiles the folder, and runs each convo
// on one container (Start, Run, Stop). Nothing of this project's runner is involved.
// Usage: BOTIUM_SIMPLEREST_URL=http://host/api/messages node test/qa/botium-core-plain.js <convo folder>
const { BotDriver } = require('botium-core');

async function main(folder) {
  const driver = new BotDriver();
  const compiler = driver.BuildCompiler();
  compiler.ReadScriptsFromDirectory(folder);
  compiler.ExpandConvos();
  const container = await driver.Build();
  let failed = 0;
  for (const convo of compiler.convos) {
    await container.Start();
    try {
      await convo.Run(container);
      console.log(`ok ${convo.header.name}`);
    } catch (error) {
      failed++;
      console.log(`not ok ${convo.header.name}: ${error.message.split('\n')[0]}`);
    } finally {
      await container.Stop();
    }
  }
  await container.Clean();
  console.log(`${compiler.convos.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
