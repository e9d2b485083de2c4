// Group commit for the SQLite store: writes queued during one turn of the event loop share
// one IMMEDIATE transaction, so one fsync (synchronous = FULL) makes them all durable, and
// each caller's promise settles only after that commit. Under load a turn holds many writes
// and the batch grows by itself; when idle a write waits for nothing but its own commit.
import type Database from 'better-sqlite3';

/** A batch this large commits at once instead of waiting for the end of the turn. */
export const GROUP_COMMIT_MAX = 512;

export interface GroupCommit {
  /** Runs `write` in the next shared transaction; resolves with its result once committed. */
  run<T>(write: () => T): Promise<T>;
  /** Commits whatever is queued now. */
  flush(): void;
  /** Commits what is queued, then refuses new writes. */
  close(): void;
}

interface Job {
  write: () => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

export function createGroupCommit(db: Database.Database, max = GROUP_COMMIT_MAX): GroupCommit {
  let queue: Job[] = [];
  let scheduled = false;
  let closed = false;

  const batch = db.transaction((jobs: Job[]) => jobs.map((job) => job.write()));
  const single = db.transaction((job: Job) => job.write());

  function flush(): void {
    scheduled = false;
    if (queue.length === 0) return;
    const jobs = queue;
    queue = [];
    let results: unknown[];
    try {
      results = batch.immediate(jobs);
    } catch {
      // Something in the batch threw and the whole batch rolled back. Rare (a constraint, a
      // full disk), so rather than a savepoint per write on the common path, each write now
      // gets its own transaction: the one at fault fails alone and the others still commit.
      for (const job of jobs) {
        try {
          job.resolve(single.immediate(job));
        } catch (err) {
          job.reject(err);
        }
      }
      return;
    }
    jobs.forEach((job, i) => job.resolve(results[i]));
  }

  return {
    run<T>(write: () => T): Promise<T> {
      if (closed) return Promise.reject(new Error('The store is closed.'));
      return new Promise<T>((resolve, reject) => {
        queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
        if (queue.length >= max) flush();
        else if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
    flush,
    close() {
      flush();
      closed = true;
    },
  };
}
