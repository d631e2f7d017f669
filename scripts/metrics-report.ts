/**
 * Prints the brand's report from the anonymous Redis counters:
 *   npm run metrics:report -- --days 7 [--prefix bbp] [--redis redis://host:6379] [--json]
 * or writes it as one self-contained HTML file with charts:
 *   npm run metrics:report -- --days 30 --html report.html [--lang en|es|sv]
 * Environment: REDIS_URL (required unless --redis), PRIVACY_REDIS_PREFIX (default `bbp`).
 * The same command is `npx botbuilder-privacy metrics report` from the installed package.
 */
import 'dotenv/config';
import { runMetricsReportCli } from '../src/cli/metrics-report-command';

void runMetricsReportCli(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
}).then((code) => {
  process.exitCode = code;
});
