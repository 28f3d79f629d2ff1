import type Database from 'better-sqlite3';
import { cachedStatement } from '../../common/sqlite/statement-cache.ts';
import type { Db } from './database.ts';

export const prepared = (db: Db, sql: string): Database.Statement<unknown[]> => cachedStatement(db, sql);
