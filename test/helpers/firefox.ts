// Headless Firefox for end-to-end tests: Debian's /usr/bin/firefox-esr driven by puppeteer-core
// over WebDriver BiDi, a stock build (Playwright drives only its own patched Firefox).
// Without the browser the tests skip with a message; under CI=true a skip fails the run
// (test/helpers/skips-fail-in-ci.ts).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';

export const FIREFOX_PATH = '/usr/bin/firefox-esr';

// Quiet, deterministic runs: nothing fetched in the background, no first-run pages, and
// settled layouts for measurements (the widget honours prefers-reduced-motion).
const PREFS = {
  'ui.prefersReducedMotion': 1,
  'browser.shell.checkDefaultBrowser': false,
  'app.update.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'extensions.update.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
};

/** True when Firefox is there to drive; otherwise prints why the tests will skip. */
export function firefoxAvailable(): boolean {
  if (existsSync(FIREFOX_PATH)) return true;
  const message = `Firefox not found at ${FIREFOX_PATH}: Firefox browser tests need it (apt-get install firefox-esr).`;
  console.warn(`SKIPPING Firefox browser tests. ${message}`);
  return false;
}

export interface RunningFirefox {
  browser: Browser;
  /** Closes the browser, kills it if it does not go, and removes its profile. */
  close(): Promise<void>;
}

/** Starts Firefox on a fresh temporary profile that close() deletes. */
export async function launchFirefox(): Promise<RunningFirefox> {
  const profile = mkdtempSync(join(tmpdir(), 'kitchat-e2e-firefox-'));
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      protocol: 'webDriverBiDi',
      executablePath: FIREFOX_PATH,
      headless: true,
      userDataDir: profile,
      extraPrefsFirefox: PREFS,
      defaultViewport: { width: 1280, height: 800 },
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  return {
    browser,
    async close() {
      const child = browser.process();
      const closed = browser.close().then(() => true, () => false);
      const inTime = await Promise.race([closed, new Promise<false>((resolve) => setTimeout(() => resolve(false), 10_000))]);
      // A browser that hangs on close must not outlive the run: its whole process group goes.
      if ((!inTime || (child?.exitCode === null && child.signalCode === null)) && child?.pid) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
