import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../common/api/schemas.ts';
import { TicketQuerySchema } from '../../common/contract/methods.ts';
import { openCacheDatabase, type CacheDb } from '../../electron/services/cache/cache-database.ts';
import { createTicketProjection } from '../../electron/services/cache/ticket-projection.ts';
import { createTicketQueries, ftsQuery } from '../../electron/services/cache/ticket-queries.ts';
import { intake } from '../support/api-fixture.ts';
import { tempDir } from '../support/temp-dir.ts';

const dir = tempDir('queries');
const NOW = new Date('2026-11-23T10:00:00Z');
let db: CacheDb;
let queries: ReturnType<typeof createTicketQueries>;

const ticket = (
  n: number,
  state: Ticket['state'],
  cognome: string,
  nationality: string,
  lease?: { owner: string; expiresAt: string },
): Ticket => ({
  id: `UE-2026-${String(n).padStart(6, '0')}`,
  version: 1,
  state,
  applicant: {
    ...(intake().applicant as Ticket['applicant']),
    cognome,
    nome: 'Test',
    email: `${cognome.toLowerCase()}${n}@example.org`,
    nationality,
  },
  consentAt: '2026-01-01T00:00:00Z',
  attachments: [],
  evidenceHash: '0'.repeat(64),
  lease: lease ? { ...lease, ownerName: lease.owner } : null,
  lastDecision: null,
  pendingCountersign: null,
  createdAt: new Date(Date.UTC(2026, 0, n)).toISOString(),
  updatedAt: new Date(Date.UTC(2026, 1, 30 - n)).toISOString(),
});

beforeAll(() => {
  db = openCacheDatabase(path.join(dir.dir, 'cache.db'), Buffer.alloc(32, 1));
  const entries = [
    ticket(1, 'NEW', 'Müller', 'DE'),
    ticket(2, 'NEW', 'Nowak', 'PL'),
    ticket(3, 'DOCS_RECEIVED', 'Müllner', 'AT', { owner: 'op-anna', expiresAt: '2026-11-23T11:00:00Z' }),
    ticket(4, 'UNDER_REVIEW', 'García', 'ES', { owner: 'op-luca', expiresAt: '2026-11-23T11:00:00Z' }),
    ticket(5, 'APPROVED', 'Smith', 'US', { owner: 'op-anna', expiresAt: '2026-11-23T09:00:00Z' }),
    ticket(6, 'DOCS_RECEIVED', 'Ødegård', 'NO'),
  ].map((t) => ({ kind: 'ticket' as const, ticket: t }));
  createTicketProjection(db).applyFeedPage(entries, 'c1', NOW.toISOString());
  db.prepare("UPDATE tickets SET pending = 1, local_state = 'FORM_SENT' WHERE id = 'UE-2026-000002'").run();
  db.prepare("UPDATE tickets SET conflict_json = '{}' WHERE id = 'UE-2026-000006'").run();
  queries = createTicketQueries(db, () => NOW);
});
afterAll(() => {
  db.close();
  dir.remove();
});

const run = (input: object) => queries.query(TicketQuerySchema.parse(input), 'op-anna');
const ids = (input: object) => run(input).rows.map((r) => Number(r.id.slice(-2)));

describe('queue queries', () => {
  it('counts every state, with the pending decision applied on top', () => {
    const all = run({ withCounts: true });
    expect(all.total).toBe(6);
    expect(all.countsByState).toEqual({ NEW: 1, FORM_SENT: 1, DOCS_RECEIVED: 2, UNDER_REVIEW: 1, APPROVED: 1 });
  });

  it('filters by state; the total follows, the counts ignore the state filter', () => {
    const result = run({ states: ['DOCS_RECEIVED', 'NEW'], withCounts: true });
    expect(run({ states: ['DOCS_RECEIVED', 'NEW'] }).total).toBe(3);
    expect(run({ states: ['DOCS_RECEIVED', 'NEW'] }).countsByState).toEqual({});
    expect(result.rows.map((r) => r.id.slice(-1)).sort()).toEqual(['1', '3', '6']);
    expect(result.total).toBe(3);
    expect(result.countsByState.APPROVED).toBe(1);
  });

  it('searches names by prefix, diacritics ignored, and e-mails and ticket ids', () => {
    expect(ids({ text: 'mull' })).toEqual([1, 3]);
    expect(ids({ text: 'odegard' })).toEqual([6]);
    expect(ids({ text: 'Ødegård' })).toEqual([6]);
    expect(ids({ text: 'oedegaard' })).toEqual([6]);
    expect(ids({ text: 'mueller' })).toEqual([1]);
    expect(ids({ text: 'garcia' })).toEqual([4]);
    expect(ids({ text: 'nowak2@example' })).toEqual([2]);
    expect(ids({ text: '000004' })).toEqual([4]);
    expect(ids({ text: 'mull', states: ['NEW'] })).toEqual([1]);
    expect(run({ text: 'mull', states: ['NEW'] }).total).toBe(1);
  });

  it('never lets search input become query syntax', () => {
    expect(ftsQuery('a" OR id:* NEAR(')).toBe('"a"* AND "OR"* AND "id"* AND "NEAR"*');
    expect(() => run({ text: '"*^ NOT (' })).not.toThrow();
    expect(ftsQuery('  ')).toBeUndefined();
  });

  it('scopes to my live leases, or to unassigned tickets (expired leases count as free)', () => {
    expect(ids({ scope: 'mine' })).toEqual([3]);
    expect(ids({ scope: 'unassigned' })).toEqual([1, 2, 5, 6]);
    const five = run({ text: 'smith' }).rows[0]!;
    expect(five.leaseOwner).toBeNull();
  });

  it('flags pending decisions and conflicts, filters by country', () => {
    expect(ids({ flags: ['pending'] })).toEqual([2]);
    expect(ids({ flags: ['conflict'] })).toEqual([6]);
    expect(ids({ nationality: 'ES' })).toEqual([4]);
  });

  it('sorts and pages', () => {
    expect(ids({ sort: 'created', direction: 'desc' })).toEqual([6, 5, 4, 3, 2, 1]);
    expect(ids({ sort: 'updated' })).toEqual([6, 5, 4, 3, 2, 1]);
    expect(ids({ sort: 'name' })).toEqual([4, 1, 3, 2, 5, 6]);
    expect(ids({ offset: 2, limit: 2 })).toEqual([3, 4]);
    expect(run({ offset: 4, limit: 10 }).total).toBe(6);
  });
});
