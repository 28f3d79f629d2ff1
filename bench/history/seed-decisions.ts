import { rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { openDatabase } from '../../server/storage/database.ts';
import {
  BENCH_OPERATORS,
  createDecisionHistory,
  DECISION_COLUMNS,
  type DecisionHistoryOptions,
} from './decision-history.ts';

/*
 * A central API database holding a large decision history, written straight into SQLite: the
 * reference API's own path (one transaction per decision, with its ticket, audit entry and e-mail)
 * would take hours for a million. The schema is the server's (its migrations run first); only the
 * decisions, their full-text entries and the operators are written — the history query reads
 * nothing else — in one transaction with foreign keys off (there are no ticket rows), no journal,
 * and the decision indexes dropped and rebuilt from their own DDL afterwards, which is several
 * times faster than keeping them up to date row by row. The full-text index is built at the same
 * time on a second thread, in a file of its own (search-index-worker.ts), and its tables copied in.
 */

const SEARCH_BATCH = 20_000;

/** Writes the decision history into a new server database at `file`; returns the seconds taken. */
export async function seedDecisions(file: string, options: DecisionHistoryOptions): Promise<{ seconds: number }> {
  const started = performance.now();
  openDatabase(file).close();
  const db = new Database(file);
  db.pragma('foreign_keys = OFF');
  // In WAL mode the whole history would be written twice (log, then checkpoint); a throwaway
  // benchmark file needs no journal while it is filled.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  // Index builds sort in memory rather than in temporary files, on every core.
  db.pragma('temp_store = MEMORY');
  db.pragma('threads = 4');
  db.pragma('cache_size = -524288');

  const indexes = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'decisions' AND sql IS NOT NULL")
    .all() as { name: string; sql: string }[];
  const operator = db.prepare(
    'INSERT INTO operators (id, codice_fiscale, name, role, in_training) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const decision = db.prepare(
    `INSERT INTO decisions (${DECISION_COLUMNS.join(', ')}) VALUES (${DECISION_COLUMNS.map(() => '?').join(', ')})`,
  );
  const searchFile = `${file}.search`;
  rmSync(searchFile, { force: true });
  const { sql: searchDdl } = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'decision_search'").get() as {
    sql: string;
  };
  const searchWorker = new Worker(new URL('./search-index-worker.ts', import.meta.url), {
    workerData: { file: searchFile, ddl: searchDdl },
  });
  const searchDone = new Promise<void>((resolve, reject) => {
    searchWorker.once('message', () => resolve());
    searchWorker.once('error', reject);
  });

  const history = createDecisionHistory(options);
  db.transaction(() => {
    indexes.forEach(({ name }) => db.exec(`DROP INDEX ${name}`));
    BENCH_OPERATORS.forEach((o, index) =>
      operator.run(o.id, `BENCH${String(index).padStart(11, '0')}`, o.name, 'operator', o.inTraining ? 1 : 0),
    );
    operator.run('sup-bench', 'BENCHSUPERVISOR0', 'Bench Supervisor', 'supervisor', 0);
    let batch: [number, string][] = [];
    for (let seq = 1; seq <= options.decisions; seq += 1) {
      const { row, searchText } = history(seq);
      decision.run(row);
      batch.push([seq, searchText]);
      if (batch.length === SEARCH_BATCH) {
        searchWorker.postMessage(batch);
        batch = [];
      }
    }
    searchWorker.postMessage(batch);
    searchWorker.postMessage(null);
    indexes.forEach(({ sql }) => db.exec(sql));
  })();
  await searchDone;
  await searchWorker.terminate();
  // FTS5's own tables are read-only to SQL unless the connection leaves defensive mode.
  db.unsafeMode(true);
  db.exec(`ATTACH DATABASE '${searchFile.replaceAll("'", "''")}' AS search`);
  db.transaction(() => {
    for (const suffix of ['data', 'idx', 'docsize', 'config']) {
      db.exec(`DELETE FROM main.decision_search_${suffix}`);
      db.exec(`INSERT INTO main.decision_search_${suffix} SELECT * FROM search.decision_search_${suffix}`);
    }
  })();
  db.exec('DETACH DATABASE search');
  db.unsafeMode(false);
  rmSync(searchFile, { force: true });
  db.exec('ANALYZE');
  db.pragma('journal_mode = WAL');
  db.close();
  return { seconds: (performance.now() - started) / 1000 };
}
