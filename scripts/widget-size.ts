// Where the widget's bytes go (`npm run size`): builds the widget and prints each script's gzip
// size and its modules by minified size (each minified alone: close, not exact). The budgets
// are held by test/widget/build.test.ts.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { OutputChunk } from 'rollup';
import { build, transformWithEsbuild } from 'vite';
import { widgetBuildConfig } from '../vite.config';
import { ROOT } from './import-graph';

export interface ModuleSize {
  module: string;
  minified: number;
}

export interface ChunkSize {
  name: string;
  file: string;
  bytes: number;
  gzip: number;
  modules: ModuleSize[];
}

export const gzipSize = (code: string | Buffer): number => gzipSync(code, { level: 9 }).length;

/** A module's path relative to the repository, or its package for node_modules. */
function label(id: string): string {
  const path = relative(ROOT, id.replace(/\?.*$/, ''));
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  return pkg ? pkg[1]! : path;
}

async function moduleSizes(chunk: OutputChunk): Promise<ModuleSize[]> {
  const sizes = new Map<string, number>();
  for (const [id, mod] of Object.entries(chunk.modules)) {
    if (!mod.code) continue;
    const { code } = await transformWithEsbuild(mod.code, 'module.js', { minify: true, format: 'esm', target: 'es2022', legalComments: 'none' });
    sizes.set(label(id), (sizes.get(label(id)) ?? 0) + code.length);
  }
  return [...sizes].map(([module, minified]) => ({ module, minified })).sort((a, b) => b.minified - a.minified);
}

/** Builds the widget and measures every script it writes. */
export async function measureWidget(): Promise<ChunkSize[]> {
  const outDir = mkdtempSync(join(tmpdir(), 'kitchat-size-'));
  const chunks: OutputChunk[] = [];
  const names = new Map<OutputChunk, string>();
  try {
    await build({ ...widgetBuildConfig(outDir, { onChunk: (name, chunk) => (chunks.push(chunk), names.set(chunk, name)) }), logLevel: 'warn' });
    return await Promise.all(
      chunks.map(async (chunk) => {
        const code = readFileSync(join(outDir, chunk.fileName));
        return { name: names.get(chunk)!, file: chunk.fileName, bytes: code.length, gzip: gzipSize(code), modules: await moduleSizes(chunk) };
      }),
    );
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const chunks = await measureWidget();
  for (const c of chunks) {
    console.log(`\n${c.name} (${c.file}): ${c.bytes} B, ${c.gzip} B gzip`);
    for (const m of c.modules) console.log(`  ${String(m.minified).padStart(6)} B  ${m.module}`);
  }
}

if (process.argv[1] && relative(process.argv[1], new URL(import.meta.url).pathname) === '') await main();
