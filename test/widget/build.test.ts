// @vitest-environment node
// Builds the widget and checks what a site gets: classic scripts sharing one Preact through a
// private handoff, the gzip budgets of what a page downloads before and at the first open, and
// kit-chat.d.ts, the types of the KitChat global.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import ts from 'typescript';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipSize } from '../../scripts/widget-size';
import { widgetBuildConfig } from '../../vite.config';

// Budgets only come down: a change that makes the widget smaller lowers them in the same commit.
/**
 * What a page downloads before the visitor interacts: the loader alone. The goal is 2 KB.
 * (Raised by 5 B, from 2,980, to read only an object's own keys on pages that add enumerable
 * properties to Object.prototype; and by 5 B for the app chunk's name, whose hash varies.)
 */
const LOADER_BUDGET = 2_990;
/**
 * The first open: the loader and the app chunk, in English. The goal is 20 KB. (Raised by
 * 30 B, from 29,300, for the logout call of `reset`: revoking the visitor's tokens at the relay;
 * by 50 B, from 29,330, for JSON that pages patching Array#toJSON cannot bend; and by 80 B,
 * from 29,380, for the ticks that tell Sent from Delivered; and by 145 B, from 29,460, for signed
 * identity, which every session start carries and which keeps a verified name and email from
 * self-declared ones. Erasure and its confirmation ship in the menu chunk; and by 50 B, from
 * 29,605, for a new visitor's POST /v1/sessions that is never repeated and a Retry-After waited
 * out for at most 10 s. By 35 B, from 29,655, for the greeting kept with its conversation, the
 * avatar by the last message of a run and the panel clear of a phone's notch and home indicator;
 * by 75 B, from 29,690, for reopening the panel on the next page only on a desktop-sized screen
 * and within the visit.)
 */
const FIRST_OPEN_BUDGET = 29_765;

const CHUNKS = readdirSync(join(import.meta.dirname, '../../widget/chunks')).map((f) => f.replace(/\.ts$/, ''));
const outDir = mkdtempSync(join(tmpdir(), 'kitchat-widget-'));
const read = (file: string) => readFileSync(join(outDir, file), 'utf8');
const gz = (file: string) => gzipSize(readFileSync(join(outDir, file)));
let files: string[] = [];
const script = (name: string) => files.find((f) => f.startsWith(`${name}-`) && f.endsWith('.js'))!;

beforeAll(async () => {
  await build(widgetBuildConfig(outDir));
  files = readdirSync(outDir);
}, 120_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the built widget', () => {
  it('is a classic loader script, one hashed app chunk and one hashed script per plug-in chunk', () => {
    expect(files).toContain('widget.js');
    expect(CHUNKS.length).toBeGreaterThanOrEqual(4);
    for (const name of ['app', ...CHUNKS]) expect(files.filter((f) => new RegExp(`^${name}-[\\w-]+\\.js$`).test(f))).toHaveLength(1);
    for (const file of files.filter((f) => f.endsWith('.js'))) {
      const code = read(file);
      expect(code).not.toMatch(/^\s*(import|export)\s/m); // no module syntax in a classic script
      expect(code).not.toMatch(/\beval\(|new Function\(/);
      // Loader and chunks meet through the script element's handoff, never on the page's global.
      expect(code, file).not.toMatch(/KitChat\??\.[\w$[]/);
    }
  });

  it('keeps Preact and the signals runtime out of the plug-in chunks (they use the app\'s)', () => {
    const attach = read(script('attach'));
    expect(attach).toContain('document.currentScript[Symbol.for("kitchat")].m["preact/jsx-runtime"]');
    expect(attach).not.toMatch(/__H|__hooks|_sv/); // Preact and hooks internals would mean a second copy
    expect(attach.length).toBeLessThan(12_000);
  });

  it(`stays within ${LOADER_BUDGET} B gzip before the chat is opened and ${FIRST_OPEN_BUDGET} B at the first open`, () => {
    // The loader fetches the app only on interaction (or for a stored session), so before the
    // visitor opens the chat a page downloads the loader alone.
    const loader = gz('widget.js');
    const app = gz(script('app'));
    const rows = [
      ['widget.js (loader)', 'before any interaction', loader],
      [script('app'), 'first open', app],
      ...CHUNKS.map((name) => [script(name), 'when needed', gz(script(name))]),
    ];
    console.log(
      `widget size (gzip): before open ${loader} B (budget ${LOADER_BUDGET}), first open ${loader + app} B (budget ${FIRST_OPEN_BUDGET})\n` +
        rows.map(([file, when, size]) => `  ${String(size).padStart(6)} B  ${String(file).padEnd(24)} ${when}`).join('\n'),
    );
    expect(loader).toBeLessThanOrEqual(LOADER_BUDGET);
    expect(loader + app).toBeLessThanOrEqual(FIRST_OPEN_BUDGET);
  });
});

/** Type-checks `files` (name → source) next to the built kit-chat.d.ts, as a site's project would. */
function typeErrors(sources: Record<string, string>): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'kitchat-site-'));
  try {
    writeFileSync(join(dir, 'kit-chat.d.ts'), read('kit-chat.d.ts'));
    for (const [name, text] of Object.entries(sources)) writeFileSync(join(dir, name), text);
    const program = ts.createProgram(
      ['kit-chat.d.ts', ...Object.keys(sources)].map((f) => join(dir, f)),
      { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], types: [] },
    );
    return ts.getPreEmitDiagnostics(program).map((d) => {
      const at = d.file && d.start !== undefined ? `${basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1} ` : '';
      return at + ts.flattenDiagnosticMessageText(d.messageText, ' ');
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('kit-chat.d.ts, the types of the KitChat global', () => {
  const site = `
    KitChat('open');
    window.KitChat('send', 'Where is my order?');
    KitChat('identify', { name: 'Ivan Sokolov', email: 'ivan@example.com' });
    KitChat('setLocale', 'ru');
    KitChat('on', 'unread', (count: number) => console.log(count.toFixed(0)));
    KitChat('on', 'message', (m) => console.log(m.from, m.text?.length, m.createdAt));
    KitChat('on', 'error', (e) => console.log(e.code === 'UNKNOWN_COMMAND', e.command));
    KitChat('on', 'ready', () => console.log('ready'));
    KitChat('off', 'unread');
    // @ts-expect-error send takes text
    KitChat('send', 42);
    // @ts-expect-error send needs its text
    KitChat('send');
    // @ts-expect-error identify takes string fields
    KitChat('identify', { name: 42 });
    // @ts-expect-error unread listeners get a number
    KitChat('on', 'unread', (count: string) => count);
    // @ts-expect-error no such event
    KitChat('on', 'unred', () => {});
  `;
  let errors: string[] = [];
  // One compiler run for both files: reading the DOM's types takes seconds on a busy machine.
  beforeAll(() => void (errors = typeErrors({ 'site.ts': site, 'typo.ts': `KitChat('opne');\n` })), 60_000);

  it('is emitted and declares the global', () => {
    const dts = read('kit-chat.d.ts');
    expect(dts).toMatch(/interface Window \{\s+KitChat: KitChatApi;/);
    expect(dts).toMatch(/export interface KitChatApi/);
    expect(dts).not.toMatch(/^export declare const/m); // the loader's check tables are not for import
  });

  it('types a site\'s calls: commands, their arguments, events and their listeners', () => {
    expect(errors.filter((e) => e.startsWith('site.ts'))).toEqual([]);
  });

  it('refuses a command that does not exist', () => {
    expect(errors.filter((e) => !e.startsWith('site.ts'))).toEqual([expect.stringMatching(/^typo\.ts:1 .*"opne"/)]);
  });
});
