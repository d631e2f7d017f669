/**
 * Prints the brand's report from the anonymous Redis counters:
 *   npm run metrics:report -- --days 7 [--prefix bbp] [--redis redis://host:6379] [--json]
 * or writes it as one self-contained HTML file with charts:
 *   npm run metrics:report -- --days 30 --html report.html [--lang en|es|sv]
 * Environment: REDIS_URL (required unless --redis), PRIVACY_REDIS_PREFIX (default `bbp`).
 */
import 'dotenv/config';
import { writeFileSync } from 'node:fs';
import { lastUtcDays } from '../src/core/metrics/time-bucket';
import { isInsightsLanguage, type InsightsLanguage } from '../src/i18n/insights-texts';
import { readMetricCounterDays } from '../src/metrics/counter-reader';
import { formatMetricsReport } from '../src/metrics/metrics-report';
import { renderInsightsHtml } from '../src/metrics/report/insights-html';
import { buildInsightsReport } from '../src/metrics/report/insights-report';
import { createRedisClient } from '../src/storage/redis-client';

interface ReportArgs {
  days: number;
  prefix: string;
  redisUrl: string;
  json: boolean;
  /** Where to write the HTML report, if asked for. */
  html?: string;
  lang?: InsightsLanguage;
}

const USAGE =
  'usage: metrics-report [--days N (1-366, default 7)] [--prefix P] [--redis URL] [--json | --html FILE [--lang en|es|sv]]';

function parseArgs(argv: string[]): ReportArgs {
  const args: ReportArgs = {
    days: 7,
    prefix: process.env.PRIVACY_REDIS_PREFIX || 'bbp',
    redisUrl: process.env.REDIS_URL ?? '',
    json: false,
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
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown option ${flag}`);
  }
  if (args.lang && !args.html) throw new Error('--lang applies to the HTML report: add --html FILE');
  if (args.html && args.json) throw new Error('choose one of --json and --html');
  if (!args.redisUrl) throw new Error('set REDIS_URL or pass --redis');
  if (/[{}]/.test(args.prefix)) throw new Error('the prefix must not contain "{" or "}"');
  return args;
}

async function main(): Promise<void> {
  let args: ReportArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`metrics-report: ${(error as Error).message}\n${USAGE}`);
    process.exit(2);
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
        console.error(`metrics-report: could not write ${args.html}: ${(error as Error).message}`);
        process.exitCode = 1;
        return;
      }
      console.log(`Wrote ${args.html}: ${days[0]} to ${days[days.length - 1]} (UTC), ${args.lang ?? 'en'}`);
    } else if (args.json) console.log(JSON.stringify({ prefix: args.prefix, days, rows }, null, 2));
    else {
      console.log(
        `Anonymous bot metrics, prefix "${args.prefix}", ${days[0]} to ${days[days.length - 1]} (UTC)\n`,
      );
      process.stdout.write(formatMetricsReport(rows, days));
    }
  } catch (error) {
    console.error(`metrics-report: could not read the counters from Redis: ${(error as Error).message}`);
    process.exitCode = 1;
  } finally {
    redis.disconnect();
  }
}

void main();
