import type Database from 'better-sqlite3-multiple-ciphers';
import { cachedStatement } from '../../../common/sqlite/statement-cache.ts';
import type { CacheDb } from './cache-database.ts';

export const prepared = (db: CacheDb, sql: string): Database.Statement<unknown[]> => cachedStatement(db, sql);
