// One browser and one product stack per test file: started in beforeAll, closed in afterAll,
// with the widget build the e2e global setup made. Also where screenshots go.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, inject } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import type { KitSimulatorOptions } from '../../demo/kit-simulator/simulator';
import { startE2eStack, type E2eStack } from './e2e-stack';

export const SHOTS_DIR = '/tmp/e2e-shots';

export interface E2e {
  browser: Browser;
  stack: E2eStack;
  /** A fresh context (own storage) and page; closed with the file. */
  newPage(options?: BrowserContextOptions): Promise<{ context: BrowserContext; page: Page }>;
}

/** Registers the file's hooks; the returned object is filled in once beforeAll has run. */
export function useE2e(options: { env?: Record<string, string>; simulator?: Partial<KitSimulatorOptions> } = {}): E2e {
  const contexts: BrowserContext[] = [];
  const e2e = {} as E2e;
  beforeAll(async () => {
    const [browser, stack] = await Promise.all([launchBrowser(), startE2eStack(inject('widgetDir'), options.env, options.simulator)]);
    e2e.browser = browser;
    e2e.stack = stack;
    e2e.newPage = async (options = {}) => {
      // Reduced motion: measurements and screenshots see the settled layout, not an animation frame.
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce', ...options });
      contexts.push(context);
      return { context, page: await context.newPage() };
    };
  });
  afterAll(async () => {
    await Promise.allSettled(contexts.map((c) => c.close()));
    await e2e.browser?.close();
    await e2e.stack?.close();
  });
  return e2e;
}

export async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: join(SHOTS_DIR, `${name}.png`) });
}
