// `npm run bench:markdown`: how long the widget takes to read and draw a 4,000-character operator
// message in the markdown subset, in headless Chromium: typical formatting, plain text, and the
// hostile shapes of the end-to-end corpus. Prints the median and p95 per message: parsing alone,
// then parsing, drawing and layout together.
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { RollupOutput } from 'rollup';
import { launchBrowser } from '../test/helpers/browser';

const ROUNDS = Number(process.argv[2] ?? 200);
const LENGTH = 4000;
const fill = (unit: string) => unit.repeat(Math.ceil(LENGTH / unit.length)).slice(0, LENGTH);

const CASES: [string, string][] = [
  ['typical reply (bold, lists, code, links)', fill('Thanks, **Jana**! Your order *#1042* shipped.\n1. Open [the tracker](https://track.example/NW-1042)\n2. Enter `NW-1042`\n- Ethiopia Guji\n- House Espresso\n```\nParcel: NW-1042 · 1.4 kg\n```\nMore at https://northwind.example/help.\n\n')],
  ['plain text', fill('All work and no play makes a dull day, said the roaster. ')],
  ['4,000 asterisks', '*'.repeat(LENGTH)],
  ['nested emphasis', fill('*a **b _c __d ') + fill(' d__ c_ b** a*')],
  ['unfinished links', fill('[a](javascript:')],
  ['unclosed fence and brackets', `\`\`\`\n${fill('[x](http://a.b/( `y` ')}`],
  ['javascript: links, every spelling', fill('[x](JaVaScRiPt:alert(1)) [y](&#106;avascript:1) [z](java\tscript:1) ')],
];

async function bundle(): Promise<string> {
  const out = (await build({
    configFile: false,
    logLevel: 'silent',
    mode: 'production',
    define: { 'process.env.NODE_ENV': '"production"' },
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
    build: { write: false, minify: true, lib: { entry: fileURLToPath(new URL('./markdown-page.ts', import.meta.url)), formats: ['iife'], name: 'bench' } },
  })) as RollupOutput[];
  return out[0]!.output[0].code;
}

const code = await bundle();
const browser = await launchBrowser();
try {
  const page = await browser.newPage();
  await page.setContent('<div style="width:300px;font:14px system-ui;white-space:pre-wrap" id="bubble"></div>');
  await page.addScriptTag({ content: code });
  console.log(`markdown in Chromium, ${ROUNDS} messages of ${LENGTH} characters each (median / p95, ms)`);
  console.log(`${'message'.padEnd(40)} ${'parse'.padStart(15)} ${'parse+draw+layout'.padStart(20)} ${'elements'.padStart(9)}`);
  for (const [name, text] of CASES) {
    const r = await page.evaluate(([t, n]) => (window as unknown as { benchMarkdown: (t: string, n: number) => { parse: number[]; draw: number[]; nodes: number } }).benchMarkdown(t, n), [text, ROUNDS] as const);
    const f = ([m, p]: number[]) => `${m!.toFixed(2)} / ${p!.toFixed(2)}`;
    console.log(`${name.padEnd(40)} ${f(r.parse).padStart(15)} ${f(r.draw).padStart(20)} ${String(r.nodes).padStart(9)}`);
  }
} finally {
  await browser.close();
}
