// Attachments through the whole product in a real browser: a visitor's picture reaching the
// operator console and Kit, the operator's PDF and picture reaching the widget, the size limit
// in the widget and at the relay, and served files that never run script when opened.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page, Request } from 'playwright-core';
import { browserAvailable } from '../helpers/browser';
import { png } from '../helpers/png';
import { shoot, useE2e } from '../helpers/e2e-browser';
import { attachFiles, drafts, kitReceived, log, openWidget, selectInConsole, sendMessage, visit } from '../helpers/e2e-widget';

/** A one-page PDF with a correct cross-reference table. */
function pdf(text: string): Buffer {
  const stream = `BT /F1 18 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((o, i) => {
    const at = body.length;
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
    return at;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

const MB = 1024 * 1024;
const CSP = "default-src 'none'; sandbox";
// Anything here that runs leaves a mark: a global, the title, a console line.
const MARK = "window.__kitchatRan=1;document.title='ran';console.log('kitchat-script-ran')";
const SVG = `<svg xmlns="http://www.w3.org/2000/svg" onload="${MARK}"><script>${MARK}</script></svg>`;
const HTML = `<html><body><img src="x" onerror="${MARK}"><script>${MARK}</script></body></html>`;

/** Settled image: true once it decoded to real pixels. */
const decoded = (page: Page, selector: string) => page.locator(selector).first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);

describe.skipIf(!browserAvailable())('attachments between visitor and operator', () => {
  const e2e = useE2e();
  const scratch = mkdtempSync(join(tmpdir(), 'kitchat-e2e-files-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  /** A visitor token, as the widget gets one. */
  async function visitorToken(): Promise<string> {
    const res = await fetch(`${e2e.stack.relay.url}/v1/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(201);
    return ((await res.json()) as { token: string }).token;
  }

  async function upload(token: string, body: Buffer | string, type: string, name: string): Promise<Response> {
    return fetch(`${e2e.stack.relay.url}/v1/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': type, 'x-file-name': encodeURIComponent(name) },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
  }

  /** The visitor's picture as it reached Kit: the payload item and its path on the relay. */
  async function sendPicture(page: Page, picture: Buffer, text: string, onPreview?: () => Promise<void>) {
    await visit(page, `${e2e.stack.site.url}/`);
    await openWidget(page);
    await attachFiles(page, [{ name: 'roast-label.png', mimeType: 'image/png', buffer: picture }]);
    await drafts(page).locator('.kc-draft--done').getByText('roast-label.png').waitFor();
    await expect.poll(() => decoded(page, '#kitchat-widget .kc-draft__thumb')).toBe(true);
    await onPreview?.();
    await sendMessage(page, text);
    expect(await drafts(page).count()).toBe(0);
    const clientId = await kitReceived(e2e.stack.sim, text);
    const item = e2e.stack.sim.conversation(clientId)!.messages.find((m) => m.text === text)!.payload[0]!;
    return { item, fileUrl: 'file_url' in item ? item.file_url ?? '' : '' };
  }

  it('shows the visitor a preview of a picked picture, then Kit and the operator console get that picture', async () => {
    const { page, context } = await e2e.newPage();
    const picture = png(48, 32, [200, 90, 40]);
    const text = 'Is this the roast you meant?';
    const { item, fileUrl } = await sendPicture(page, picture, text, () => shoot(page, 'attachment-preview'));
    expect(item).toMatchObject({ type: 'photo', file_name: 'roast-label.png' });
    // The relay serves the same bytes under the file's path (the host part: see the next test).
    const served = await fetch(`${e2e.stack.relay.url}${new URL(fileUrl).pathname}`);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(picture)).toBe(true);
    await expect.poll(() => log(page).locator('img').first().getAttribute('src')).toBe(fileUrl);

    const operator = await context.newPage();
    await operator.goto(e2e.stack.sim.consoleUrl);
    await selectInConsole(operator, text);
    const thumb = operator.locator('#messages img.thumb');
    await thumb.waitFor();
    expect(await thumb.getAttribute('alt')).toBe('roast-label.png');
    expect(await thumb.getAttribute('src')).toBe(fileUrl);
    await shoot(operator, 'operator-console-visitor-image');
    await operator.close();
  });

  // This stack runs the relay on an ephemeral port without RELAY_PUBLIC_URL: the file URL Kit
  // gets must still name the port the relay really listens on.
  it('gives Kit a file URL that loads the picture in the operator console and in the visitor\'s message', async () => {
    const { page, context } = await e2e.newPage();
    const picture = png(40, 40, [90, 160, 60]);
    const text = 'And this one, the green label?';
    const { fileUrl } = await sendPicture(page, picture, text);
    expect(Buffer.from(await (await fetch(fileUrl)).arrayBuffer()).equals(picture)).toBe(true);
    await expect.poll(() => decoded(page, '#kitchat-widget [role="log"] .kc-msg--mine img'), { timeout: 3000 }).toBe(true);
    const operator = await context.newPage();
    await operator.goto(e2e.stack.sim.consoleUrl);
    await selectInConsole(operator, text);
    await expect.poll(() => decoded(operator, '#messages img.thumb'), { timeout: 3000 }).toBe(true);
    await shoot(operator, 'operator-console-visitor-image-loaded');
    await operator.close();
  });

  it('shows the operator\'s picture inline and the PDF as a link with its name', async () => {
    const { page, context } = await e2e.newPage();
    const { sim } = e2e.stack;
    await visit(page, `${e2e.stack.site.url}/`);
    await openWidget(page);
    const ask = 'Could you send the invoice and a photo of the parcel?';
    await sendMessage(page, ask);
    const clientId = await kitReceived(sim, ask);

    // The PDF from the console's upload field, the picture through the simulator's admin API.
    const operator = await context.newPage();
    await operator.goto(sim.consoleUrl);
    await selectInConsole(operator, ask);
    await operator.getByRole('textbox', { name: 'Reply' }).fill('Here is your invoice.');
    await operator.locator('#reply-file').setInputFiles({ name: 'invoice-2024.pdf', mimeType: 'application/pdf', buffer: pdf('Invoice 2024') });
    await operator.getByRole('button', { name: 'Send', exact: true }).click();
    await operator.locator('#messages').getByText('Here is your invoice.', { exact: true }).waitFor();

    const stored = await fetch(`${sim.url}/admin/uploads`, { method: 'POST', headers: { 'content-type': 'image/png', 'x-file-name': 'parcel.png' }, body: new Uint8Array(png(64, 40, [40, 120, 200])) });
    expect(stored.status).toBe(201);
    const picture = (await stored.json()) as { fileId: string; url: string };
    const replied = await fetch(`${sim.url}/admin/clients/${encodeURIComponent(clientId)}/reply`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fileId: picture.fileId }),
    });
    expect(replied.status).toBe(202);

    const pdfUrl = sim.conversation(clientId)!.messages.flatMap((m) => m.payload).find((p) => p.type === 'document');
    const link = log(page).getByRole('link', { name: /invoice-2024\.pdf/ });
    await link.waitFor();
    // The relay keeps its own copy of the operator's file: the link points there, with the same bytes.
    const href = (await link.getAttribute('href'))!;
    expect(href.startsWith(`${e2e.stack.relay.url}/files/`)).toBe(true);
    const original = pdfUrl && 'file_url' in pdfUrl ? pdfUrl.file_url ?? '' : '';
    expect(Buffer.from(await (await fetch(href)).arrayBuffer()).equals(Buffer.from(await (await fetch(original)).arrayBuffer()))).toBe(true);
    await log(page).getByText('Here is your invoice.', { exact: true }).waitFor();
    const image = `#kitchat-widget [role="log"] .kc-msg--theirs img[alt="parcel.png"]`;
    await page.locator(image).waitFor();
    const src = (await page.locator(image).getAttribute('src'))!;
    expect(src.startsWith(`${e2e.stack.relay.url}/files/`)).toBe(true);
    expect(src).not.toBe(picture.url);
    await expect.poll(() => decoded(page, image)).toBe(true);
    await shoot(page, 'conversation-image-pdf-visitor');
    await expect.poll(() => operator.locator('#messages img').count()).toBe(1);
    await shoot(operator, 'conversation-image-pdf-operator');
    await operator.close();
  });

  it('refuses a 50 MB file in the widget without uploading it, and the relay refuses it with 413', async () => {
    const { page } = await e2e.newPage();
    const uploads: Request[] = [];
    page.on('request', (r) => void (new URL(r.url()).pathname === '/v1/uploads' && uploads.push(r)));
    await visit(page, `${e2e.stack.site.url}/`);
    await openWidget(page);
    const big = join(scratch, 'warehouse-tour.mp4');
    writeFileSync(big, Buffer.alloc(50 * MB));
    await attachFiles(page, big);
    await page.getByRole('alert').getByText('“warehouse-tour.mp4” is too large: files up to 10\u00a0MB can be sent.').waitFor();
    await shoot(page, 'too-big-error');

    // A small file afterwards is uploaded: the only upload request is that one.
    await attachFiles(page, [{ name: 'receipt.png', mimeType: 'image/png', buffer: png(8, 8, [0, 0, 0]) }]);
    await drafts(page).locator('.kc-draft--done').getByText('receipt.png').waitFor();
    expect(uploads).toHaveLength(1);
    expect(await drafts(page).getByText('warehouse-tour.mp4').count()).toBe(0);

    const token = await visitorToken();
    expect(await rawUpload(`${e2e.stack.relay.url}/v1/uploads`, token, 50 * MB, true)).toBe(413);
    // Without a declared length the relay stops reading at the limit.
    expect(await rawUpload(`${e2e.stack.relay.url}/v1/uploads`, token, 50 * MB, false)).toBe(413);
  });

  it('refuses SVG and HTML uploads, and opening a served file never runs script in it', async () => {
    const token = await visitorToken();
    for (const [body, type, name] of [
      [SVG, 'image/svg+xml', 'logo.svg'],
      [SVG, 'text/plain', 'logo.txt'],
      [HTML, 'text/plain', 'notes.txt'],
      [`\uFEFF  ${HTML}`, 'application/octet-stream', 'page.bin'],
    ] as const) {
      const res = await upload(token, body, type, name);
      expect(res.status, `${name} as ${type}`).toBe(415);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNSUPPORTED_TYPE');
    }

    // Markup the sniffer lets through: inside a PNG, and after a first line of plain text.
    const polyglot = Buffer.concat([png(4, 4, [255, 255, 255]), Buffer.from(HTML + SVG)]);
    const served: { url: string; type: string }[] = [];
    for (const [body, type, name] of [[polyglot, 'text/html', 'photo.png'], [`Order notes\n${HTML}\n${SVG}`, 'text/html', 'notes.txt']] as const) {
      const res = await upload(token, body, type, name);
      expect(res.status).toBe(201);
      served.push((await res.json()) as { url: string; type: string });
    }
    expect(served.map((s) => s.type)).toEqual(['image/png', 'text/plain']);

    const { page } = await e2e.newPage();
    const consoleLines: string[] = [];
    page.on('console', (m) => void consoleLines.push(m.text()));
    // Opened from the relay's own address (file URLs carry the configured public host).
    const at = (file: { url: string }) => `${e2e.stack.relay.url}${new URL(file.url, e2e.stack.relay.url).pathname}`;
    for (const file of served) {
      const url = at(file);
      const head = await fetch(url);
      expect(head.headers.get('content-security-policy')).toBe(CSP);
      expect(head.headers.get('x-content-type-options')).toBe('nosniff');
    }
    // The picture opens as a picture; the text file is a download, never a document.
    const image = await page.goto(at(served[0]!));
    expect(image!.headers()['content-security-policy']).toBe(CSP);
    expect(image!.headers()['x-content-type-options']).toBe('nosniff');
    expect(await page.evaluate(() => document.contentType)).toBe('image/png');
    const download = page.waitForEvent('download');
    await page.goto(at(served[1]!)).catch(() => undefined);
    expect((await download).suggestedFilename()).toBe('notes.txt');
    expect(await page.evaluate(() => (window as { __kitchatRan?: number }).__kitchatRan)).toBeUndefined();
    expect(await page.title()).not.toBe('ran');
    expect(consoleLines.filter((l) => l.includes('kitchat-script-ran'))).toEqual([]);
  });
});

/** Posts `size` zero bytes straight over HTTP and returns the status, whenever it comes. */
function rawUpload(url: string, token: string, size: number, declareLength: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'video/mp4',
        'x-file-name': 'warehouse-tour.mp4',
        ...(declareLength ? { 'content-length': String(size) } : {}),
      },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    // The relay answers and closes without reading the rest: a broken pipe here is expected.
    req.on('error', (err) => setTimeout(() => reject(err), 2000));
    const chunk = Buffer.alloc(MB);
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}
