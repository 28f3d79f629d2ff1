import { hkdfSync } from 'node:crypto';
import Database from 'better-sqlite3-multiple-ciphers';
import { CACHE_MIGRATIONS } from './cache-migrations.ts';

export type CacheDb = Database.Database;

export class CacheError extends Error {
  readonly code: 'CACHE_FROM_THE_FUTURE' | 'CACHE_KEY_WRONG';
  constructor(code: CacheError['code'], message: string) {
    super(message);
    this.name = 'CacheError';
    this.code = code;
  }
}

/** The cache database's own key, derived from the profile's master key so no key serves two purposes. */
export const cacheDatabaseKey = (master: Buffer): Buffer =>
  Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'accredita cache database v1', 32));

/** Where each open cache lives and its key, so a second connection (the checkpoint thread) can open it too. */
const connections = new WeakMap<CacheDb, { file: string; key: Buffer }>();

/** The file and key `db` was opened with, if it was opened by `openCacheDatabase`. */
export const cacheFileOf = (db: CacheDb): { file: string; key: Buffer } | undefined => connections.get(db);

/** A connection to an existing encrypted cache, keyed and checked, with no schema work. */
export function connectCacheDatabase(file: string, key: Buffer): CacheDb {
  if (key.length !== 32) throw new Error('the cache key must be 32 bytes');
  const db = new Database(file);
  try {
    db.pragma(`cipher='sqlcipher'`);
    db.pragma('legacy=4');
    db.pragma(`key="x'${key.toString('hex')}'"`);
    try {
      db.prepare('SELECT COUNT(*) FROM sqlite_master').get();
    } catch {
      throw new CacheError(
        'CACHE_KEY_WRONG',
        `${file} cannot be read with this workstation's key: it belongs to another profile or the key was replaced`,
      );
    }
    db.pragma('busy_timeout = 5000');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Opens the console's cache: encrypted with SQLCipher under a 32-byte key (the whole file,
 * indexes and full-text tables included), WAL, foreign keys, a busy timeout, and pending
 * migrations in one transaction. A database written by a newer console is refused, never wiped.
 */
export function openCacheDatabase(file: string, key: Buffer): CacheDb {
  const db = connectCacheDatabase(file, key);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Every page read from disk is decrypted: keep the queue's pages (~20 MB for 100,000 tickets) in memory.
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = MEMORY');
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > CACHE_MIGRATIONS.length) {
      throw new CacheError(
        'CACHE_FROM_THE_FUTURE',
        `${file} was written by a newer Accredita (schema ${current}, this version knows ${CACHE_MIGRATIONS.length}); update the console — the cache was left untouched`,
      );
    }
    db.transaction(() => {
      CACHE_MIGRATIONS.slice(current).forEach((sql) => db.exec(sql));
      db.pragma(`user_version = ${CACHE_MIGRATIONS.length}`);
    })();
    connections.set(db, { file, key: Buffer.from(key) });
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
