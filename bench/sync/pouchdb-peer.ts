import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { tempDir } from '../../test/support/temp-dir.ts';

// The few PouchDB calls used here, typed locally: @types/pouchdb references lib "dom" globally,
// which breaks Buffer typing elsewhere in the project, and express-pouchdb ships no types.
interface PouchDatabase {
  bulkDocs(docs: object[]): Promise<({ ok: true; id: string } | { error: true; id: string; message: string })[]>;
  info(): Promise<{ doc_count: number }>;
  close(): Promise<void>;
}
interface PouchStatic {
  new (name: string): PouchDatabase;
  defaults(options: { prefix: string }): PouchStatic;
  /** Settles once the one-off replication has completed. */
  replicate(source: string, target: PouchDatabase): Promise<unknown>;
}
const require = createRequire(import.meta.url);
const PouchDB = require('pouchdb') as PouchStatic;
const expressPouchDb = require('express-pouchdb') as (
  pouchDb: PouchStatic,
  options: { mode: 'minimumForPouchDB' },
) => RequestListener;

/** Documents per `bulkDocs` call while filling the source; loading is not timed. */
const LOAD_BATCH = 1000;

async function listen(handler: RequestListener) {
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/**
 * PouchDB's side of the initial-sync benchmark: express-pouchdb serves the documents from a
 * LevelDB source on loopback, and a fresh on-disk LevelDB PouchDB (as Accredita's cache is on
 * disk) replicates all of them over HTTP with PouchDB's default batching. Only the replication
 * is timed. Both ends run in this process, as the reference API does for the other peers.
 */
export async function measurePouchDbReplication(
  documents: readonly { id: string }[],
): Promise<{ seconds: number; docs: number }> {
  const dir = tempDir('pouchdb-peer');
  // Every database named by the server or the replica lives in the temp folder.
  const Pouch = PouchDB.defaults({ prefix: `${dir.dir}${path.sep}` });
  // The minimal mode leaves out config and log files, which would land in the working directory.
  const http = await listen(expressPouchDb(Pouch, { mode: 'minimumForPouchDB' }));
  const source = new Pouch('tickets');
  const local = new Pouch('replica');
  try {
    for (let from = 0; from < documents.length; from += LOAD_BATCH) {
      const batch = documents.slice(from, from + LOAD_BATCH).map((doc) => ({ _id: doc.id, ...doc }));
      const results = await source.bulkDocs(batch);
      const failed = results.find((result) => 'error' in result);
      if (failed) throw new Error(`loading the source failed: ${JSON.stringify(failed)}`);
    }

    const started = performance.now();
    await PouchDB.replicate(`${http.url}/tickets`, local);
    const seconds = (performance.now() - started) / 1000;

    const { doc_count: docs } = await local.info();
    if (docs !== documents.length) throw new Error(`PouchDB replicated ${docs} of ${documents.length} documents`);
    return { seconds, docs };
  } finally {
    await local.close();
    await source.close();
    await http.close();
    dir.remove();
  }
}
