// Builds the widget into dist/widget/: first the plug-in chunks (widget/chunks/: languages, the
// attachment composer, …), then the app chunk, which gets their names, then the loader widget.js
// (what site owners embed), which gets the app's name, and kit-chat.d.ts, the types of the
// KitChat global. All classic IIFE scripts, hashed but the loader.
import { createHash } from 'node:crypto';
import { readdirSync, renameSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, defineConfig, type InlineConfig, type Plugin } from 'vite';
import type { OutputChunk, RollupOutput } from 'rollup';
import { kitChatDeclarations } from './scripts/kit-chat-types';
import { HANDOFF } from './widget/loader/handoff';
import { SHARED_MODULES } from './widget/plugins/shared';

const ROOT = fileURLToPath(new URL('.', import.meta.url));
export const WIDGET_OUT_DIR = `${ROOT}dist/widget`;

/** Plug-in chunks, one per file in widget/chunks/, fetched by name (widget/plugins/registry.ts). */
const CHUNKS = readdirSync(`${ROOT}widget/chunks`)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => file.slice(0, -3));

/**
 * Modules a chunk takes from the app rather than bundling its own copy (one Preact, one signals
 * runtime): the app lends them on the script's handoff (widget/loader/handoff.ts), and a chunk
 * may import only the bindings widget/plugins/shared.ts lists.
 */
const SHARED: Record<string, { global: string; bindings: string[] }> = Object.fromEntries(
  Object.entries(SHARED_MODULES).map(([id, bindings]) => [
    id,
    { global: `document.currentScript[Symbol.for(${JSON.stringify(HANDOFF.description)})].m[${JSON.stringify(id)}]`, bindings: Object.keys(bindings) },
  ]),
);

interface BuildOptions {
  emptyOutDir?: boolean;
  sourcemap?: boolean;
  shared?: boolean;
  define?: Record<string, string>;
}

/** What a widget build can tell its caller: each script it wrote, by name, with rollup's module list. */
export interface WidgetBuildOptions {
  sourcemap?: boolean;
  onChunk?: (name: string, chunk: OutputChunk) => void;
}

function base(outDir: string, entry: string, fileName: string, options: BuildOptions = {}): InlineConfig {
  const shared = options.shared ? SHARED : {};
  return {
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    publicDir: false,
    mode: 'production',
    // Production code whatever NODE_ENV the caller runs with (vitest sets "test", which would
    // otherwise switch JSX to the dev runtime with source paths).
    define: { 'process.env.NODE_ENV': '"production"', ...options.define },
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact', jsxDev: false, legalComments: 'none' },
    build: {
      outDir,
      emptyOutDir: options.emptyOutDir ?? false,
      target: 'es2022',
      // terser packs the scripts about 3% tighter (gzip) than esbuild's minifier.
      minify: 'terser',
      terserOptions: { ecma: 2020, toplevel: true, compress: { passes: 2 }, format: { comments: false } },
      modulePreload: false,
      sourcemap: options.sourcemap ?? false,
      reportCompressedSize: false,
      rollupOptions: {
        input: `${ROOT}${entry}`,
        external: Object.keys(shared),
        output: {
          format: 'iife',
          compact: true,
          generatedCode: { preset: 'es2015', symbols: false },
          freeze: false,
          entryFileNames: fileName,
          globals: Object.fromEntries(Object.entries(shared).map(([id, s]) => [id, s.global])),
        },
      },
    },
  };
}

const entryOf = (result: RollupOutput): OutputChunk => {
  const entry = result.output.find((item): item is OutputChunk => item.type === 'chunk' && item.isEntry);
  if (!entry) throw new Error('a widget build produced no entry');
  return entry;
};

/** Builds one lazy chunk and checks it imports from the app only what the app hands over. */
async function lazyChunk(outDir: string, name: string, index: number, report: WidgetBuildOptions): Promise<OutputChunk> {
  // No source maps here: the file is renamed to the shared hash after the build.
  const options = { emptyOutDir: index === 0, shared: true };
  const entry = entryOf((await build(base(outDir, `widget/chunks/${name}.ts`, `${name}-[hash].js`, options))) as RollupOutput);
  for (const [id, names] of Object.entries(entry.importedBindings)) {
    const missing = names.filter((n) => !SHARED[id]?.bindings.includes(n));
    if (missing.length) throw new Error(`chunk ${name} imports ${missing.join(', ')} from ${id}, which the app does not share`);
  }
  return entry;
}

/**
 * Builds the lazy chunks and the app chunk before the loader and tells the loader the app's file
 * name. The chunks share one hash, of all their contents, so the app finds each by its name
 * alone (`<name>-<hash>.js`) instead of carrying a table of file names in its first-open bytes.
 */
function appChunk(outDir: string, report: WidgetBuildOptions): Plugin {
  return {
    name: 'kitchat-app-chunk',
    apply: 'build',
    async config() {
      const chunks: Record<string, OutputChunk> = {};
      for (const [i, name] of CHUNKS.entries()) chunks[name] = await lazyChunk(outDir, name, i, report);
      const hash = createHash('sha256').update(Object.values(chunks).map((c) => c.fileName).join()).digest('base64url').slice(0, 10);
      for (const [name, chunk] of Object.entries(chunks)) {
        const fileName = `${name}-${hash}.js`;
        renameSync(`${outDir}/${chunk.fileName}`, `${outDir}/${fileName}`);
        report.onChunk?.(name, { ...chunk, fileName });
      }
      const define = { __KITCHAT_CHUNK_HASH__: JSON.stringify(hash) };
      const app = entryOf((await build(base(outDir, 'widget/app-entry.ts', 'app-[hash].js', { sourcemap: report.sourcemap, define }))) as RollupOutput);
      report.onChunk?.('app', app);
      return { define: { __KITCHAT_APP__: JSON.stringify(app.fileName) } };
    },
    generateBundle(_options, bundle) {
      const loader = Object.values(bundle).find((item): item is OutputChunk => item.type === 'chunk' && item.isEntry);
      if (loader) report.onChunk?.('loader', loader);
      this.emitFile({ type: 'asset', fileName: 'kit-chat.d.ts', source: kitChatDeclarations() });
    },
  };
}

/** `report.onChunk` is for size analysis (scripts/widget-size.ts): which module takes how many bytes. */
export function widgetBuildConfig(outDir = WIDGET_OUT_DIR, report: WidgetBuildOptions = {}): InlineConfig {
  return { ...base(outDir, 'widget/main.ts', 'widget.js', { sourcemap: report.sourcemap }), plugins: [appChunk(outDir, report)] };
}

export default defineConfig(widgetBuildConfig());
