// Attachments as the rest of the widget sees them: the composer's uploads model, which arrives
// with the attachment chunk the first time the visitor attaches a file (or when an attachment
// was left unsent by the last page, so its note can be shown).
import { signal } from '@preact/signals';
import type { Chunks, LoadChunk } from '../lazy/types';
import type { Transport } from '../transport/types';
import type { KeyValueStore } from '../util/storage';
import type { Session } from './session';
import { DRAFTS_KEY, type Uploads } from './uploads';

export function createAttachments(deps: {
  win: Window;
  transport: Transport;
  session: Session;
  store: KeyValueStore;
  loadChunk: LoadChunk;
  adoptCss?: (css: string) => void;
  onError: (error: unknown) => void;
}) {
  const uploads = signal<Uploads | null>(null);
  const chunk = signal<Chunks['attach'] | null>(null);
  let loading: Promise<Uploads> | null = null;
  /** Fetches the attachment composer once; a failure lets the next attempt try again. */
  const prepare = () =>
    (loading ??= deps.loadChunk('attach').then(
      (mod) => {
        deps.adoptCss?.(mod.css);
        uploads.value = mod.createUploads({ ...deps, limits: deps.session.limits });
        chunk.value = mod;
        return uploads.value;
      },
      (error) => {
        loading = null;
        throw error;
      },
    ));
  return {
    uploads,
    chunk,
    prepare: () => void prepare().catch(deps.onError),
    add(files: File[]): void {
      if (files.length) prepare().then((u) => u.add(files), deps.onError);
    },
    /** At start: an attachment was waiting when the last page closed. */
    resume(): void {
      if (deps.store.get(DRAFTS_KEY)) void prepare().catch(deps.onError);
    },
  };
}
