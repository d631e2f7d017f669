/**
 * Sets the Facebook page's Get Started button and persistent menu (with the Privacy entry).
 *
 *   npm run messenger:setup [-- --dry-run]
 *
 * Environment (a .env file is read too):
 *   PAGE_ACCESS_TOKEN              required (not needed with --dry-run)
 *   FACEBOOK_APP_SECRET            optional: sends appsecret_proof
 *   GRAPH_BASE_URL                 default https://graph.facebook.com
 *   GRAPH_API_VERSION              default v25.0
 *   MESSENGER_PROFILE_CONFIG       optional JSON file: { locales, extraMenuItems, getStartedPayload, privacyPayload }
 *   MESSENGER_MENU_LOCALES         without a config file: comma list, default "default,en_US,es_ES,sv_SE"
 *   MESSENGER_GET_STARTED_PAYLOAD  default GET_STARTED
 */
import { readFileSync } from 'node:fs';
import { config } from 'dotenv';
import {
  buildMessengerProfile,
  setupMessengerProfile,
  type MessengerMenuLocale,
  type MessengerProfileOptions,
} from '../src/messenger/messenger-profile';

type Env = Record<string, string | undefined>;

/** Runs the set-up; returns the process exit code. `print` gets every line of output (never the token). */
export async function runMessengerSetup(
  env: Env,
  print: (line: string) => void,
  flags: { dryRun?: boolean } = {},
): Promise<number> {
  try {
    const options = optionsFromEnv(env);
    if (flags.dryRun) {
      print('Dry run: this is what would be set (nothing was sent):');
      print(JSON.stringify(buildMessengerProfile(options), null, 2));
      return 0;
    }
    if (!options.pageAccessToken) {
      print('PAGE_ACCESS_TOKEN is not set: put the page access token in the environment or in .env.');
      return 1;
    }
    const body = await setupMessengerProfile(options);
    print('Messenger profile set for the page:');
    print(JSON.stringify(body, null, 2));
    return 0;
  } catch (error) {
    print(error instanceof Error ? error.message : String(error));
    return 1;
  }
}

function optionsFromEnv(env: Env): MessengerProfileOptions {
  const file = env.MESSENGER_PROFILE_CONFIG;
  const fromFile = file ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<MessengerProfileOptions>) : {};
  const locales: readonly MessengerMenuLocale[] =
    fromFile.locales ??
    (env.MESSENGER_MENU_LOCALES ?? 'default,en_US,es_ES,sv_SE')
      .split(',')
      .map((locale) => locale.trim())
      .filter(Boolean)
      .map((locale) => ({ locale }));
  return {
    ...fromFile,
    locales,
    pageAccessToken: env.PAGE_ACCESS_TOKEN ?? '',
    appSecret: env.FACEBOOK_APP_SECRET || undefined,
    graphBaseUrl: env.GRAPH_BASE_URL || env.GRAPH_API_BASE_URL || undefined, // GRAPH_API_BASE_URL: the older name
    graphVersion: env.GRAPH_API_VERSION || undefined,
    getStartedPayload: fromFile.getStartedPayload ?? (env.MESSENGER_GET_STARTED_PAYLOAD || undefined),
  };
}

if (require.main === module) {
  config({ quiet: true });
  void runMessengerSetup(process.env, (line) => console.log(line), {
    dryRun: process.argv.includes('--dry-run'),
  }).then((code) => {
    process.exitCode = code;
  });
}
