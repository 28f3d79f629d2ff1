/**
 * Child-process entry: express-pouchdb serving a LevelDB database in `argv[2]` loaded with the
 * JSON array of documents in `argv[3]`; prints one JSON line `{url}` and serves until its
 * standard input closes.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expressPouchDb, PouchDB } from './pouchdb-modules.ts';

/** Documents per `bulkDocs` call while filling the source; loading is not timed. */
const LOAD_BATCH = 1000;

const [dir, documentsFile] = process.argv.slice(2);
if (!dir || !documentsFile) {
  process.stderr.write('usage: serve-pouchdb.ts <dir> <documents.json>\n');
  process.exit(2);
}
// Every database named by the server lives in `dir`.
const Pouch = PouchDB.defaults({ prefix: `${dir}${path.sep}` });
const documents = JSON.parse(readFileSync(documentsFile, 'utf8')) as { id: string }[];
const source = new Pouch('tickets');
for (let from = 0; from < documents.length; from += LOAD_BATCH) {
  const batch = documents.slice(from, from + LOAD_BATCH).map((doc) => ({ _id: doc.id, ...doc }));
  const failed = (await source.bulkDocs(batch)).find((result) => 'error' in result);
  if (failed) throw new Error(`loading the source failed: ${JSON.stringify(failed)}`);
}
await source.close();

// The minimal mode leaves out config and log files, which would land in the working directory.
const server = createServer(expressPouchDb(Pouch, { mode: 'minimumForPouchDB' }));
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })}\n`);
});
process.stdin.resume();
process.stdin.on('end', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
