/**
 * Runs Botium convos (on botium-core) and replays .transcript files against the bot:
 *
 *   npm run qa -- qa/convos qa/transcripts                     # in-process example bot
 *   npm run qa -- qa/convos --url http://localhost:3978/api/messages --junit reports/qa.xml
 *   npm run qa -- --record qa/transcripts/new.transcript --say book --say Plumbing
 *
 * Without --url it loads `createBotApp` from examples/home-services-bot/app.ts (or the --app given).
 * botium.json (or --config) configures Botium, as for Botium's own command line.
 */
import { config } from 'dotenv';
import { runQaCli } from '../src/qa/cli';

if (require.main === module) {
  config({ quiet: true });
  void runQaCli(process.argv.slice(2), {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  }).then(
    (code) => {
      process.exitCode = code;
      // An in-process bot may leave clients open (e.g. Redis): do not hang once the report is out.
      setTimeout(() => process.exit(code), 1000).unref();
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 2;
    },
  );
}
