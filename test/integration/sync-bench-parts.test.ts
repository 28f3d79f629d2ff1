import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measurePouchDbReplication } from '../../bench/sync/pouchdb-peer.ts';
import { createSyncDataset, type SyncDataset } from '../../bench/sync/dataset.ts';
import { measureRawLimit } from '../../bench/sync/raw-limit.ts';
import { TicketSchema } from '../../common/api/schemas.ts';
import { verifyAudit } from '../../server/domain/audit-log.ts';
import { tempDir } from '../support/temp-dir.ts';

const TICKETS = 300;
const dir = tempDir('sync-bench');
let dataset: SyncDataset;

beforeAll(async () => {
  dataset = await createSyncDataset(dir.dir, TICKETS);
});
afterAll(async () => {
  await dataset.close();
  dir.remove();
});

describe('initial-sync benchmark parts, small', () => {
  it('fills the reference API through its store and hands out the feed documents', async () => {
    expect(dataset.documents).toHaveLength(TICKETS);
    expect(new Set(dataset.documents.map((ticket) => ticket.id)).size).toBe(TICKETS);
    for (const ticket of dataset.documents) expect(TicketSchema.safeParse(ticket).success).toBe(true);
    // Batched creation must leave the same audit chain as one request per ticket.
    expect(verifyAudit(dataset.server.db)).toMatchObject({ ok: true, entries: TICKETS });
  });

  it('lets PouchDB replicate every document from express-pouchdb', async () => {
    const result = await measurePouchDbReplication(dataset.documents);
    expect(result.docs).toBe(TICKETS);
    expect(result.seconds).toBeGreaterThan(0);
  });

  it('measures the raw limit over every ticket of the feed', async () => {
    const result = await measureRawLimit(dataset.server.url, dataset.token);
    expect(result.tickets).toBe(TICKETS);
    expect(result.seconds).toBeGreaterThan(0);
  });
});
