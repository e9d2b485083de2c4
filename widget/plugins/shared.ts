// The app's modules a plug-in chunk uses instead of bundling its own copy, so there is one
// Preact, one hooks state and one signals runtime. Keyed by module id: vite.config.ts reads this
// list to build the chunks, and refuses a chunk that imports anything else from these modules.
import { Fragment } from 'preact';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { jsx, jsxs } from 'preact/jsx-runtime';
import { computed, effect, signal } from '@preact/signals';

export const SHARED_MODULES = {
  preact: { Fragment },
  'preact/hooks': { useEffect, useLayoutEffect, useRef },
  'preact/jsx-runtime': { jsx, jsxs, Fragment },
  '@preact/signals': { computed, effect, signal },
};
