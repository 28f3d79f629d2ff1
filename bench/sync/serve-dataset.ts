/**
 * Child-process entry: builds the sync dataset in `argv[2]` with `argv[3]` tickets, prints one
 * JSON line `{url, token}`, and serves until its standard input closes.
 */
import { createSyncDataset } from './dataset.ts';

const [dir, count] = process.argv.slice(2);
const tickets = Number(count);
if (!dir || !Number.isInteger(tickets) || tickets < 1) {
  process.stderr.write('usage: serve-dataset.ts <dir> <tickets>\n');
  process.exit(2);
}
const dataset = await createSyncDataset(dir, tickets);
process.stdout.write(`${JSON.stringify({ url: dataset.server.url, token: dataset.token })}\n`);
process.stdin.resume();
process.stdin.on('end', () => void dataset.close().then(() => process.exit(0)));
