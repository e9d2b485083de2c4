// Attachments in the composer before they are sent: checked in the browser (size, type),
// uploaded at once with progress, cancellable and retryable. Kept in memory only; a
// marker in storage lets the next page say that an unsent attachment was lost. Ships in the
// attachment plug-in (plugins/attach.ts).
import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { AttachmentKind, ClientLimits, UploadResponse } from '../../protocol/relay-api';
import { isTransportError } from '../transport/errors';
import type { Transport } from '../transport/types';
import { kindOf, typeAllowed } from '../util/files';
import type { KeyValueStore } from '../util/storage';
import type { WithToken } from './with-token';

export const MAX_DRAFTS = 10;
/** Storage key of the marker that drafts exist (see attachments.ts). */
export const DRAFTS_KEY = 'drafts';

export type DraftError = 'refusedSize' | 'refusedType' | 'uploadFailed';
export type UploadNotice = { code: 'tooBig' | 'badType'; name: string } | { code: 'tooMany' | 'lost' };

export interface Draft {
  key: number;
  file: File;
  kind: AttachmentKind;
  /** An object URL for image thumbnails; revoked when the draft goes. */
  preview?: string;
  state: 'uploading' | 'done' | 'failed';
  /** 0..1 */
  progress: number;
  error?: DraftError;
  uploaded?: UploadResponse;
}

export type Uploads = ReturnType<typeof createUploads>;

export function createUploads(deps: {
  win: Window;
  transport: Pick<Transport, 'uploadFile'>;
  withToken: WithToken;
  store: KeyValueStore;
  limits: ReadonlySignal<ClientLimits>;
}) {
  const { win, transport, store } = deps;
  const drafts = signal<Draft[]>([]);
  const notice = signal<UploadNotice | null>(store.get(DRAFTS_KEY) ? { code: 'lost' } : null);
  store.remove(DRAFTS_KEY);
  const isBusy = computed(() => drafts.value.some((d) => d.state !== 'done'));
  const controllers = new Map<number, AbortController>();
  let nextKey = 1;

  const patch = (key: number, change: Partial<Draft>) => {
    drafts.value = drafts.value.map((d) => (d.key === key ? { ...d, ...change } : d));
  };
  const setDrafts = (list: Draft[]) => {
    drafts.value = list;
    if (list.length) store.set(DRAFTS_KEY, list.length);
    else store.remove(DRAFTS_KEY);
  };
  const release = (d: Draft) => {
    controllers.get(d.key)?.abort();
    controllers.delete(d.key);
    if (d.preview) (win as Window & typeof globalThis).URL.revokeObjectURL(d.preview);
  };

  async function upload(key: number, file: File): Promise<void> {
    const controller = new AbortController();
    controllers.set(key, controller);
    patch(key, { state: 'uploading', progress: 0, error: undefined });
    const options = { signal: controller.signal, onProgress: (loaded: number, total: number) => patch(key, { progress: total ? loaded / total : 0 }) };
    try {
      const uploaded = await deps.withToken((token) => transport.uploadFile(token, file, options));
      if (!controller.signal.aborted) patch(key, { state: 'done', progress: 1, uploaded });
    } catch (error) {
      if (controller.signal.aborted) return; // cancelled: the draft is already gone
      const status = isTransportError(error) ? error.status : 0;
      patch(key, { state: 'failed', error: status === 413 ? 'refusedSize' : status === 415 ? 'refusedType' : 'uploadFailed' });
    } finally {
      if (controllers.get(key) === controller) controllers.delete(key);
    }
  }

  return {
    drafts,
    notice,
    isBusy,
    limits: deps.limits,
    /** The files uploaded so far, for the message being written. */
    done: () => drafts.value.filter((d) => d.uploaded).map((d) => d.uploaded!),
    /** Checks and starts uploading files; refused ones are named in `notice`, nothing is sent for them. */
    add(files: Iterable<File>): void {
      const { uploadMaxBytes, uploadTypes } = deps.limits.value;
      notice.value = null;
      const added: Draft[] = [];
      for (const file of files) {
        if (drafts.value.length + added.length >= MAX_DRAFTS) {
          notice.value = { code: 'tooMany' };
          break;
        }
        if (file.size > uploadMaxBytes) notice.value = { code: 'tooBig', name: file.name };
        else if (!typeAllowed(uploadTypes, file)) notice.value = { code: 'badType', name: file.name };
        else {
          const kind = kindOf(file.type);
          let preview: string | undefined;
          try {
            if (kind === 'image') preview = (win as Window & typeof globalThis).URL.createObjectURL(file);
          } catch {
            /* no thumbnail: the name is shown */
          }
          added.push({ key: nextKey++, file, kind, preview, state: 'uploading', progress: 0 });
        }
      }
      if (!added.length) return;
      setDrafts([...drafts.value, ...added]);
      for (const d of added) void upload(d.key, d.file);
    },
    /** Removes a draft; one still uploading is cancelled. */
    remove(key: number): void {
      const d = drafts.value.find((x) => x.key === key);
      if (!d) return;
      release(d);
      setDrafts(drafts.value.filter((x) => x !== d));
    },
    retry(key: number): void {
      const d = drafts.value.find((x) => x.key === key);
      if (d?.state === 'failed') void upload(key, d.file);
    },
    dismissNotice: () => void (notice.value = null),
    /** Hands over the uploaded files for a message and empties the composer's list. */
    take(): UploadResponse[] {
      const done = this.done();
      drafts.value.forEach(release);
      setDrafts([]);
      return done;
    },
    clear(): void {
      drafts.value.forEach(release);
      setDrafts([]);
      notice.value = null;
    },
  };
}
