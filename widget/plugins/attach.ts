// The attachment composer as a plug-in: the uploads model (checks, uploads with progress), the
// list of files waiting to be sent in the composer's slot, its styles, and the XHR uploader.
import { createUploads, type Uploads } from '../state/uploads';
import { uploadFile } from '../transport/upload';
import css from '../ui/attach.css?inline';
import { Drafts } from '../ui/Drafts';
import type { Chunks, Plugin } from './types';

const plugin: Plugin<Uploads> = {
  css,
  setup: (host) => createUploads(host),
  slots: { composer: Drafts },
};

export const attach: Chunks['attach'] = { plugin, uploadFile };
