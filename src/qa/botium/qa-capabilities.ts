import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Capabilities } from './engine';

/** How the QA command reaches the bot and what it changes in botium.json. */
export interface QaTarget {
  /** The bot's messaging endpoint; replaces `SIMPLEREST_URL`. */
  url?: string;
  /** A CONTAINERMODE (e.g. {@link inProcessConnector}) used instead of botium.json's. */
  containerMode?: unknown;
  /** Channel of convos without `CHANNEL` (botium.json's CHANNEL logic hook becomes a global default). */
  channel?: string;
  /** Locale of convos without `LOCALE`. */
  locale?: string;
  /** Bound on each request and on waiting for a reply, in ms. */
  timeoutMs?: number;
}

interface LogicHookSpec {
  ref: string;
  src?: unknown;
  global?: boolean;
  args?: Record<string, unknown>;
}

/**
 * Reads a botium.json (`{ botium: { Capabilities } }`, Botium's own format) and adapts it to one run:
 * file paths resolve against the file's folder (SAFEDIR), Botium's scratch folder goes to the system
 * temp folder, and the target's URL, connector, default channel/locale and timeout are applied.
 * @throws Error with a one-line reason when the file is missing or is not a Botium configuration.
 */
export function qaCapabilities(configFile: string, target: QaTarget = {}): Capabilities {
  const path = resolve(configFile);
  let caps: Capabilities;
  try {
    const json = JSON.parse(readFileSync(path, 'utf8')) as { botium?: { Capabilities?: Capabilities } };
    if (!json.botium?.Capabilities) throw new Error('it has no botium.Capabilities');
    caps = { ...json.botium.Capabilities };
  } catch (error) {
    throw new Error(`cannot use the Botium configuration ${configFile}: ${(error as Error).message}`);
  }
  caps.SAFEDIR = dirname(path);
  caps.TEMPDIR = join(tmpdir(), 'botium');
  // Replies are re-read as plain JSON of this realm: where fetch comes from another JavaScript realm (e.g.
  // under jest), jsonpath refuses its objects (`instanceof Object`) and every reply would be lost.
  caps.SIMPLEREST_PARSER_HOOK ??= ({ body, changeBody }: { body: unknown; changeBody(b: unknown): void }) =>
    changeBody(JSON.parse(JSON.stringify(body)));
  if (target.url) caps.SIMPLEREST_URL = target.url;
  if (target.containerMode) caps.CONTAINERMODE = target.containerMode;
  if (target.timeoutMs) {
    caps.SIMPLEREST_TIMEOUT = target.timeoutMs;
    caps.WAITFORBOTTIMEOUT = Math.min(Number(caps.WAITFORBOTTIMEOUT ?? target.timeoutMs), target.timeoutMs);
  }
  const hooks = ((caps.LOGIC_HOOKS as LogicHookSpec[] | undefined) ?? []).map((hook) => ({ ...hook }));
  const setDefault = (ref: string, value: string | undefined) => {
    if (!value) return;
    const hook = hooks.find((h) => h.ref === ref);
    if (!hook) throw new Error(`--${ref.toLowerCase()} needs the ${ref} logic hook in ${configFile}.`);
    hook.global = true;
    hook.args = { ...hook.args, value };
  };
  setDefault('CHANNEL', target.channel);
  setDefault('LOCALE', target.locale);
  caps.LOGIC_HOOKS = hooks;
  return caps;
}
