import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket, TicketState } from '../../common/api/schemas.ts';
import { TicketQuerySchema } from '../../common/contract/methods.ts';
import { openCacheDatabase, type CacheDb } from '../../electron/services/cache/cache-database.ts';
import { createTicketProjection } from '../../electron/services/cache/ticket-projection.ts';
import { createTicketQueries, ftsQuery, walksSortOrder } from '../../electron/services/cache/ticket-queries.ts';
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
    expect(run({ scope: 'unassigned', withCounts: true })).toMatchObject({
      total: 4,
      countsByState: { NEW: 1, FORM_SENT: 1, DOCS_RECEIVED: 1, APPROVED: 1 },
    });
    expect(run({ scope: 'unassigned', states: ['DOCS_RECEIVED'] }).total).toBe(1);
    expect(run({ scope: 'unassigned', text: 'mull' }).total).toBe(1);
    expect(run({ scope: 'mine', withCounts: true })).toMatchObject({ total: 1, countsByState: { DOCS_RECEIVED: 1 } });
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

describe('search paging over a larger cache', () => {
  const many = tempDir('queries-many');
  let big: CacheDb;
  let bigQueries: ReturnType<typeof createTicketQueries>;
  const STATES = ['NEW', 'DOCS_RECEIVED', 'APPROVED'] as const;
  const SURNAMES = ['Müller', 'Nowak', 'García', 'Smith'];
  const tickets = Array.from({ length: 400 }, (_, i) =>
    ticket(i + 1, STATES[i % 3]!, `${SURNAMES[i % 4]}${(i * 7) % 13}`, i % 5 === 0 ? 'DE' : 'PL'),
  );

  beforeAll(() => {
    big = openCacheDatabase(path.join(many.dir, 'cache.db'), Buffer.alloc(32, 2));
    createTicketProjection(big).applyFeedPage(
      tickets.map((t) => ({ kind: 'ticket' as const, ticket: t })),
      'c1',
      NOW.toISOString(),
    );
    bigQueries = createTicketQueries(big, () => NOW);
  });
  afterAll(() => {
    big.close();
    many.remove();
  });

  /** The page the queue must show, computed here from the tickets themselves. */
  function expected(
    match: (t: Ticket) => boolean,
    sort: 'created' | 'updated' | 'name',
    direction: 'asc' | 'desc',
    offset: number,
    limit: number,
  ) {
    const key = (t: Ticket) =>
      sort === 'created'
        ? t.createdAt
        : sort === 'updated'
          ? t.updatedAt
          : `${t.applicant.cognome} ${t.applicant.nome}`.toLowerCase();
    const sign = direction === 'asc' ? 1 : -1;
    const ordered = tickets
      .filter(match)
      .sort((a, b) => (key(a) < key(b) ? -sign : key(a) > key(b) ? sign : a.id < b.id ? -1 : 1));
    return { ids: ordered.slice(offset, offset + limit).map((t) => t.id), total: ordered.length };
  }

  it('walks the sort order for a search matching much of the cache, seeks the matches of a narrow one', () => {
    // "example" is in every e-mail; "nowak1" in a few names.
    expect(walksSortOrder(TicketQuerySchema.parse({ text: 'example' }), { hits: 400, tickets: 400 })).toBe(true);
    expect(walksSortOrder(TicketQuerySchema.parse({ text: 'nowak1' }), { hits: 8, tickets: 400 })).toBe(false);
    // A deep window over a broad search costs more to walk to than to sort.
    expect(
      walksSortOrder(TicketQuerySchema.parse({ text: 'x', offset: 9000 }), { hits: 10_000, tickets: 100_000 }),
    ).toBe(false);
    // Sorted by name, a name search's matches sit together: walked only when they are most of the cache.
    expect(walksSortOrder(TicketQuerySchema.parse({ text: 'x', sort: 'name' }), { hits: 150, tickets: 400 })).toBe(
      false,
    );
  });

  it('gives the same rows and totals whichever way a search is read', () => {
    const cases = [
      { text: 'example', match: () => true },
      { text: 'mull', match: (t: Ticket) => t.applicant.cognome.startsWith('Müller') },
      { text: 'nowak1', match: (t: Ticket) => /^Nowak1/.test(t.applicant.cognome) },
    ];
    for (const { text, match } of cases) {
      for (const sort of ['created', 'updated', 'name'] as const) {
        for (const direction of ['asc', 'desc'] as const) {
          for (const states of [[], ['NEW'], ['NEW', 'APPROVED']] as TicketState[][]) {
            for (const { offset, limit } of [
              { offset: 0, limit: 20 },
              { offset: 30, limit: 7 },
            ]) {
              const inStates = (t: Ticket) => match(t) && (states.length === 0 || states.includes(t.state));
              const want = expected(inStates, sort, direction, offset, limit);
              const got = bigQueries.query(
                TicketQuerySchema.parse({ text, sort, direction, states, offset, limit }),
                undefined,
              );
              expect({
                text,
                sort,
                direction,
                states,
                offset,
                ids: got.rows.map((r) => r.id),
                total: got.total,
              }).toEqual({ text, sort, direction, states, offset, ids: want.ids, total: want.total });
            }
          }
        }
      }
    }
  });

  it('narrows a search by country the same way, and counts per state over its matches', () => {
    const got = bigQueries.query(
      TicketQuerySchema.parse({ text: 'example', nationality: 'DE', states: ['APPROVED'], withCounts: true }),
      undefined,
    );
    const de = tickets.filter((t) => t.applicant.nationality === 'DE');
    const want = expected((t) => de.includes(t) && t.state === 'APPROVED', 'created', 'asc', 0, 100);
    expect(got.rows.map((r) => r.id)).toEqual(want.ids);
    expect(got.total).toBe(want.total);
    expect(got.countsByState).toEqual(
      Object.fromEntries(STATES.map((s) => [s, de.filter((t) => t.state === s).length])),
    );
  });
});

describe('kept search matches and counts', () => {
  const kept = tempDir('queries-kept');
  afterAll(() => kept.remove());

  it('are forgotten as soon as the cache changes, through this connection or another', () => {
    const file = path.join(kept.dir, 'cache.db');
    const cache = openCacheDatabase(file, Buffer.alloc(32, 4));
    const projection = createTicketProjection(cache);
    projection.applyFeedPage(
      [ticket(1, 'NEW', 'Müller', 'DE'), ticket(2, 'APPROVED', 'Müllner', 'AT')].map((t) => ({
        kind: 'ticket' as const,
        ticket: t,
      })),
      'c1',
      NOW.toISOString(),
    );
    const keptQueries = createTicketQueries(cache, () => NOW);
    const ask = (states: TicketState[] = []) =>
      keptQueries.query(TicketQuerySchema.parse({ text: 'mull', states, withCounts: true }), undefined);
    expect(ask().countsByState).toEqual({ NEW: 1, APPROVED: 1 });
    // Another chip, same search: the same counts, the total follows the chip.
    expect(ask(['APPROVED'])).toMatchObject({ total: 1, countsByState: { NEW: 1, APPROVED: 1 } });

    projection.upsert(ticket(3, 'NEW', 'Müllerová', 'CZ'));
    expect(ask().countsByState).toEqual({ NEW: 2, APPROVED: 1 });
    expect(ask(['NEW']).rows.map((r) => r.id)).toEqual(['UE-2026-000001', 'UE-2026-000003']);

    const other = openCacheDatabase(file, Buffer.alloc(32, 4));
    other.prepare("UPDATE tickets SET local_state = 'FORM_SENT', pending = 1 WHERE id = 'UE-2026-000003'").run();
    other.close();
    expect(ask().countsByState).toEqual({ NEW: 1, FORM_SENT: 1, APPROVED: 1 });
    cache.close();
  });

  it('never keeps counts that depend on the clock', () => {
    const cache = openCacheDatabase(path.join(kept.dir, 'clock.db'), Buffer.alloc(32, 4));
    createTicketProjection(cache).upsert(
      ticket(1, 'UNDER_REVIEW', 'Nowak', 'PL', { owner: 'op-luca', expiresAt: '2026-11-23T10:30:00Z' }),
    );
    let clock = NOW;
    const clocked = createTicketQueries(cache, () => clock);
    const unassigned = () =>
      clocked.query(TicketQuerySchema.parse({ scope: 'unassigned', withCounts: true }), 'op-anna').countsByState;
    expect(unassigned()).toEqual({});
    clock = new Date('2026-11-23T11:00:00Z');
    expect(unassigned()).toEqual({ UNDER_REVIEW: 1 });
    cache.close();
  });
});

describe('feed pages', () => {
  const pages = tempDir('queries-pages');
  afterAll(() => pages.remove());

  it('keep one search row per ticket when a page names a ticket twice, removes it, or brings an older copy', () => {
    const cache = openCacheDatabase(path.join(pages.dir, 'cache.db'), Buffer.alloc(32, 4));
    const projection = createTicketProjection(cache);
    const named = (n: number, version: number, cognome: string): Ticket => ({
      ...ticket(n, 'NEW', cognome, 'DE'),
      version,
    });
    const entry = (t: Ticket) => ({ kind: 'ticket' as const, ticket: t });
    projection.applyFeedPage(
      [
        entry(named(1, 1, 'Rossi')),
        entry(named(1, 2, 'Bianchi')),
        entry(named(2, 1, 'Verdi')),
        { kind: 'deleted' as const, id: 'UE-2026-000002', reason: 'REDACTED' as const },
        entry(named(2, 3, 'Neri')),
        entry(named(3, 2, 'Gialli')),
      ],
      'c1',
      NOW.toISOString(),
    );
    projection.applyFeedPage([entry(named(3, 1, 'Viola')), entry(named(1, 3, 'Bianchi'))], 'c2', NOW.toISOString());
    const found = createTicketQueries(cache, () => NOW);
    const search = (text: string) =>
      found.query(TicketQuerySchema.parse({ text }), undefined).rows.map((r) => r.applicantName);
    expect(search('rossi')).toEqual([]);
    expect(search('bianchi')).toEqual(['Bianchi Test']);
    expect(search('verdi')).toEqual([]);
    expect(search('neri')).toEqual(['Neri Test']);
    expect(search('viola')).toEqual([]);
    expect(search('gialli')).toEqual(['Gialli Test']);
    expect(cache.prepare('SELECT COUNT(*) AS n FROM tickets_fts').get()).toEqual({ n: 3 });
    expect(() => cache.exec("INSERT INTO tickets_fts (tickets_fts) VALUES ('integrity-check')")).not.toThrow();
    cache.close();
  });
});
