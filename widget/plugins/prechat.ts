// The pre-chat form as a plug-in (data-prechat): its model holds the composer's send until the
// fields are acceptable; the form draws at the end of the empty conversation. Fetched when a
// page with data-prechat opens the panel.
import css from '../ui/forms.css?inline';
import { PrechatForm } from '../ui/PrechatForm';
import { createPrechat, type Prechat } from '../state/prechat';
import type { Chunks, Plugin } from './types';

const plugin: Plugin<Prechat> = {
  css,
  setup: (host) => createPrechat({ ...host, spec: host.options.data.prechat ?? '', privacyUrl: host.options.data.privacyUrl }),
  slots: { logEnd: PrechatForm },
};

export const prechat: Chunks['prechat'] = { plugin };
