// Where the relay finds its built widget. Run from the sources (relay/*.ts) that is dist/widget/
// at the repository root; run from the build (dist/<entry>/*.js, dist/chunks/*.js) it is the
// sibling folder dist/widget/. The build defines __KIT_CHAT_BUILT__; the sources never see it.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

declare const __KIT_CHAT_BUILT__: boolean | undefined;

/** True in the build's output, false when run from the sources. */
export const BUILT = typeof __KIT_CHAT_BUILT__ === 'boolean' && __KIT_CHAT_BUILT__;
const HERE = dirname(fileURLToPath(import.meta.url));

/** The `dist/` folder of this package (the repository's, when run from the sources). */
export const DIST_DIR = BUILT ? join(HERE, '..') : join(HERE, '..', 'dist');
export const DEFAULT_WIDGET_DIR = join(DIST_DIR, 'widget');

/** True when `dir` holds a built widget loader. */
export function widgetBuilt(dir: string = DEFAULT_WIDGET_DIR): boolean {
  return existsSync(join(dir, 'widget.js'));
}
