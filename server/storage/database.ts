import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.ts';

export type Db = Database.Database;

export class DatabaseFromTheFutureError extends Error {
  constructor(file: string, found: number, known: number) {
    super(
      `${file} has schema version ${found}, newer than this server knows (${known}). Upgrade the server; the database was not modified.`,
    );
    this.name = 'DatabaseFromTheFutureError';
  }
}

/**
 * Opens the server database: WAL for concurrent readers, foreign keys on, a busy timeout so a
 * second process waits instead of failing, and every pending migration in one transaction.
 */
export function openDatabase(file: string): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  try {
    migrate(db, file);
  } catch (error) {
    db.close();
    throw error;
  }
  // The history's query plans depend on the planner knowing which index is selective: refresh the
  // statistics of tables that changed a lot, reading a bounded sample (SQLite's advice for long-lived connections).
  db.pragma('analysis_limit = 1000');
  db.pragma('optimize = 0x10002');
  return db;
}

export function migrate(db: Db, file = 'database'): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) throw new DatabaseFromTheFutureError(file, current, MIGRATIONS.length);
  db.transaction(() => {
    MIGRATIONS.slice(current).forEach((sql) => db.exec(sql));
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  })();
}
