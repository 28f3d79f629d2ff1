const caches = new WeakMap<object, Map<string, unknown>>();

/**
 * The prepared statement for this SQL text on this connection, prepared once: preparing costs
 * more than running a statement on a hot path. Works with any better-sqlite3-like connection.
 */
export function cachedStatement<S>(db: { prepare(sql: string): unknown }, sql: string): S {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = db.prepare(sql)));
  return statement as S;
}
