import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/**
 * Headless Chromium for the browser tests: Debian's `chromium` package (installed by `scripts/test.js`
 * when missing), driven by playwright-core with an explicit `executablePath`. Nothing downloads a browser.
 *
 * When no browser can be had, `launchChromium` throws one line that says why: the tests that need it
 * fail, they never skip silently.
 */

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Where Chromium lives: `CHROMIUM_PATH` when set, else the first Debian/Ubuntu location that exists. */
export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!fs.existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  const found = CANDIDATES.find((candidate) => fs.existsSync(candidate));
  if (!found) {
    throw new Error(
      'No Chromium for the browser tests: install it (Debian/Ubuntu: apt-get install -y chromium) or set CHROMIUM_PATH',
    );
  }
  return found;
}

/**
 * Starts headless Chromium with the flags this closed network needs (no background networking, no
 * component updates, a fresh profile). Close it with `browser.close()`.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  try {
    return await chromium.launch({
      executablePath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(`Chromium at ${executablePath} did not start: ${reason}`);
  }
}

/** The git-ignored folder for screenshots and other test artifacts (`test-artifacts/<group>`). */
export function artifactsDir(group: string): string {
  const dir = path.join(__dirname, '..', '..', 'test-artifacts', group);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
