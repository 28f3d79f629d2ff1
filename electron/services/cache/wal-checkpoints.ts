import { Worker } from 'node:worker_threads';
import { cacheFileOf, type CacheDb } from './cache-database.ts';
import type { CheckpointWorkerData, ToCheckpointThread } from './wal-checkpoint-worker.ts';

const WORKER_URL = new URL('./wal-checkpoint-worker.ts', import.meta.url);
/** SQLite's default: the console's own connection checkpoints once the WAL holds this many pages. */
const INLINE_CHECKPOINT_PAGES = 1000;
/** While the thread copies, the console's connection checkpoints only if the WAL grows this far (64 MiB). */
const BACKSTOP_CHECKPOINT_PAGES = 16_000;

export interface BackgroundCheckpoints {
  /** Asks for the pages committed so far to be copied into the database file; returns at once. */
  nudge(): void;
  /** The thread copies what is left, closes its connection and ends; inline checkpoints resume. */
  stop(): Promise<void>;
}

const INLINE: BackgroundCheckpoints = { nudge: () => {}, stop: () => Promise.resolve() };

/**
 * Moves WAL checkpoints off the thread that writes. A checkpoint copies each committed page from
 * the WAL into the database file, and in an encrypted cache that means decrypting, verifying and
 * encrypting every page again: on an initial sync, a quarter or more of the writer's time. A second
 * connection on a worker thread does it while the writer applies the next page (a passive
 * checkpoint never blocks a writer or a reader). If the thread cannot start or fails, the
 * console's connection checkpoints inline as before.
 */
export function startBackgroundCheckpoints(db: CacheDb): BackgroundCheckpoints {
  const opened = cacheFileOf(db);
  if (!opened) return INLINE;
  let thread: Worker;
  try {
    const data: CheckpointWorkerData = { file: opened.file, key: Uint8Array.from(opened.key) };
    thread = new Worker(WORKER_URL, { workerData: data });
  } catch {
    return INLINE;
  }
  // A thread that only copies pages must not keep the app, or a CLI run, alive.
  thread.unref();
  db.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
  let stopping = false;
  // Messages wait in the thread's port until it has opened its connection.
  const tell = (message: ToCheckpointThread) => thread.postMessage(message);
  const ended = new Promise<void>((resolve) => {
    // An error is followed by 'exit'; either way the console's connection takes the checkpoints back.
    thread.on('error', () => {});
    thread.once('exit', () => {
      if (db.open) db.pragma(`wal_autocheckpoint = ${INLINE_CHECKPOINT_PAGES}`);
      resolve();
    });
  });

  return {
    nudge() {
      if (!stopping) tell('checkpoint');
    },
    stop() {
      if (!stopping) {
        stopping = true;
        // Whoever waits for the last copy keeps the process up until it is done.
        thread.ref();
        tell('stop');
      }
      return ended;
    },
  };
}
