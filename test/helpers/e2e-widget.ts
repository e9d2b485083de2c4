// Drives the widget and the operator console the way people do: by role and accessible name.
// Playwright's locators pierce the widget's open shadow root.
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { KitSimulator } from '../../demo/kit-simulator/simulator';

export const launcher = (page: Page): Locator => page.locator('#kitchat-widget .kc-launcher');
export const panel = (page: Page): Locator => page.getByRole('dialog');
export const composer = (page: Page): Locator => page.getByRole('textbox', { name: /^(Message|Сообщение)$/ });
export const log = (page: Page): Locator => page.getByRole('log');

/** Opens the demo page and waits until the launcher is there. */
export async function visit(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: /open chat|открыть чат/i }).waitFor();
}

export async function openWidget(page: Page): Promise<void> {
  await page.getByRole('button', { name: /open chat|открыть чат/i }).click();
  await composer(page).waitFor();
}

export async function sendMessage(page: Page, text: string): Promise<void> {
  await composer(page).fill(text);
  await composer(page).press('Enter');
  await log(page).getByText(text, { exact: true }).waitFor();
}

/** The visitor id Kit knows the newest conversation by (the simulator's client_id). */
export async function newestVisitorId(sim: KitSimulator): Promise<string> {
  await expect.poll(() => sim.conversations().length).toBeGreaterThan(0);
  return sim.conversations().at(-1)!.clientId;
}

/** Waits until the simulator has recorded a visitor message with this text. */
export async function kitReceived(sim: KitSimulator, text: string): Promise<string> {
  let id = '';
  await expect.poll(() => {
    const found = sim.conversations().find((c) => c.messages.some((m) => m.from === 'visitor' && m.text === text));
    id = found?.clientId ?? '';
    return id;
  }, { timeout: 10_000 }).not.toBe('');
  return id;
}

/** Replies from the operator console page: pick the conversation showing `preview`, type, Send. */
export async function replyInConsole(operator: Page, preview: string, text: string): Promise<void> {
  await operator.getByRole('navigation', { name: 'Conversations' }).getByRole('button').filter({ hasText: preview }).first().click();
  await operator.locator('#messages').getByText(preview, { exact: true }).waitFor();
  await operator.getByRole('textbox', { name: 'Reply' }).fill(text);
  await operator.getByRole('button', { name: 'Send' }).click();
  await operator.locator('#messages').getByText(text, { exact: true }).waitFor();
}

/** A file as the browser's file chooser takes it. */
export interface ChosenFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** Clicks the paperclip and picks `files` (or a path on disk) in the file chooser that opens. */
export async function attachFiles(page: Page, files: ChosenFile[] | string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: /^(Attach a file|Прикрепить файл)$/ }).click();
  await (await chooser).setFiles(files);
}

/** The composer's list of attachments waiting to be sent. */
export const drafts = (page: Page): Locator => page.getByRole('list', { name: /^(Attachments|Вложения)$/ });

/** Opens a conversation in the operator console by a visitor message it shows. */
export async function selectInConsole(operator: Page, preview: string): Promise<void> {
  await operator.getByRole('navigation', { name: 'Conversations' }).getByRole('button').filter({ hasText: preview }).first().click();
  await operator.locator('#messages').getByText(preview, { exact: true }).waitFor();
}
