import type { z } from 'zod';
import type { Ticket, TicketState } from '../../../common/api/schemas.ts';
import {
  ACTIONABLE_STATES,
  type CheckSummary,
  type QueueFlag,
  type TicketDetailSchema,
  type TicketQuerySchema,
  type TicketRowSchema,
} from '../../../common/contract/methods.ts';
import { ContractFailure } from '../../../common/contract/result.ts';
import { foldToBase } from '../../../common/domain/name-folding.ts';
import type { CacheDb } from './cache-database.ts';
import { prepared } from './statements.ts';

type TicketQuery = z.output<typeof TicketQuerySchema>;
type TicketRow = z.output<typeof TicketRowSchema>;
type TicketDetail = z.output<typeof TicketDetailSchema>;

const ORDER: Record<TicketQuery['sort'], string> = {
  created: 't.created_at',
  updated: 't.updated_at',
  name: 't.applicant_name COLLATE NOCASE',
};

const FLAG_FILTERS: Record<QueueFlag, string> = {
  pending: 't.pending > 0',
  conflict: 't.conflict_json IS NOT NULL',
  italianCf: 't.id IN (SELECT ticket_id FROM ticket_checks WHERE italian_cf = 1)',
  eidas: 't.id IN (SELECT ticket_id FROM ticket_checks WHERE eidas = 1)',
  duplicate: 't.id IN (SELECT ticket_id FROM ticket_checks WHERE duplicates > 0)',
  mrzInvalid: "t.id IN (SELECT ticket_id FROM ticket_checks WHERE mrz_status = 'INVALID')",
};

/** Words as FTS5 prefix terms, quoted so user input can never become query syntax. */
export function ftsQuery(text: string): string | undefined {
  const words = foldToBase(text.normalize('NFKC'))
    .split(/[^\p{L}\p{N}@._-]+/u)
    .flatMap((word) => word.split(/[@._-]+/))
    .filter((word) => word.length > 0)
    .slice(0, 8);
  return words.length ? words.map((word) => `"${word.replaceAll('"', '')}"*`).join(' AND ') : undefined;
}

interface Row {
  id: string;
  state: TicketState;
  applicant_name: string;
  email: string;
  nationality: string;
  created_at: string;
  updated_at: string;
  lease_owner: string | null;
  lease_owner_name: string | null;
  lease_expires_at: string | null;
  pending: number;
  conflict_json: string | null;
  checked: number;
  eligibility: CheckSummary['eligibility'];
  mrz_status: CheckSummary['mrz'];
  cross_check: CheckSummary['crossCheck'];
  duplicates: number;
  italian_cf: number;
  eidas: number;
}

const summaryOf = (row: Row): CheckSummary | null =>
  row.checked
    ? {
        eligibility: row.eligibility,
        mrz: row.mrz_status,
        crossCheck: row.cross_check,
        duplicates: row.duplicates,
        italianCf: row.italian_cf === 1,
        eidas: row.eidas === 1,
      }
    : null;

export interface Search {
  /** Tickets the words match. */
  hits: number;
  /** Tickets in the cache. */
  tickets: number;
}

/** The index that yields the queue's sort order, narrowed to the one state asked for when it can be. */
function sortIndex(input: TicketQuery): string {
  const oneState = input.states.length === 1;
  if (input.sort === 'name') return oneState ? 'tickets_by_state_name' : 'tickets_by_name';
  if (input.sort === 'updated') return 'tickets_by_updated';
  if (oneState) return 'tickets_by_state';
  return input.nationality ? 'tickets_by_nationality' : 'tickets_by_created';
}

/**
 * How to page through a search's matches: seek each match and sort them (cost ~ matches), or walk
 * the sort order and keep the entries that match until the window is full (cost ~ window ÷ share
 * of tickets matched). SQLite cannot tell, as it does not know how many tickets the words matched;
 * this does. Sorted by name, a name search's matches sit together somewhere in the order rather
 * than spread over it, so the walk is taken only when they are most of the cache.
 */
export function walksSortOrder(input: TicketQuery, { hits, tickets }: Search): boolean {
  if (input.sort === 'name') return hits * 2 > tickets;
  return (input.offset + input.limit) * tickets < hits * hits;
}

interface StateCount {
  state: TicketState;
  n: number;
}

/** The condition a search adds: its matches are in temp.search_hits. */
const SEARCHED = 't.rowid IN (SELECT rowid FROM temp.search_hits)';
/** Leased to someone right now: the complement of the "unassigned" scope, with the lease index usable. */
const HELD = 't.lease_owner IS NOT NULL AND (t.lease_expires_at <= @now) IS NOT TRUE';

const where = (conditions: readonly string[]): string => (conditions.length ? `WHERE ${conditions.join(' AND ')}` : '');

const subtract = (counts: readonly StateCount[], minus: readonly StateCount[]): StateCount[] =>
  counts
    .map((count) => ({ state: count.state, n: count.n - (minus.find((m) => m.state === count.state)?.n ?? 0) }))
    .filter((count) => count.n > 0);

/**
 * What the queue worked out from the cache as it stands: the last search's matches (left in
 * temp.search_hits) and the chips' counts per filter, which ignore the state filter, so choosing
 * chips or scrolling a search's windows does not compute them again. Any write to the cache since
 * the last query (this connection's total_changes(), another connection's data_version) forgets
 * them all.
 */
function createQueryMemo(db: CacheDb) {
  let stamp: string | undefined;
  let lastSearch: { match: string; search: Search } | undefined;
  const counts = new Map<string, StateCount[]>();
  const read = () =>
    (
      prepared(
        db,
        "SELECT total_changes() || ':' || (SELECT data_version FROM pragma_data_version) AS stamp",
      ).get() as { stamp: string }
    ).stamp;
  return {
    /** At a query's start. */
    begin(): void {
      if (read() === stamp) return;
      lastSearch = undefined;
      counts.clear();
    },
    /** At a query's end, after its own writes to the temporary table. */
    end(): void {
      stamp = read();
    },
    search: (match: string) => (lastSearch?.match === match ? lastSearch.search : undefined),
    searched(match: string, search: Search): void {
      lastSearch = { match, search };
    },
    counts: (key: string) => counts.get(key),
    counted(key: string, value: StateCount[]): void {
      if (counts.has(key)) return;
      if (counts.size >= 64) counts.clear();
      counts.set(key, value);
    },
  };
}

/** The queue's reads: filtered, searched, sorted and windowed for a virtual list, all from the cache. */
export function createTicketQueries(db: CacheDb, now: () => Date) {
  // A search's matches, computed once and shared by its row, total and count statements.
  db.exec('CREATE TEMP TABLE IF NOT EXISTS search_hits (rowid INTEGER PRIMARY KEY)');
  const memo = createQueryMemo(db);

  function matches(match: string): Search {
    const known = memo.search(match);
    if (known) return known;
    prepared(db, 'DELETE FROM temp.search_hits').run();
    const hits = prepared(
      db,
      'INSERT INTO temp.search_hits SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ?',
    ).run(match).changes;
    const tickets = (prepared(db, 'SELECT COUNT(*) AS n FROM tickets').get() as { n: number }).n;
    const search = { hits, tickets };
    memo.searched(match, search);
    return search;
  }

  function query(input: TicketQuery, operatorId: string | undefined) {
    memo.begin();
    const match = ftsQuery(input.text);
    const params: Record<string, unknown> = { now: now().toISOString() };
    // Conditions that do not depend on the clock, then the scope's, then the states'.
    const base: string[] = [];
    let search: Search | undefined;
    if (match) {
      search = matches(match);
      base.push(SEARCHED);
    }
    if (input.nationality) {
      base.push('t.nationality = @nationality');
      params.nationality = input.nationality;
    }
    for (const flag of new Set(input.flags)) base.push(FLAG_FILTERS[flag]);
    const scope: string[] = [];
    if (input.scope === 'mine') {
      scope.push('t.lease_owner = @me AND t.lease_expires_at > @now');
      params.me = operatorId ?? '';
    } else if (input.scope === 'unassigned') {
      scope.push('(t.lease_owner IS NULL OR t.lease_expires_at <= @now)');
    }
    const states = input.states.length ? [`t.state IN (${input.states.map((_, i) => `@s${i}`).join(', ')})`] : [];
    input.states.forEach((state, i) => (params[`s${i}`] = state));
    const walked = search && walksSortOrder(input, search) ? `INDEXED BY ${sortIndex(input)}` : '';
    const direction = input.direction === 'asc' ? 'ASC' : 'DESC';

    // Page through the (covering) indexes for row ids first, then read only the rows shown:
    // a deep offset then skips index entries, not whole rows.
    const rows = prepared(
      db,
      `SELECT t.id, t.state, t.applicant_name, t.email, t.nationality, t.created_at, t.updated_at, t.lease_owner,
           t.lease_owner_name, t.lease_expires_at, t.pending, t.conflict_json, c.ticket_id IS NOT NULL AS checked,
           c.eligibility, c.mrz_status, c.cross_check, c.duplicates, c.italian_cf, c.eidas
         FROM tickets t LEFT JOIN ticket_checks c ON c.ticket_id = t.id
         WHERE t.rowid IN (SELECT t.rowid FROM tickets t ${walked} ${where([...base, ...scope, ...states])}
           ORDER BY ${ORDER[input.sort]} ${direction}, t.id LIMIT @limit OFFSET @offset)
         ORDER BY ${ORDER[input.sort]} ${direction}, t.id`,
    ).all({ ...params, limit: input.limit, offset: input.offset }) as Row[];

    const countsByState = (conditions: string[], index = '') =>
      prepared(db, `SELECT t.state, COUNT(*) AS n FROM tickets t ${index} ${where(conditions)} GROUP BY t.state`).all(
        params,
      ) as StateCount[];
    const count = (conditions: string[]): number =>
      // A search alone counts its matches: every ticket has exactly one row in tickets_fts.
      search && conditions.length === 1 && conditions[0] === SEARCHED
        ? search.hits
        : (prepared(db, `SELECT COUNT(*) AS n FROM tickets t ${where(conditions)}`).get(params) as { n: number }).n;
    // Unassigned is everything but the tickets held right now, which are few: those are counted
    // from the lease index and taken away from counts that do not depend on the clock.
    const heldNow = (conditions: string[]) => countsByState([...conditions, HELD], 'INDEXED BY tickets_by_lease');
    // The chips' counts ignore the state filter; when they are asked for, the total is their sum
    // over the chosen states (one pass). A scroll window asks for none and counts just its set.
    let counts: StateCount[] = [];
    if (input.withCounts) {
      if (input.scope === 'mine') counts = countsByState([...base, ...scope]);
      else {
        const key = JSON.stringify([base, match, input.nationality]);
        const all = memo.counts(key) ?? countsByState(base);
        memo.counted(key, all);
        counts = input.scope === 'unassigned' ? subtract(all, heldNow(base)) : all;
      }
    }
    const chosen = (count: StateCount) => input.states.length === 0 || input.states.includes(count.state);
    // A selective search's matches drive a count (the unary + keeps SQLite off the state index):
    // a state's index entries are far more tickets than the matches.
    const counted = search && search.hits * 4 < search.tickets ? states.map((state) => `+${state}`) : states;
    const total = input.withCounts
      ? counts.filter(chosen).reduce((sum, count) => sum + count.n, 0)
      : input.scope === 'unassigned'
        ? count([...base, ...counted]) - heldNow([...base, ...states]).reduce((sum, held) => sum + held.n, 0)
        : count([...base, ...scope, ...counted]);
    // A skip scan: one index seek per country instead of a walk over every ticket's index entry.
    const nationalities = input.withCounts
      ? (prepared(
          db,
          `WITH RECURSIVE next (code) AS (
             SELECT MIN(nationality) FROM tickets
             UNION ALL
             SELECT (SELECT MIN(nationality) FROM tickets WHERE nationality > next.code) FROM next WHERE code IS NOT NULL
           )
           SELECT code FROM next WHERE code IS NOT NULL`,
        )
          .pluck()
          .all() as string[])
      : [];
    memo.end();
    const leaseLive = (row: Row) => row.lease_owner !== null && (row.lease_expires_at ?? '') > (params.now as string);
    return {
      rows: rows.map((row): TicketRow => ({
        id: row.id,
        state: row.state,
        applicantName: row.applicant_name,
        email: row.email,
        nationality: row.nationality,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        leaseOwner: leaseLive(row) ? row.lease_owner : null,
        leaseOwnerName: leaseLive(row) ? row.lease_owner_name : null,
        leaseExpiresAt: leaseLive(row) ? row.lease_expires_at : null,
        pending: row.pending > 0,
        conflict: row.conflict_json !== null,
        checks: summaryOf(row),
      })),
      total,
      countsByState: Object.fromEntries(counts.map((c) => [c.state, c.n])) as Partial<Record<TicketState, number>>,
      nationalities,
    };
  }

  return {
    /** One read transaction, so rows, total and counts describe the same moment. */
    query: (input: TicketQuery, operatorId: string | undefined) => db.transaction(() => query(input, operatorId))(),

    /**
     * The oldest actionable tickets nobody holds, oldest first, for "next ticket": not waiting on a
     * decision this console has not delivered, not in conflict, and not among `skip` (lost to
     * another operator a moment ago, which the cache may not show yet).
     */
    nextCandidates(limit: number, skip: readonly string[] = []): string[] {
      const states = ACTIONABLE_STATES.map((state) => `'${state}'`).join(', ');
      return prepared(
        db,
        `SELECT t.id FROM tickets t
         WHERE t.state IN (${states}) AND t.pending = 0 AND t.conflict_json IS NULL
           AND (t.lease_owner IS NULL OR t.lease_expires_at <= @now)
           AND t.id NOT IN (SELECT value FROM json_each(@skip))
         ORDER BY t.created_at, t.id LIMIT @limit`,
      )
        .pluck()
        .all({ now: now().toISOString(), skip: JSON.stringify(skip), limit }) as string[];
    },

    /** The server's ticket as last seen, or undefined when the cache does not hold it. */
    ticket(id: string): Ticket | undefined {
      const row = prepared(db, 'SELECT server_json FROM ticket_documents WHERE id = ?').get(id) as
        { server_json: string } | undefined;
      return row ? (JSON.parse(row.server_json) as Ticket) : undefined;
    },

    detail(id: string): TicketDetail {
      const row = prepared(
        db,
        'SELECT d.server_json, t.state, t.conflict_json FROM tickets t JOIN ticket_documents d USING (id) WHERE t.id = ?',
      ).get(id) as { server_json: string; state: TicketState; conflict_json: string | null } | undefined;
      if (!row) throw new ContractFailure('NOT_FOUND', `Ticket ${id} is not in the cache`);
      const pending = prepared(
        db,
        "SELECT decision_id, body, attempts, last_error FROM outbox WHERE ticket_id = ? AND status = 'PENDING' ORDER BY created_at LIMIT 1",
      ).get(id) as { decision_id: string; body: string; attempts: number; last_error: string | null } | undefined;
      return {
        ticket: JSON.parse(row.server_json) as Ticket,
        state: row.state,
        pendingDecision: pending
          ? {
              decisionId: pending.decision_id,
              action: (JSON.parse(pending.body) as { action: NonNullable<TicketDetail['pendingDecision']>['action'] })
                .action,
              attempts: pending.attempts,
              lastError: pending.last_error,
            }
          : null,
        conflict: row.conflict_json ? (JSON.parse(row.conflict_json) as TicketDetail['conflict']) : null,
      };
    },
  };
}
