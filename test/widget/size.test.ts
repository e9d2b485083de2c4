// @vitest-environment node
// Builds the widget into a temporary directory and holds it to its size budget (gzip): what a
// page downloads before the visitor opens the chat, and the whole first-open widget. Chunks
// fetched only when needed (Russian strings, the attachment composer) are listed apart.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { widgetBuildConfig } from '../../vite.config';

const BEFORE_OPEN_BUDGET = 20 * 1024;
const outDir = mkdtempSync(join(tmpdir(), 'kitchat-widget-'));
const gz = (file: string) => gzipSync(readFileSync(join(outDir, file)), { level: 9 }).length;
let files: string[] = [];

beforeAll(async () => {
  await build(widgetBuildConfig(outDir));
  files = readdirSync(outDir);
}, 120_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('widget bundle size', () => {
  it('builds a classic loader script, one hashed app chunk and the lazily fetched chunks', () => {
    expect(files).toContain('widget.js');
    for (const name of ['app', 'ru', 'attach']) expect(files.filter((f) => new RegExp(`^${name}-[\\w-]+\\.js$`).test(f))).toHaveLength(1);
    for (const file of files) {
      const code = readFileSync(join(outDir, file), 'utf8');
      expect(code).not.toMatch(/^\s*(import|export)\s/m); // no module syntax in a classic script
      expect(code).not.toMatch(/\beval\(|new Function\(/);
    }
  });

  it('keeps Preact and the signals runtime out of the lazy chunks (they use the app\'s)', () => {
    const attach = readFileSync(join(outDir, files.find((f) => f.startsWith('attach-'))!), 'utf8');
    expect(attach).toContain('KitChat._m');
    expect(attach).not.toMatch(/__H|__hooks|_sv/); // Preact and hooks internals would mean a second copy
    expect(attach.length).toBeLessThan(12_000);
  });

  it(`downloads at most ${BEFORE_OPEN_BUDGET} bytes gzip before the chat is opened`, () => {
    // The loader fetches the app only on interaction (or for a stored session), so before the
    // visitor opens the chat a page downloads the loader alone.
    const loader = gz('widget.js');
    const sum = (prefix: string) => files.filter((f) => f.startsWith(prefix)).reduce((n, f) => n + gz(f), 0);
    const app = sum('app-');
    console.log(
      `widget size (gzip): before open ${loader} B (loader); first open ${loader + app} B (loader + app ${app} B); ` +
        `when needed: Russian strings ${sum('ru-')} B, attachment composer ${sum('attach-')} B`,
    );
    expect(loader).toBeLessThanOrEqual(BEFORE_OPEN_BUDGET);
  });
});
