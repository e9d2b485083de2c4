// Run before `npm run relay` and `npm run kit-simulator`, which run the compiled output: builds
// dist/ when it is missing or older than the sources, so a fresh clone works and /widget.js is
// never a silent 404; without the build tools (a production-only install) it says what to run.
// Plain JavaScript, since it must run before anything is compiled.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = join(ROOT, 'dist', '.build-stamp');
const SOURCES = ['cli', 'relay', 'protocol', 'widget', 'demo/kit-simulator', 'scripts/build.ts', 'scripts/declarations.ts', 'vite.config.ts', 'package.json'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

const built = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0;
const changed = () => SOURCES.some((source) => newestMtime(join(ROOT, source)) > built);
const stale = built === 0 ? 'dist/ has not been built' : changed() ? 'the sources changed since the last build' : '';
if (stale) {
  if (!existsSync(join(ROOT, 'node_modules', 'vite')) || !existsSync(join(ROOT, 'node_modules', 'tsx'))) {
    process.stderr.write(`Cannot start: ${stale}, and the build tools are not installed.\nRun: npm ci && npm run build\n`);
    process.exit(1);
  }
  process.stderr.write(`Building first (${stale})…\n`);
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write('The build failed; see above.\n');
    process.exit(1);
  }
}
