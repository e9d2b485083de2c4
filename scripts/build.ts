// `npm run build`: everything a production install runs, in dist/.
//   dist/widget/     the widget (vite.config.ts), served by the relay at /widget.js
//   dist/relay/      `kit-chat/relay`       dist/simulator/  `kit-chat/simulator` (+ console/)
//   dist/cli/        the `kit-chat` bin     dist/embed/      `kit-chat/widget` (loadKitChat)
//   dist/chunks/     code those share       dist/types/      declarations for each export
// The server side is bundled with Vite in SSR mode (dependencies stay imports), because the
// sources use extensionless relative imports that Node's ESM loader cannot run as they are.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build } from 'vite';
import { widgetBuildConfig } from '../vite.config';
import { emitDeclarations } from './declarations';
import { ROOT } from './import-graph';

const DIST = join(ROOT, 'dist');

/** Entry points of the Node build: output name (under dist/) → source. */
export const SERVER_ENTRIES: Record<string, string> = {
  'relay/index': 'relay/index.ts',
  'simulator/index': 'demo/kit-simulator/simulator.ts',
  'cli/bin': 'cli/bin.ts',
  'embed/index': 'widget/load-kit-chat.ts',
};

/** Declarations for each package export: source entry → name under dist/types/. */
export const TYPE_ENTRIES = ['relay/index.ts', 'demo/kit-simulator/simulator.ts', 'widget/load-kit-chat.ts'];

async function buildServer(version: string, dependencies: string[]): Promise<void> {
  const external = new RegExp(`^(node:|(${[...dependencies, ...builtinModules].map(escape).join('|')})(/|$))`);
  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    publicDir: false,
    mode: 'production',
    define: { __KIT_CHAT_BUILT__: 'true', __KIT_CHAT_VERSION__: JSON.stringify(version) },
    build: {
      ssr: true,
      outDir: DIST,
      emptyOutDir: false,
      target: 'node20',
      minify: false,
      sourcemap: false,
      reportCompressedSize: false,
      rollupOptions: {
        input: Object.fromEntries(Object.entries(SERVER_ENTRIES).map(([name, source]) => [name, join(ROOT, source)])),
        external: (id) => external.test(id),
        output: {
          format: 'es',
          entryFileNames: '[name].js',
          chunkFileNames: 'chunks/[name]-[hash].js',
          banner: (chunk) => (chunk.name === 'cli/bin' ? '#!/usr/bin/env node' : ''),
        },
      },
    },
  });
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

async function main(): Promise<void> {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };
  const started = performance.now();
  rmSync(DIST, { recursive: true, force: true });
  await build(widgetBuildConfig());
  await buildServer(pkg.version, Object.keys(pkg.dependencies));
  cpSync(join(ROOT, 'demo/kit-simulator/console'), join(DIST, 'simulator/console'), { recursive: true });
  emitDeclarations(TYPE_ENTRIES, join(DIST, 'types'));
  writeFileSync(join(DIST, '.build-stamp'), `${new Date().toISOString()}\n`);
  process.stdout.write(`Built dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

await main();
