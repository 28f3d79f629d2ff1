import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import type { Ticket } from '../../common/api/schemas.ts';
import { TicketQuerySchema, type CheckSummary } from '../../common/contract/methods.ts';
import { ContractFailure } from '../../common/contract/result.ts';
import { openCacheDatabase, type CacheDb } from '../../electron/services/cache/cache-database.ts';
import { CACHE_MIGRATIONS } from '../../electron/services/cache/cache-migrations.ts';
import { createTicketProjection } from '../../electron/services/cache/ticket-projection.ts';
import { createTicketQueries } from '../../electron/services/cache/ticket-queries.ts';
import { createBackgroundChecks } from '../../electron/services/checks/background-checks.ts';
import { createCheckStore } from '../../electron/services/checks/check-store.ts';
import { checkSummaryOf } from '../../electron/services/checks/check-summary.ts';
import { createLogger } from '../../electron/services/log/logger.ts';
import { claimNextTicket } from '../../electron/services/queue/next-ticket.ts';
import { intake } from '../support/api-fixture.ts';
import { tempDir } from '../support/temp-dir.ts';

const KEY = Buffer.alloc(32, 4);
const NOW = new Date('2026-11-23T10:00:00Z');
const quiet = createLogger('test', 'error', () => {});
const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((fn) => fn()));

function cacheFile(): string {
  const dir = tempDir('queue-flags');
  cleanup.push(() => dir.remove());
  return path.join(dir.dir, 'cache.db');
}

function openCache(file = cacheFile()): CacheDb {
  const db = openCacheDatabase(file, KEY);
  cleanup.unshift(() => db.close());
  return db;
}

const ticket = (n: number, state: Ticket['state'], nationality = 'DE', lease?: string): Ticket => ({
  id: `UE-2026-${String(n).padStart(6, '0')}`,
  version: 1,
  state,
  applicant: { ...(intake().applicant as Ticket['applicant']), cognome: `Rossi${n}`, nome: 'Anna', nationality },
  consentAt: '2026-01-01T00:00:00Z',
  attachments: [],
  evidenceHash: '0'.repeat(64),
  lease: lease ? { owner: lease, ownerName: lease, expiresAt: '2026-11-23T11:00:00Z' } : null,
  lastDecision: null,
  pendingCountersign: null,
  createdAt: new Date(Date.UTC(2026, 0, n)).toISOString(),
  updatedAt: new Date(Date.UTC(2026, 0, n, 12)).toISOString(),
});

/** The parts of a checks result the queue reads, shaped as the engine stores them. */
function result(options: {
  taxId?: string;
  eidas?: boolean;
  outcome?: string;
  mrz?: 'valid' | 'invalid' | 'problem' | 'none';
  worst?: string;
  duplicates?: number;
  noEligibility?: boolean;
}) {
  return {
    ticketId: 'x',
    eligibility: options.noEligibility
      ? null
      : {
          outcome: options.outcome ?? 'ELIGIBLE',
          taxId: { kind: options.taxId ?? 'EMPTY' },
          findings: [
            { code: 'NON_EU', redirectTarget: null },
            ...(options.eidas ? [{ code: 'EIDAS_NATIONALITY', redirectTarget: 'EIDAS' }] : []),
          ],
        },
    mrz: {
      used: options.mrz === 'valid' ? { valid: true } : options.mrz === 'invalid' ? { valid: false } : null,
      problem: options.mrz === 'problem' ? { code: 'MRZ_NOT_FOUND', message: { it: '', en: '' } } : null,
    },
    crossCheck: { fields: [], worst: options.worst ?? 'MATCH' },
    duplicates: Array.from({ length: options.duplicates ?? 0 }, (_, i) => ({ ticketId: `d${i}` })),
  };
}

const VARIANTS = [
  result({ taxId: 'ITALIAN_CF', outcome: 'REDIRECT_SPID_CIE', mrz: 'valid' }),
  result({ taxId: 'ITALIAN_CF_TYPO', mrz: 'invalid', worst: 'NO_MATCH' }),
  result({ eidas: true, outcome: 'REDIRECT_EIDAS', mrz: 'problem', duplicates: 2 }),
  result({ taxId: 'PARTITA_IVA', mrz: 'none', worst: 'PARTIAL' }),
  result({ noEligibility: true, worst: 'MISSING' }),
  {},
];

const store = (db: CacheDb, ticketId: string, checks: object, computedAt = NOW.toISOString()) =>
  createCheckStore(db).put(ticketId, {
    inputKey: 'k',
    computedAt,
    resultJson: JSON.stringify(checks),
    documentNumbers: [],
    birthDates: [],
  });

describe('check summary for the queue', () => {
  it('reads eligibility, MRZ, cross-check and duplicates from a result, and tolerates a partial one', () => {
    expect(VARIANTS.map(checkSummaryOf)).toEqual<CheckSummary[]>([
      {
        eligibility: 'REDIRECT_SPID_CIE',
        mrz: 'VALID',
        crossCheck: 'MATCH',
        duplicates: 0,
        italianCf: true,
        eidas: false,
      },
      { eligibility: 'ELIGIBLE', mrz: 'INVALID', crossCheck: 'NO_MATCH', duplicates: 0, italianCf: true, eidas: false },
      {
        eligibility: 'REDIRECT_EIDAS',
        mrz: 'UNREADABLE',
        crossCheck: 'MATCH',
        duplicates: 2,
        italianCf: false,
        eidas: true,
      },
      { eligibility: 'ELIGIBLE', mrz: 'NONE', crossCheck: 'PARTIAL', duplicates: 0, italianCf: false, eidas: false },
      { eligibility: null, mrz: 'NONE', crossCheck: 'MISSING', duplicates: 0, italianCf: false, eidas: false },
      { eligibility: null, mrz: 'NONE', crossCheck: 'MISSING', duplicates: 0, italianCf: false, eidas: false },
    ]);
  });

  it('migration 3 gives results stored before it the same summary the store writes now', () => {
    const file = cacheFile();
    const old = new Database(file);
    old.pragma(`cipher='sqlcipher'`);
    old.pragma('legacy=4');
    old.pragma(`key="x'${KEY.toString('hex')}'"`);
    old.transaction(() => {
      CACHE_MIGRATIONS.slice(0, 2).forEach((sql) => old.exec(sql));
      old.pragma('user_version = 2');
    })();
    const tickets = VARIANTS.map((_, i) => ticket(i + 1, 'DOCS_RECEIVED'));
    createTicketProjection(old).applyFeedPage(
      tickets.map((t) => ({ kind: 'ticket' as const, ticket: t })),
      'c',
      NOW.toISOString(),
    );
    VARIANTS.forEach((variant, i) =>
      old
        .prepare('INSERT INTO ticket_checks (ticket_id, input_key, computed_at, result_json) VALUES (?, ?, ?, ?)')
        .run(tickets[i]!.id, 'k', NOW.toISOString(), JSON.stringify(variant)),
    );
    old.close();

    const queries = createTicketQueries(openCache(file), () => NOW);
    const rows = queries.query(TicketQuerySchema.parse({}), undefined).rows;
    expect(rows.map((row) => row.checks)).toEqual(VARIANTS.map(checkSummaryOf));
  });
});

describe('queue flags and rows', () => {
  function seeded() {
    const db = openCache();
    const entries = [
      ticket(1, 'NEW', 'IT'),
      ticket(2, 'DOCS_RECEIVED', 'DE'),
      ticket(3, 'DOCS_RECEIVED', 'FR'),
      ticket(4, 'UNDER_REVIEW', 'DE', 'op-luca'),
      ticket(5, 'APPROVED', 'US'),
      ticket(6, 'NEW', 'BR'),
    ];
    createTicketProjection(db).applyFeedPage(
      entries.map((t) => ({ kind: 'ticket' as const, ticket: t })),
      'c1',
      NOW.toISOString(),
    );
    store(db, entries[0]!.id, result({ taxId: 'ITALIAN_CF', outcome: 'REDIRECT_SPID_CIE', mrz: 'valid' }));
    store(db, entries[1]!.id, result({ mrz: 'invalid', duplicates: 1 }));
    store(db, entries[2]!.id, result({ eidas: true, outcome: 'REDIRECT_EIDAS', mrz: 'valid' }));
    store(db, entries[3]!.id, result({ taxId: 'ITALIAN_CF_TYPO', mrz: 'invalid', duplicates: 3 }));
    return { db, queries: createTicketQueries(db, () => NOW), ids: entries.map((t) => t.id) };
  }
  const run = (queries: ReturnType<typeof createTicketQueries>, input: object) =>
    queries.query(TicketQuerySchema.parse(input), 'op-anna');
  const numbers = (rows: { id: string }[]) => rows.map((row) => Number(row.id.slice(-1)));

  it('filters by each check flag, and by several at once (all must hold)', () => {
    const { queries } = seeded();
    expect(numbers(run(queries, { flags: ['italianCf'] }).rows)).toEqual([1, 4]);
    expect(numbers(run(queries, { flags: ['eidas'] }).rows)).toEqual([3]);
    expect(numbers(run(queries, { flags: ['duplicate'] }).rows)).toEqual([2, 4]);
    expect(numbers(run(queries, { flags: ['mrzInvalid'] }).rows)).toEqual([2, 4]);
    expect(numbers(run(queries, { flags: ['mrzInvalid', 'italianCf'] }).rows)).toEqual([4]);
    const withCounts = run(queries, { flags: ['duplicate'], states: ['UNDER_REVIEW'], withCounts: true });
    expect(withCounts.total).toBe(1);
    expect(withCounts.countsByState).toEqual({ DOCS_RECEIVED: 1, UNDER_REVIEW: 1 });
  });

  it('gives each row its check summary (null until checked) and lists the nationalities on request', () => {
    const { queries } = seeded();
    const all = run(queries, { withCounts: true });
    expect(all.rows[2]!.checks).toMatchObject({ eligibility: 'REDIRECT_EIDAS', eidas: true, mrz: 'VALID' });
    expect(all.rows[4]!.checks).toBeNull();
    expect(all.nationalities).toEqual(['BR', 'DE', 'FR', 'IT', 'US']);
    expect(run(queries, {}).nationalities).toEqual([]);
  });

  it('offers the oldest actionable unclaimed tickets for "next", skipping pending, conflicts and lost ones', () => {
    const { db, queries, ids } = seeded();
    expect(queries.nextCandidates(10)).toEqual([ids[0], ids[1], ids[2], ids[5]]);
    db.prepare("UPDATE tickets SET pending = 1, local_state = 'FORM_SENT' WHERE id = ?").run(ids[0]);
    db.prepare("UPDATE tickets SET conflict_json = '{}' WHERE id = ?").run(ids[1]);
    expect(queries.nextCandidates(10)).toEqual([ids[2], ids[5]]);
    expect(queries.nextCandidates(10, [ids[2]!])).toEqual([ids[5]]);
    expect(queries.nextCandidates(1)).toEqual([ids[2]]);
  });
});

describe('next ticket', () => {
  const lease = { owner: 'op-anna', ownerName: 'Anna', expiresAt: NOW.toISOString() };

  it('claims the first candidate that the server grants, skipping tickets taken meanwhile', async () => {
    const free = ['A', 'B', 'C', 'D'];
    const asked: string[][] = [];
    const claimed: string[] = [];
    const next = await claimNextTicket({
      candidates: (limit, skip) => {
        asked.push([...skip]);
        return free.filter((id) => !skip.includes(id)).slice(0, Math.min(limit, 2));
      },
      claim: async (id) => {
        claimed.push(id);
        if (id === 'A' || id === 'B') throw new ContractFailure('CONFLICT', `${id} is being handled by Luca`);
        return lease;
      },
    });
    expect(next).toEqual({ ticketId: 'C', ...lease });
    expect(claimed).toEqual(['A', 'B', 'C']);
    expect(asked).toEqual([[], ['A', 'B']]);
  });

  it('answers null when nothing is free, and lets other failures through', async () => {
    expect(await claimNextTicket({ candidates: () => [], claim: async () => lease })).toBeNull();
    await expect(
      claimNextTicket({
        candidates: () => ['A'],
        claim: async () => {
          throw new ContractFailure('UNAVAILABLE', 'offline');
        },
      }),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});

describe('background checks', () => {
  function setup(states: Ticket['state'][]) {
    const db = openCache();
    const tickets = states.map((state, i) => ticket(i + 1, state));
    createTicketProjection(db).applyFeedPage(
      tickets.map((t) => ({ kind: 'ticket' as const, ticket: t })),
      'c1',
      NOW.toISOString(),
    );
    return { db, ids: tickets.map((t) => t.id) };
  }
  const until = async (predicate: () => boolean, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };

  it('checks actionable tickets oldest first, one at a time, and reports each stored result', async () => {
    const { db, ids } = setup(['APPROVED', 'DOCS_RECEIVED', 'NEW', 'FORM_SENT', 'UNDER_REVIEW']);
    const order: string[] = [];
    const published: string[] = [];
    let inFlight = 0;
    let most = 0;
    const background = createBackgroundChecks({
      db,
      check: async (ticketId) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        order.push(ticketId);
        await new Promise((resolve) => setTimeout(resolve, 5));
        store(db, ticketId, result({ mrz: 'valid' }), new Date().toISOString());
        inFlight -= 1;
        return { problems: [] };
      },
      syncBusy: () => false,
      onChecked: (changed) => published.push(...changed),
      log: quiet,
      startDelayMs: 0,
      gapMs: 1,
      pollMs: 5,
    });
    background.start();
    await until(() => order.length === 3);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await background.stop();
    expect(order).toEqual([ids[1], ids[2], ids[4]]);
    expect(published).toEqual(order);
    expect(most).toBe(1);
  });

  it('waits while sync works and while an operator’s own checks run, then resumes', async () => {
    const { db, ids } = setup(['NEW', 'NEW']);
    let busy = true;
    let clock = 0;
    const order: string[] = [];
    const background = createBackgroundChecks({
      db,
      check: async (ticketId) => {
        order.push(ticketId);
        store(db, ticketId, result({}), new Date().toISOString());
        return { problems: [] };
      },
      syncBusy: () => busy,
      onChecked: () => {},
      log: quiet,
      clock: () => clock,
      startDelayMs: 0,
      quietMs: 1000,
      gapMs: 1,
      pollMs: 5,
    });
    background.start();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(order).toEqual([]);

    let release: () => void = () => {};
    const operator = background.foreground(ids[1]!, () => new Promise<void>((resolve) => (release = resolve)));
    busy = false;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(order).toEqual([]);
    release();
    await operator;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(order, 'a quiet moment after the operator’s request').toEqual([]);
    clock = 1000;
    await until(() => order.length === 2);
    await background.stop();
    expect(order).toEqual(ids);
  });

  it('tries an incomplete result again only after the retry delay, and a changed ticket at once', async () => {
    const { db, ids } = setup(['DOCS_RECEIVED']);
    let clock = 0;
    let calls = 0;
    const background = createBackgroundChecks({
      db,
      check: async () => {
        calls += 1;
        return { problems: [{ code: 'ATTACHMENT_UNAVAILABLE' }] };
      },
      syncBusy: () => false,
      onChecked: () => {},
      log: quiet,
      clock: () => clock,
      startDelayMs: 0,
      quietMs: 0,
      gapMs: 1,
      pollMs: 2,
      retryMs: 60_000,
    });
    background.start();
    await until(() => calls === 1);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(calls).toBe(1);
    clock = 60_000;
    background.changed();
    await until(() => calls === 2);
    db.prepare("UPDATE tickets SET updated_at = '2026-12-01T00:00:00Z' WHERE id = ?").run(ids[0]);
    background.changed();
    await until(() => calls === 3);
    await background.stop();
  });
});
