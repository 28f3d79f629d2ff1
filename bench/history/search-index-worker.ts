import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/*
 * Builds the decisions' full-text index in a database of its own while the seeding thread writes
 * the decisions themselves: tokenizing is a third of the work, and SQLite lets one writer at a
 * time into a file. The seeder then copies the index's tables across (seed-decisions.ts).
 */

const { file, ddl } = workerData as { file: string; ddl: string };
const db = new Database(file);
db.pragma('journal_mode = OFF');
db.pragma('synchronous = OFF');
db.exec(ddl);
const insert = db.prepare('INSERT INTO decision_search (rowid, text) VALUES (?, ?)');
db.exec('BEGIN');
parentPort!.on('message', (batch: [number, string][] | null) => {
  if (batch) {
    for (const [rowid, text] of batch) insert.run(rowid, text);
    return;
  }
  db.exec('COMMIT');
  db.close();
  parentPort!.postMessage('done');
});
