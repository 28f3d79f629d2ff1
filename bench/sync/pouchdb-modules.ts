import type { RequestListener } from 'node:http';
import { createRequire } from 'node:module';

// The few PouchDB calls used here, typed locally: @types/pouchdb references lib "dom" globally,
// which breaks Buffer typing elsewhere in the project, and express-pouchdb ships no types.
export interface PouchDatabase {
  bulkDocs(docs: object[]): Promise<({ ok: true; id: string } | { error: true; id: string; message: string })[]>;
  info(): Promise<{ doc_count: number }>;
  close(): Promise<void>;
}
export interface PouchStatic {
  new (name: string): PouchDatabase;
  defaults(options: { prefix: string }): PouchStatic;
  /** Settles once the one-off replication has completed. */
  replicate(source: string, target: PouchDatabase): Promise<unknown>;
}
const require = createRequire(import.meta.url);
export const PouchDB = require('pouchdb') as PouchStatic;
export const expressPouchDb = require('express-pouchdb') as (
  pouchDb: PouchStatic,
  options: { mode: 'minimumForPouchDB' },
) => RequestListener;
