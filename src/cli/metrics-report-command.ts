import { writeFileSync } from 'node:fs';
import { lastUtcDays } from '../core/metrics/time-bucket';
import { isInsightsLanguage, type InsightsLanguage } from '../i18n/insights-texts';
import { readMetricCounterDays } from '../metrics/counter-reader';
import { formatMetricsReport } from '../metrics/metrics-report';
import { renderInsightsHtml } from '../metrics/report/insights-html';
import { buildInsightsReport } from '../metrics/report/insights-report';
import { createRedisClient } from '../storage/redis-client';
import type { CliIo } from './privacy/cli-io';

interface ReportArgs {
  days: number;
  prefix: string;
  redisUrl: string;
  json: boolean;
  /** Where to write the HTML report, if asked for. */
  html?: string;
  lang?: InsightsLanguage;
  help: boolean;
}

export const METRICS_REPORT_USAGE = `Usage: metrics report [--days N (1-366, default 7)] [--prefix P] [--redis URL] [--json | --html FILE [--lang en|es|sv]]

Prints clicks per button and use per feature per day from the anonymous Redis counters, as text, as JSON,
or as one self-contained HTML file with charts.
Environment: REDIS_URL (required unless --redis), PRIVACY_REDIS_PREFIX (default bbp).`;

function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): ReportArgs {
  const args: ReportArgs = {
    days: 7,
    prefix: env.PRIVACY_REDIS_PREFIX || 'bbp',
    redisUrl: env.REDIS_URL ?? '',
    json: false,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new Error(`${flag} needs a value`);
      return next;
    };
    if (flag === '--days') {
      const days = Number(value());
      if (!Number.isInteger(days) || days < 1 || days > 366)
        throw new Error('--days must be a whole number from 1 to 366');
      args.days = days;
    } else if (flag === '--prefix') args.prefix = value();
    else if (flag === '--redis') args.redisUrl = value();
    else if (flag === '--json') args.json = true;
    else if (flag === '--html') args.html = value();
    else if (flag === '--lang') {
      const lang = value();
      if (!isInsightsLanguage(lang)) throw new Error('--lang must be en, es or sv');
      args.lang = lang;
    } else if (flag === '--help' || flag === '-h') {
      args.help = true;
      return args;
    } else throw new Error(`unknown option ${flag}`);
  }
  if (args.lang && !args.html) throw new Error('--lang applies to the HTML report: add --html FILE');
  if (args.html && args.json) throw new Error('choose one of --json and --html');
  if (!args.redisUrl) throw new Error('set REDIS_URL or pass --redis');
  if (/[{}]/.test(args.prefix)) throw new Error('the prefix must not contain "{" or "}"');
  return args;
}

/**
 * The `metrics report` command (`npm run metrics:report`, `npx botbuilder-privacy metrics report`): the
 * brand's report from the anonymous Redis counters. Resolves to the exit code: 0 done, 1 Redis could not be
 * read or the file written, 2 bad usage.
 */
export async function runMetricsReportCli(argv: readonly string[], io: CliIo): Promise<number> {
  let args: ReportArgs;
  try {
    args = parseArgs(argv, io.env ?? process.env);
  } catch (error) {
    io.err(`metrics-report: ${(error as Error).message}\n${METRICS_REPORT_USAGE}`);
    return 2;
  }
  if (args.help) {
    io.out(METRICS_REPORT_USAGE);
    return 0;
  }
  const redis = createRedisClient(args.redisUrl, 5000, { lazyConnect: true });
  try {
    await redis.connect();
    const days = lastUtcDays(args.days);
    const counterDays = await readMetricCounterDays(redis, args.prefix, days, 5000);
    const rows = counterDays.flatMap((day) => day.rows);
    if (args.html) {
      const html = renderInsightsHtml(buildInsightsReport(counterDays), { language: args.lang ?? 'en' });
      try {
        writeFileSync(args.html, html);
      } catch (error) {
        io.err(`metrics-report: could not write ${args.html}: ${(error as Error).message}`);
        return 1;
      }
      io.out(`Wrote ${args.html}: ${days[0]} to ${days[days.length - 1]} (UTC), ${args.lang ?? 'en'}`);
    } else if (args.json) io.out(JSON.stringify({ prefix: args.prefix, days, rows }, null, 2));
    else {
      io.out(
        `Anonymous bot metrics, prefix "${args.prefix}", ${days[0]} to ${days[days.length - 1]} (UTC)\n`,
      );
      io.out(formatMetricsReport(rows, days).replace(/\n$/, ''));
    }
    return 0;
  } catch (error) {
    io.err(`metrics-report: could not read the counters from Redis: ${(error as Error).message}`);
    return 1;
  } finally {
    redis.disconnect();
  }
}
