import { startSyncDatasetProcess } from '../sync/dataset-process.ts';
import { measurePouchDbReplication } from '../sync/pouchdb-peer.ts';
import { measureQueries } from '../sync/query-cache.ts';
import { measureRawLimit } from '../sync/raw-limit.ts';
import type { Benchmark } from '../harness.ts';
import { OPERATORS } from '../../test/support/api-fixture.ts';
import { startChaosProxy } from '../../test/support/chaos-proxy.ts';
import { startConsole } from '../../test/support/console-fixture.ts';
import { tempDir } from '../../test/support/temp-dir.ts';

const TICKETS = 10_000;
const FLUSH = 1000;
const seconds = (since: number) => Math.round((performance.now() - since) / 10) / 100;

/**
 * Resolves once the console's latest status event says it has pulled and is caught up. Watching its
 * events every millisecond, rather than asking `sync.status` every 50 ms, keeps the polling
 * interval out of the time measured.
 */
async function caughtUp(console: ReturnType<typeof startConsole>, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const last = console.statuses.findLast((event) => event.type === 'status');
    if (last?.type === 'status' && last.status.online && last.status.phase === 'idle' && last.status.lastSyncAt) {
      return;
    }
    if (performance.now() > deadline) throw new Error(`no initial sync within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/**
 * Initial sync of 10,000 tickets into a fresh console (time from start to caught up), side by side
 * with PouchDB replicating the same documents from express-pouchdb and with the raw limit; then
 * 1,000 decisions recorded offline and flushed on reconnection; then queue queries over 100,000.
 */
export const sync: Benchmark = {
  name: 'sync',
  description:
    'initial sync of 10,000 tickets vs PouchDB and the raw limit; flush of 1,000 decisions; queries over 100,000',
  async run() {
    const dir = tempDir('sync-bench');
    const dataset = await startSyncDatasetProcess(dir.dir, TICKETS);
    const proxy = await startChaosProxy(dataset.url, { seed: 1 });
    const operatorId = OPERATORS[0]!.id;
    try {
      // Every peer reads the same API on loopback directly; the proxy only stages the outage below.
      let started = performance.now();
      const first = startConsole({ apiUrl: dataset.url, token: dataset.token, operatorId });
      await caughtUp(first, 120_000);
      const accredita = seconds(started);
      await first.close();

      // The same profile, offline behind the proxy, records 1,000 decisions.
      proxy.setOffline(true);
      const offline = startConsole({
        apiUrl: proxy.url,
        token: dataset.token,
        operatorId,
        profileDir: first.profileDir,
      });
      await offline.until((s) => s.online === false, 30_000);
      const ids = dataset.documents.slice(0, FLUSH).map((ticket) => ticket.id);
      for (const ticketId of ids) await offline.call('decisions.submit', { ticketId, action: 'SEND_FORM' });
      await offline.close();
      // Back online: reopened, it flushes its outbox on loopback (console start-up included in the time).
      started = performance.now();
      const reopened = startConsole({
        apiUrl: dataset.url,
        token: dataset.token,
        operatorId,
        profileDir: first.profileDir,
      });
      await reopened.until((s) => s.online === true && s.pending === 0, 120_000);
      const flush = seconds(started);
      await reopened.close();

      const pouch = await measurePouchDbReplication(dataset.documents);
      const raw = await measureRawLimit(dataset.url, dataset.token);
      const queries = measureQueries(dir.dir, dataset.documents, 100_000);
      return {
        tickets: TICKETS,
        accredita_s: accredita,
        pouchdb_s: Math.round(pouch.seconds * 100) / 100,
        raw_limit_s: Math.round(raw.seconds * 100) / 100,
        speedup_vs_pouchdb: Math.round((pouch.seconds / accredita) * 10) / 10,
        ratio_to_raw_limit: Math.round((accredita / raw.seconds) * 10) / 10,
        flush_1000_s: flush,
        query_p50_ms_100k: Math.round(queries.p50 * 100) / 100,
        query_p95_ms_100k: Math.round(queries.p95 * 100) / 100,
        query_p95_ms_100k_from_scratch: Math.round(queries.p95FromScratch * 100) / 100,
      };
    } finally {
      await proxy.close();
      await dataset.close();
      dir.remove();
    }
  },
};
