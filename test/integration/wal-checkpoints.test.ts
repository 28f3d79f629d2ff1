import { statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Ticket } from '../../common/api/schemas.ts';
import { TicketQuerySchema } from '../../common/contract/methods.ts';
import { openCacheDatabase } from '../../electron/services/cache/cache-database.ts';
import { createTicketProjection } from '../../electron/services/cache/ticket-projection.ts';
import { createTicketQueries } from '../../electron/services/cache/ticket-queries.ts';
import { startBackgroundCheckpoints } from '../../electron/services/cache/wal-checkpoints.ts';
import { intake } from '../support/api-fixture.ts';
import { tempDir } from '../support/temp-dir.ts';

const dir = tempDir('wal-checkpoints');
afterAll(() => dir.remove());
const KEY = Buffer.alloc(32, 9);
const PAGE = 500;

const ticket = (n: number): Ticket => ({
  id: `UE-2026-${String(n).padStart(6, '0')}`,
  version: 1,
  state: 'NEW',
  applicant: {
    ...(intake().applicant as Ticket['applicant']),
    cognome: `Ødegård${n}`,
    nome: 'Test',
    email: `applicant${n}@example.org`,
  },
  consentAt: '2026-01-01T00:00:00Z',
  attachments: [],
  evidenceHash: '0'.repeat(64),
  lease: null,
  lastDecision: null,
  pendingCountersign: null,
  createdAt: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString(),
  updatedAt: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString(),
});
const page = (from: number) =>
  Array.from({ length: PAGE }, (_, i) => ({ kind: 'ticket' as const, ticket: ticket(from + i + 1) }));

describe('background WAL checkpoints', () => {
  it('copies committed pages into the database file on another thread while the writer goes on', async () => {
    const file = path.join(dir.dir, 'cache.db');
    const db = openCacheDatabase(file, KEY);
    const projection = createTicketProjection(db);
    const checkpoints = startBackgroundCheckpoints(db);
    // The writer's own connection no longer checkpoints at 1,000 pages.
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBeGreaterThan(1000);
    const emptySize = statSync(file).size;
    for (let from = 0; from < 4 * PAGE; from += PAGE) {
      projection.applyFeedPage(page(from), `c${from}`, '2026-11-23T10:00:00Z');
      checkpoints.nudge();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // Only the thread can have grown the file: the writer's backstop is far above these pages.
    await vi.waitFor(() => expect(statSync(file).size).toBeGreaterThan(emptySize + 100 * 4096), { timeout: 10_000 });
    await checkpoints.stop();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    const [wal] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
    expect(wal!.checkpointed).toBe(wal!.log);
    db.close();

    const reopened = openCacheDatabase(file, KEY);
    expect(reopened.pragma('integrity_check', { simple: true })).toBe('ok');
    const queries = createTicketQueries(reopened, () => new Date());
    expect(queries.query(TicketQuerySchema.parse({}), undefined).total).toBe(4 * PAGE);
    expect(queries.query(TicketQuerySchema.parse({ text: 'odegard1234' }), undefined).rows.map((r) => r.id)).toEqual([
      'UE-2026-001234',
    ]);
    reopened.close();
  });

  it('stops cleanly before anything was asked of it, and twice', async () => {
    const db = openCacheDatabase(path.join(dir.dir, 'idle.db'), KEY);
    const checkpoints = startBackgroundCheckpoints(db);
    await checkpoints.stop();
    await checkpoints.stop();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    db.close();
  });

  it('leaves a connection it cannot reopen to checkpoint inline', async () => {
    const db = new Database(path.join(dir.dir, 'plain.db'));
    db.pragma('journal_mode = WAL');
    const checkpoints = startBackgroundCheckpoints(db);
    checkpoints.nudge();
    await checkpoints.stop();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    db.close();
  });
});
