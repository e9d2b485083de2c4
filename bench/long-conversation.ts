// `npm run bench:history`: long conversations in headless Chromium, on a full local stack (relay,
// Kit simulator, built widget). A returning visitor's page opens with a conversation of 50 and
// of 5,000 mailbox entries (the widget fetches only the newest ones); then, with 1,000 and with
// 50 messages loaded, it times typing in the message box: from each key's event to the next
// frame the browser paints. Prints medians and p95s.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import type { Browser, Page } from 'playwright-core';
import { widgetBuildConfig } from '../vite.config';
import { launchBrowser } from '../test/helpers/browser';
import { startE2eStack, type E2eStack } from '../test/helpers/e2e-stack';
import { resumeIn, seedConversation, type LongConversation } from '../test/helpers/long-conversation';
import { percentile } from './stats';

const OPENS = Number(process.argv[2] ?? 7);
const KEYS = 'Could you check whether my order has shipped yet? Thanks a lot!';

/** Milliseconds from the page's navigation until the newest message is in the panel. */
async function timeToOpen(browser: Browser, stack: E2eStack, conversation: LongConversation): Promise<{ ms: number; held: number }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await resumeIn(page, conversation);
    await page.goto(`${stack.site.url}/`);
    const handle = await page.waitForFunction(
      (text) => {
        const root = document.getElementById('kitchat-widget')?.shadowRoot;
        const found = [...(root?.querySelectorAll('.kc-text') ?? [])].some((el) => el.textContent === text);
        return found && { ms: performance.now(), held: root!.querySelectorAll('.kc-msg:not(.kc-greeting)').length };
      },
      conversation.newest,
      { polling: 'raf', timeout: 60_000 },
    );
    return (await handle.jsonValue()) as { ms: number; held: number };
  } finally {
    await context.close();
  }
}

/** Scrolls the log to the top until `count` messages are loaded. */
async function loadOlder(page: Page, count: number): Promise<number> {
  for (;;) {
    const held = await page.evaluate(() => document.getElementById('kitchat-widget')!.shadowRoot!.querySelectorAll('.kc-msg:not(.kc-greeting)').length);
    if (held >= count) return held;
    await page.evaluate(() => document.getElementById('kitchat-widget')!.shadowRoot!.querySelector('.kc-log')!.scrollTo({ top: 0 }));
    await page.waitForTimeout(250);
  }
}

/**
 * Per key typed in the message box, ms: from the key's event until the widget has handled it
 * (its render and layout effects done), and until the next frame is painted.
 */
async function typing(page: Page): Promise<{ handled: number[]; painted: number[] }> {
  await page.evaluate(() => {
    const box = document.getElementById('kitchat-widget')!.shadowRoot!.querySelector('textarea')!;
    const w = window as unknown as { __typing: { handled: number[]; painted: number[] } };
    w.__typing = { handled: [], painted: [] };
    box.addEventListener('input', (e) => {
      setTimeout(() => w.__typing.handled.push(performance.now() - e.timeStamp));
      requestAnimationFrame(() => setTimeout(() => w.__typing.painted.push(performance.now() - e.timeStamp)));
    });
    box.focus();
  });
  await page.keyboard.type(KEYS, { delay: 40 });
  await page.waitForTimeout(200);
  return page.evaluate(() => (window as unknown as { __typing: { handled: number[]; painted: number[] } }).__typing);
}

async function typingWith(browser: Browser, stack: E2eStack, conversation: LongConversation, loaded: number) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await resumeIn(page, conversation);
    await page.goto(`${stack.site.url}/`);
    await page.waitForFunction(() => !!document.getElementById('kitchat-widget')?.shadowRoot?.querySelector('textarea'));
    const held = await loadOlder(page, loaded);
    return { held, ...(await typing(page)) };
  } finally {
    await context.close();
  }
}

const f = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return `median ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms`;
};

const widgetDir = mkdtempSync(join(tmpdir(), 'kitchat-bench-widget-'));
await build({ ...widgetBuildConfig(widgetDir), logLevel: 'warn' });
const stack = await startE2eStack(widgetDir, { RELAY_RATE_VISITOR_PER_MIN: '100000', RELAY_RATE_IP_PER_MIN: '100000', RELAY_RATE_RESUMES_PER_MIN: '100000' });
const browser = await launchBrowser();
try {
  const origin = stack.site.url;
  const small = await seedConversation(stack, 50, origin);
  const large = await seedConversation(stack, 5000, origin);
  const many = await seedConversation(stack, 1600, origin);
  console.log(`Opening a returning visitor's page with the panel open, until the newest message shows (${OPENS} runs each):`);
  for (const [name, conversation] of [['50 entries', small], ['5,000 entries', large]] as const) {
    const runs = [];
    for (let i = 0; i < OPENS; i++) runs.push(await timeToOpen(browser, stack, conversation));
    console.log(`  ${name.padEnd(14)} ${f(runs.map((r) => r.ms))}; messages drawn: ${runs[0]!.held}`);
  }
  console.log(`Typing "${KEYS}" (${KEYS.length} keys, 40 ms apart); per key, from its event until handled (render and layout) / until the next painted frame:`);
  for (const [name, conversation, loaded] of [['50 loaded', small, 1], ['1,000 loaded', many, 1000]] as const) {
    const { held, handled, painted } = await typingWith(browser, stack, conversation, loaded);
    console.log(`  ${name.padEnd(14)} handled ${f(handled)} / painted ${f(painted)}, max ${Math.max(...painted).toFixed(1)} ms; messages in the panel: ${held}`);
  }
} finally {
  await browser.close();
  await stack.close();
  rmSync(widgetDir, { recursive: true, force: true });
}
