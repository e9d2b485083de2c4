// Attachments as the rest of the widget sees them: the uploads model, which arrives with the
// attachment plug-in the first time the visitor attaches a file (or when an attachment was left
// unsent by the last page, so its note can be shown). Holds the model only, never its UI.
import { signal } from '@preact/signals';
import type { UploadResponse } from '../../protocol/relay-api';
import type { KeyValueStore } from '../util/storage';
import { DRAFTS_KEY, type Uploads } from './uploads';

export type Attachments = ReturnType<typeof createAttachments>;

export function createAttachments(deps: {
  store: KeyValueStore;
  /** Fetches the attachment plug-in (once) and gives its uploads model. */
  load: () => Promise<Uploads>;
  /** Attaching is a reason to be connected: starts the session and the stream. */
  activate: () => void;
  onError: (error: unknown) => void;
}) {
  const uploads = signal<Uploads | null>(null);
  const prepare = () => deps.load().then((u) => (uploads.value = u));
  return {
    uploads,
    /** Fetches the plug-in ahead of need (the file picker is open). */
    prepare: () => void prepare().catch(deps.onError),
    /** Files picked, dropped or pasted: checked, then uploaded. */
    add(files: File[]): void {
      deps.activate();
      if (files.length) prepare().then((u) => u.add(files), deps.onError);
    },
    /** At start: an attachment was waiting when the last page closed. */
    resume(): void {
      if (deps.store.get(DRAFTS_KEY)) void prepare().catch(deps.onError);
    },
    /**
     * Hands `send` the uploaded files with the text, once none is still uploading; the composer's
     * list empties when the message is taken.
     */
    submit(text: string, send: (text: string, files: UploadResponse[]) => boolean): boolean {
      const u = uploads.value;
      if (u?.isBusy.value) return false;
      if (!send(text, u?.done() ?? [])) return false;
      u?.take();
      return true;
    },
    clear: () => uploads.value?.clear(),
  };
}
