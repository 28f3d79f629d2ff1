/**
 * Thread entry: a second connection to the cache that copies committed WAL pages into the
 * database file when asked (wal-checkpoints.ts says why), and once more before it closes. On any
 * failure it closes and ends: the pages stay in the WAL, where the console's connection reads them
 * and, its inline checkpoints back, later copies them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { connectCacheDatabase } from './cache-database.ts';

export interface CheckpointWorkerData {
  file: string;
  key: Uint8Array;
}

export type ToCheckpointThread = 'checkpoint' | 'stop';

/**
 * Requests within this long share one checkpoint: pages written again by the next commits (index
 * and tree pages) are then copied, decrypted and encrypted once rather than once per commit.
 */
const GATHER_MS = 100;

const port = parentPort!;
const { file, key } = workerData as CheckpointWorkerData;

const db = connectCacheDatabase(file, Buffer.from(key));
// A checkpoint copies frames without the page cache; its syncs are the console connection's.
db.pragma('cache_size = -1024');
db.pragma('synchronous = NORMAL');
let gathering: NodeJS.Timeout | undefined;

function checkpoint(last: boolean): void {
  clearTimeout(gathering);
  gathering = undefined;
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
    if (!last) return;
  } catch {
    // Ends the thread below; the console's connection takes the checkpoints back.
  }
  db.close();
  port.close();
}

port.on('message', (message: ToCheckpointThread) => {
  if (message === 'stop') checkpoint(true);
  else gathering ??= setTimeout(() => checkpoint(false), GATHER_MS);
});
