// Erasure and retention: one visitor erased everywhere (the store's rows or keys,
// its uploaded files in the file store, local disk or S3, and the event streams of every relay),
// and the sweep that erases visitors idle for RELAY_RETENTION_DAYS and deletes uploads that old.
// Erasure stops at the relay: Kit keeps its own copy (the README says how to delete it there).
import type { FileStore } from '../uploads/file-store';
import type { Store } from '../store/types';

export interface ErasureDeps {
  store: Pick<Store, 'eraseVisitor' | 'idleVisitors' | 'takeUploadsBefore'>;
  files: Pick<FileStore, 'delete'>;
  /** Ends the visitor's event streams on every relay (the cluster's revocation). */
  revoke: (visitorId: string) => Promise<void> | void;
  /** 0 keeps everything. */
  retentionMs: number;
  now: () => number;
}

export interface Erasure {
  /** Erases the visitor; resolves with whether the store knew it. Throws when a file could not be deleted. */
  erase(visitorId: string): Promise<boolean>;
  /** Erases idle visitors and deletes uploads past retention; resolves with how many of each. */
  sweep(): Promise<{ visitors: number; uploads: number }>;
}

const BATCH = 200;

export class ErasureError extends Error {
  readonly code = 'ERASURE_INCOMPLETE';
  constructor(readonly fileIds: string[], cause: unknown) {
    super(`Could not delete ${fileIds.length} uploaded file(s) of an erased visitor.`, { cause });
    this.name = 'ErasureError';
  }
}

export function createErasure(deps: ErasureDeps): Erasure {
  const { store, files } = deps;

  /** Deletes every file, trying all of them before reporting the ones that failed. */
  async function deleteFiles(fileIds: readonly string[]): Promise<void> {
    const results = await Promise.allSettled(fileIds.map((id) => files.delete(id)));
    const failed = fileIds.filter((_, i) => results[i]!.status === 'rejected');
    const first = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (first) throw new ErasureError(failed, first.reason);
  }

  async function erase(visitorId: string): Promise<boolean> {
    const { found, fileIds } = await store.eraseVisitor(visitorId);
    // The store no longer knows the visitor, so its tokens already fail; end its open streams too.
    await deps.revoke(visitorId);
    await deleteFiles(fileIds);
    return found;
  }

  return {
    erase,
    async sweep() {
      if (deps.retentionMs <= 0) return { visitors: 0, uploads: 0 };
      const cutoff = deps.now() - deps.retentionMs;
      let visitors = 0;
      for (;;) {
        const idle = await store.idleVisitors(cutoff, BATCH);
        for (const visitorId of idle) await erase(visitorId);
        visitors += idle.length;
        if (idle.length < BATCH) break;
      }
      let uploads = 0;
      for (;;) {
        const old = await store.takeUploadsBefore(cutoff, BATCH);
        await deleteFiles(old.map((u) => u.fileId));
        uploads += old.length;
        if (old.length < BATCH) break;
      }
      return { visitors, uploads };
    },
  };
}
