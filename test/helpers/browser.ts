// Headless Chromium for end-to-end tests: Debian's /usr/bin/chromium driven by playwright-core.
// Without a browser the tests skip with a message; under CI=true a skip fails the run
// (test/helpers/skips-fail-in-ci.ts).
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** True when a browser is there to drive; otherwise prints why the tests will skip. */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  const message = `Chromium not found at ${CHROMIUM_PATH}: browser tests need it (apt-get install chromium).`;
  console.warn(`SKIPPING browser tests. ${message}`);
  return false;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}
