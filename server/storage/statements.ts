import type Database from 'better-sqlite3';
import type { Db } from './database.ts';

type Statement = Database.Statement<unknown[]>;
const caches = new WeakMap<Db, Map<string, Statement>>();

/**
 * A prepared statement for this SQL text on this database, prepared once: preparing costs more
 * than running a statement on the request path.
 */
export function prepared(db: Db, sql: string): Statement {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = db.prepare(sql)));
  return statement;
}
