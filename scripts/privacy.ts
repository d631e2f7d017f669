/**
 * The brand's privacy tools, reading the same environment as the example (`REDIS_URL`, secrets, `.env`):
 *
 *   npm run privacy -- --help
 *   npm run privacy -- audit verify
 */
import { config } from 'dotenv';
import { runPrivacyCli } from '../src/cli/privacy/privacy-cli';

if (require.main === module) {
  config({ quiet: true });
  void runPrivacyCli(process.argv.slice(2), {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  }).then(
    (code) => {
      process.exitCode = code;
      setTimeout(() => process.exit(code), 1000).unref();
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 2;
    },
  );
}
