// @vitest-environment node
// Builds the widget into a temporary directory and holds it to its size budget (gzip): what a
// page downloads before the visitor opens the chat, and the whole first-open widget.
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
  it('builds a classic loader script and one hashed app chunk', () => {
    expect(files).toContain('widget.js');
    expect(files.filter((f) => /^app-[\w-]+\.js$/.test(f))).toHaveLength(1);
    const loader = readFileSync(join(outDir, 'widget.js'), 'utf8');
    expect(loader).not.toMatch(/^\s*(import|export)\s/m); // no module syntax in a classic script
    expect(loader).not.toMatch(/\beval\(|new Function\(/);
  });

  it(`downloads at most ${BEFORE_OPEN_BUDGET} bytes gzip before the chat is opened`, () => {
    // The loader fetches the app only on interaction (or for a stored session), so before the
    // visitor opens the chat a page downloads the loader alone.
    const loader = gz('widget.js');
    const app = files.filter((f) => f.startsWith('app-')).reduce((sum, f) => sum + gz(f), 0);
    console.log(`widget size (gzip): loader ${loader} B (before open); app ${app} B; first open total ${loader + app} B`);
    expect(loader).toBeLessThanOrEqual(BEFORE_OPEN_BUDGET);
  });
});
