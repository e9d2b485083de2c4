// Builds the widget into dist/widget/: first the app chunk (hashed name, classic IIFE script),
// then the loader widget.js (classic IIFE, what site owners embed), which gets the chunk's name.
import { fileURLToPath } from 'node:url';
import { build, defineConfig, type InlineConfig, type Plugin } from 'vite';
import type { RollupOutput } from 'rollup';

const ROOT = fileURLToPath(new URL('.', import.meta.url));
export const WIDGET_OUT_DIR = `${ROOT}dist/widget`;

function base(outDir: string, entry: string, fileName: string, emptyOutDir: boolean, sourcemap = false): InlineConfig {
  return {
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    publicDir: false,
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact', legalComments: 'none' },
    build: {
      outDir,
      emptyOutDir,
      target: 'es2022',
      modulePreload: false,
      sourcemap,
      reportCompressedSize: false,
      rollupOptions: { input: `${ROOT}${entry}`, output: { format: 'iife', entryFileNames: fileName } },
    },
  };
}

/** Builds the app chunk before the loader and tells the loader its hashed file name. */
function appChunk(outDir: string, sourcemap: boolean): Plugin {
  return {
    name: 'kitchat-app-chunk',
    apply: 'build',
    async config() {
      const result = (await build(base(outDir, 'widget/app-entry.ts', 'app-[hash].js', true, sourcemap))) as RollupOutput;
      const entry = result.output.find((item) => item.type === 'chunk' && item.isEntry);
      if (!entry) throw new Error('the app chunk build produced no entry');
      return { define: { __KITCHAT_APP__: JSON.stringify(entry.fileName) } };
    },
  };
}

/** `sourcemap` is for size analysis: which module takes how many bytes of the bundle. */
export function widgetBuildConfig(outDir = WIDGET_OUT_DIR, sourcemap = false): InlineConfig {
  return { ...base(outDir, 'widget/main.ts', 'widget.js', false, sourcemap), plugins: [appChunk(outDir, sourcemap)] };
}

export default defineConfig(widgetBuildConfig());
