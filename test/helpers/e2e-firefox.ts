// One Firefox and one product stack per test file, and the ways a visitor drives the widget
// there. Firefox's accessibility lookup stops at shadow roots, so role and name queries start
// inside the widget's (`>>>`); what the log shows is read from the page, as a visitor sees it.
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest';
import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import { startE2eStack, type E2eStack } from './e2e-stack';
import { launchFirefox, type RunningFirefox } from './firefox';

export interface FirefoxE2e {
  browser: Browser;
  stack: E2eStack;
  /**
   * A fresh context (own storage, own network conditions) and page; closed with the file.
   * An uncaught error in the page fails the test that opened it.
   */
  newPage(): Promise<{ context: BrowserContext; page: Page }>;
}

/** Registers the file's hooks; the returned object is filled in once beforeAll has run. */
export function useFirefoxE2e(): FirefoxE2e {
  const e2e = {} as FirefoxE2e;
  const uncaught: string[] = [];
  let firefox: RunningFirefox | undefined;
  let stack: E2eStack | undefined;
  beforeAll(async () => {
    const [browser, started] = await Promise.allSettled([launchFirefox(), startE2eStack(inject('widgetDir'))]);
    if (browser.status === 'fulfilled') firefox = browser.value;
    if (started.status === 'fulfilled') stack = started.value;
    if (browser.status === 'rejected') throw browser.reason;
    if (started.status === 'rejected') throw started.reason;
    e2e.browser = firefox!.browser;
    e2e.stack = stack!;
    e2e.newPage = async () => {
      const context = await firefox!.browser.createBrowserContext();
      const page = await context.newPage();
      page.on('pageerror', (error) => {
        // Firefox reports a blocked resource as a script error too: that is the page's policy
        // at work, not the widget failing (the strict-page journey checks violations itself).
        if (!String(error).includes('Content-Security-Policy:')) uncaught.push(`${page.url()}: ${String(error)}`);
      });
      return { context, page };
    };
  });
  afterEach(() => {
    expect(uncaught.splice(0), 'uncaught errors in the page').toEqual([]);
  });
  afterAll(async () => {
    await firefox?.close();
    await stack?.close();
  });
  return e2e;
}

/** A selector inside the widget's shadow root. */
export const inWidget = (selector: string): string => `#kitchat-widget >>> ${selector}`;
/** The widget's element with this role and exact accessible name. */
export const widgetRole = (role: string, name: string): string => inWidget(`::-p-aria([role="${role}"][name="${name}"])`);

export const LAUNCHER_CLOSED = widgetRole('button', 'Open chat');
export const COMPOSER = widgetRole('textbox', 'Message');

/** Opens a page and waits until the launcher is there. */
export async function visit(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector(LAUNCHER_CLOSED);
}

export async function openWidget(page: Page): Promise<void> {
  await page.locator(LAUNCHER_CLOSED).click();
  await page.waitForSelector(COMPOSER, { visible: true });
}

/** Types into the composer and presses Enter; returns once the message is in the log. */
export async function sendMessage(page: Page, text: string): Promise<void> {
  await page.locator(COMPOSER).fill(text);
  await page.keyboard.press('Enter');
  await waitForMessage(page, text);
}

/** One message as the log shows it. */
export interface ShownMessage {
  mine: boolean;
  text: string;
  /** The name shown above the other side's messages ('' when not shown). */
  name: string;
  /** The delivery state under a visitor's message ('' when none). */
  state: string;
  images: { alt: string; src: string; decoded: boolean }[];
  links: { text: string; href: string }[];
}

/** Every message in the widget's log, in order (the greeting included). */
export function shownMessages(page: Page): Promise<ShownMessage[]> {
  return page.evaluate(() => {
    const log = document.querySelector('#kitchat-widget')?.shadowRoot?.querySelector('[role="log"]');
    if (!log) return [];
    const textOf = (bubble: Element | null) => {
      // The bubble without its screen-reader prefix ("You: "), as it reads on screen.
      const copy = bubble?.cloneNode(true) as Element | undefined;
      copy?.querySelectorAll('.kc-sr').forEach((sr) => sr.remove());
      return copy?.textContent?.trim() ?? '';
    };
    return [...log.querySelectorAll<HTMLElement>('.kc-msg')].map((msg) => ({
      mine: msg.classList.contains('kc-msg--mine'),
      text: textOf(msg.querySelector('.kc-bubble')),
      name: msg.querySelector('.kc-msg__name')?.textContent?.trim() ?? '',
      state: msg.querySelector('.kc-state')?.textContent?.trim() ?? '',
      images: [...msg.querySelectorAll<HTMLImageElement>('.kc-bubble img')].map((img) => ({ alt: img.alt, src: img.src, decoded: img.complete && img.naturalWidth > 0 })),
      links: [...msg.querySelectorAll<HTMLAnchorElement>('.kc-bubble a[href]')].map((a) => ({ text: a.textContent?.trim() ?? '', href: a.href })),
    }));
  });
}

/** Waits until the log shows a message with exactly this text; returns it as shown. */
export async function waitForMessage(page: Page, text: string, timeout = 20_000): Promise<ShownMessage> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const found = (await shownMessages(page)).find((m) => m.text === text);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`the widget's log never showed "${text}"`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Whether the widget's dialog is on screen. */
export function panelVisible(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const dialog = document.querySelector('#kitchat-widget')?.shadowRoot?.querySelector<HTMLElement>('[role="dialog"]');
    return !!dialog && dialog.checkVisibility({ visibilityProperty: true, opacityProperty: true });
  });
}

/** The attachments waiting in the composer: name, upload state, and whether a preview decoded. */
export function shownDrafts(page: Page): Promise<{ name: string; state: string; preview: boolean }[]> {
  return page.evaluate(() => {
    const list = document.querySelector('#kitchat-widget')?.shadowRoot?.querySelector('ul[aria-label="Attachments"]');
    return [...(list?.querySelectorAll('.kc-draft') ?? [])].map((li) => {
      const thumb = li.querySelector('img');
      return {
        name: li.querySelector('.kc-draft__name')?.textContent?.trim() ?? '',
        state: [...li.classList].find((c) => c.startsWith('kc-draft--'))?.slice('kc-draft--'.length) ?? '',
        preview: !!thumb && thumb.complete && thumb.naturalWidth > 0,
      };
    });
  });
}
