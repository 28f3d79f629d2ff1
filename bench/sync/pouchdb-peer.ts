import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../../test/support/temp-dir.ts';
import { PouchDB } from './pouchdb-modules.ts';

const entry = fileURLToPath(new URL('./serve-pouchdb.ts', import.meta.url));

/**
 * PouchDB's side of the initial-sync benchmark: express-pouchdb serves the documents from a
 * LevelDB source in a process of its own (as the reference API does for the other peers), and a
 * fresh on-disk LevelDB PouchDB (as Accredita's cache is on disk) replicates all of them over
 * loopback HTTP with PouchDB's default batching. Only the replication is timed.
 */
export async function measurePouchDbReplication(
  documents: readonly { id: string }[],
): Promise<{ seconds: number; docs: number }> {
  const dir = tempDir('pouchdb-peer');
  const documentsFile = path.join(dir.dir, 'documents.json');
  writeFileSync(documentsFile, JSON.stringify(documents));
  const serverDir = path.join(dir.dir, 'server');
  mkdirSync(serverDir);
  const child = spawn(process.execPath, [entry, serverDir, documentsFile], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const errors: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => errors.push(chunk.toString()));
  const local = new (PouchDB.defaults({ prefix: `${dir.dir}${path.sep}replica-` }))('tickets');
  try {
    const { url } = await new Promise<{ url: string }>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`express-pouchdb exited with ${code}:\n${errors.join('')}`)));
      createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line)));
    });

    const started = performance.now();
    await PouchDB.replicate(`${url}/tickets`, local);
    const seconds = (performance.now() - started) / 1000;

    const { doc_count: docs } = await local.info();
    if (docs !== documents.length) throw new Error(`PouchDB replicated ${docs} of ${documents.length} documents`);
    return { seconds, docs };
  } finally {
    await local.close();
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.stdin.end();
    });
    dir.remove();
  }
}
