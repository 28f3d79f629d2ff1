import {
  COUNTERSIGN_FLAGS,
  type CountersignFlag,
  type CountersignStatus,
  type DecisionEvidence,
  type HistoryEntry,
  type Ticket,
} from '../../common/api/schemas.ts';
import type { CountersignJudgement } from '../domain/countersign-rules.ts';
import { ApiProblem } from '../http/problem.ts';
import type { Db } from './database.ts';
import { flagBits, flagsOfBits } from './decision-records.ts';
import { fullTextQuery } from './search-terms.ts';
import { prepared } from './statements.ts';
import { evidenceHashOf } from './ticket-store.ts';

export interface HistoryQuery {
  operatorId?: string | undefined;
  action?: string | undefined;
  state?: string | undefined;
  country?: string | undefined;
  /** Comma-separated countersign flags; a decision must carry all of them. */
  flags?: string | undefined;
  countersign?: CountersignStatus | 'NONE' | undefined;
  q?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  cursor?: string | undefined;
  offset: number;
  limit: number;
  aggregates: boolean;
}

/** The first page counts matches up to here; "1,000+" is all a supervisor needs to narrow the filters. */
export const TOTAL_CAP = 1000;

interface DecisionRow {
  seq: number;
  id: string;
  ticket_id: string;
  action: string;
  resulting_state: string;
  reason_codes: string;
  body: string;
  operator_id: string;
  operator_name: string;
  applicant_name: string | null;
  country: string;
  decided_at: string;
  applied_at: string;
  handling_seconds: number;
  redirect_target: string | null;
  flags: number;
  evidence_hash: string | null;
  countersign: CountersignStatus | null;
  countersigned_by: string | null;
  countersigned_at: string | null;
  countersign_note: string | null;
  countersigner_name: string | null;
}

const DECISION_COLUMNS = 'd.*, c.name AS countersigner_name';
const DECISION_JOIN = 'decisions d LEFT JOIN operators c ON c.id = d.countersigned_by';

function toEntry(row: DecisionRow): HistoryEntry {
  const body = JSON.parse(row.body) as { services?: string[]; note?: string };
  return {
    decisionId: row.id,
    ticketId: row.ticket_id,
    action: row.action,
    state: row.resulting_state,
    reasonCodes: JSON.parse(row.reason_codes) as string[],
    operatorId: row.operator_id,
    countersignedBy: row.countersign === 'CONFIRMED' ? row.countersigned_by : null,
    country: row.country,
    decidedAt: row.decided_at,
    handlingSeconds: row.handling_seconds,
    operatorName: row.operator_name,
    applicantName: row.applicant_name,
    appliedAt: row.applied_at,
    services: body.services ?? [],
    redirectTarget: row.redirect_target,
    note: body.note ?? null,
    flags: flagsOfBits(row.flags),
    countersign: row.countersign && {
      status: row.countersign,
      by: row.countersigned_by,
      byName: row.countersigner_name,
      at: row.countersigned_at,
      note: row.countersign_note,
    },
  } as HistoryEntry;
}

/* The cursor carries the last sequence number shown and the first page's count, so later pages cost one seek. */
const CURSOR = /^h1\.(\d{1,15})\.(\d{1,7})\.([01])$/;
const encodeCursor = (seq: number, total: number, capped: boolean): string =>
  Buffer.from(`h1.${seq}.${total}.${capped ? 1 : 0}`).toString('base64url');
function decodeCursor(cursor: string): { seq: number; total: number; capped: boolean } {
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new ApiProblem(400, 'BAD_CURSOR', 'The cursor was not issued by this server');
  return { seq: Number(match[1]), total: Number(match[2]), capped: match[3] === '1' };
}

/**
 * A date range as a range of sequence numbers: recording times never go back along the sequence
 * (decision-records.ts), so two index seeks bound it. Null when nothing falls in the range.
 */
function sequenceRange(db: Db, from: string | undefined, to: string | undefined) {
  const range: { lo?: number; hi?: number } = {};
  if (from) {
    const row = prepared(db, 'SELECT seq FROM decisions WHERE applied_at >= ? ORDER BY applied_at, seq LIMIT 1').get(
      new Date(from).toISOString(),
    ) as { seq: number } | undefined;
    if (!row) return null;
    range.lo = row.seq;
  }
  if (to) {
    const row = prepared(
      db,
      'SELECT seq FROM decisions WHERE applied_at < ? ORDER BY applied_at DESC, seq DESC LIMIT 1',
    ).get(new Date(to).toISOString()) as { seq: number } | undefined;
    if (!row) return null;
    range.hi = row.seq;
  }
  return range;
}

/** Every stored bit pattern holding all of `mask`'s bits: an IN list the flags index can seek. */
const patternsWith = (mask: number): number[] =>
  Array.from({ length: 1 << COUNTERSIGN_FLAGS.length }, (_, bits) => bits).filter((bits) => (bits & mask) === mask);

const EQUALITY_FILTERS = [
  ['operatorId', 'operator_id'],
  ['action', 'action'],
  ['state', 'resulting_state'],
  ['country', 'country'],
] as const;

/**
 * The filter as SQL over the decisions, newest first by sequence. SQLite picks the most selective
 * of the single-column and (operator|country, action) indexes, whose entries are in sequence order
 * for one key. A search alone is driven by the full-text index, in rowid order, stopping at the
 * page; a search with an indexed filter lets the filter drive and checks membership in the
 * search's matches, which costs far less than reading every match's row to test the filter.
 */
function filterSql(query: HistoryQuery, range: { lo?: number; hi?: number }) {
  const match = query.q ? fullTextQuery(query.q) : undefined;
  const filtered = EQUALITY_FILTERS.some(([name]) => query[name] !== undefined);
  const searchDrives = match !== undefined && !filtered;
  const key = searchDrives ? 's.rowid' : 'd.seq';
  const where: string[] = [];
  const params: Record<string, string | number> = {};
  if (match) {
    where.push(
      searchDrives
        ? 'decision_search MATCH @match'
        : 'd.seq IN (SELECT rowid FROM decision_search WHERE decision_search MATCH @match)',
    );
    params.match = match;
  }
  if (range.lo !== undefined) {
    where.push(`${key} >= @lo`);
    params.lo = range.lo;
  }
  if (range.hi !== undefined) {
    where.push(`${key} <= @hi`);
    params.hi = range.hi;
  }
  for (const [name, column] of EQUALITY_FILTERS) {
    const value = query[name];
    if (value === undefined) continue;
    where.push(`d.${column} = @${name}`);
    params[name] = value;
  }
  const flags = query.flags ? (query.flags.split(',') as CountersignFlag[]) : [];
  if (flags.length > 0) where.push(`d.flags IN (${patternsWith(flagBits(flags)).join(', ')})`);
  if (query.countersign === 'NONE') where.push('d.countersign IS NULL');
  else if (query.countersign) {
    where.push('d.countersign = @countersign');
    params.countersign = query.countersign;
  }
  return {
    key,
    from: searchDrives ? 'decision_search s JOIN decisions d ON d.seq = s.rowid' : 'decisions d',
    where,
    params,
  };
}

const whereSql = (conditions: readonly string[]): string =>
  conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';

/**
 * Supervisors' view of decisions: filtered, searched, newest first, in keyset pages. The first
 * page also counts the matches (up to TOTAL_CAP) from the same scan; later pages seek past the
 * cursor and echo that count.
 */
export function queryHistory(db: Db, query: HistoryQuery) {
  const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
  const range = sequenceRange(db, query.from, query.to);
  if (!range) {
    return {
      entries: [],
      total: 0,
      totalCapped: false,
      nextCursor: null,
      ...(query.aggregates ? { perOperator: [] } : {}),
    };
  }
  const { key, from, where, params } = filterSql(query, range);
  const sequences = (conditions: readonly string[], limit: number, offset: number, extra: object = {}): number[] =>
    (
      prepared(
        db,
        `SELECT ${key} AS seq FROM ${from} ${whereSql(conditions)} ORDER BY ${key} DESC LIMIT @limit OFFSET @offset`,
      ).all({ ...params, ...extra, limit, offset }) as { seq: number }[]
    ).map((row) => row.seq);

  let page: number[];
  let more: boolean;
  let total: number;
  let capped: boolean;
  if (cursor) {
    const next = sequences([...where, `${key} < @cursor`], query.limit + 1, query.offset, { cursor: cursor.seq });
    page = next.slice(0, query.limit);
    more = next.length > query.limit;
    ({ total, capped } = cursor);
  } else {
    const counted = sequences(where, TOTAL_CAP + 1, 0);
    total = Math.min(counted.length, TOTAL_CAP);
    capped = counted.length > TOTAL_CAP;
    const end = query.offset + query.limit;
    if (end < counted.length) {
      page = counted.slice(query.offset, end);
      more = true;
    } else if (!capped) {
      page = counted.slice(query.offset, end);
      more = false;
    } else {
      const next = sequences(where, query.limit + 1, query.offset);
      page = next.slice(0, query.limit);
      more = next.length > query.limit;
    }
  }

  const rows = prepared(
    db,
    `SELECT ${DECISION_COLUMNS} FROM ${DECISION_JOIN} WHERE d.seq IN (SELECT value FROM json_each(?)) ORDER BY d.seq DESC`,
  ).all(JSON.stringify(page)) as DecisionRow[];
  const perOperator = query.aggregates
    ? {
        perOperator: prepared(
          db,
          `SELECT d.operator_id AS operatorId, COUNT(*) AS decisions, SUM(d.action = 'APPROVE') AS approvals
             FROM ${from} ${whereSql(where)} GROUP BY d.operator_id ORDER BY d.operator_id`,
        ).all(params) as { operatorId: string; decisions: number; approvals: number }[],
      }
    : {};
  return {
    entries: rows.map(toEntry),
    total,
    totalCapped: capped,
    nextCursor: more && page.length > 0 ? encodeCursor(page.at(-1)!, total, capped) : null,
    ...perOperator,
  };
}

/** Approvals waiting for a second person, oldest first; the caller's own are marked (four-eyes). */
export function countersignQueue(db: Db, callerId: string) {
  const rows = prepared(
    db,
    `SELECT d.*, t.version AS ticket_version FROM decisions d JOIN tickets t ON t.id = d.ticket_id
     WHERE d.countersign = 'PENDING' ORDER BY d.seq LIMIT 500`,
  ).all() as (DecisionRow & { ticket_version: number })[];
  return {
    items: rows.map((row) => {
      const body = JSON.parse(row.body) as { services?: string[]; note?: string };
      return {
        decisionId: row.id,
        ticketId: row.ticket_id,
        ticketVersion: row.ticket_version,
        makerId: row.operator_id,
        makerName: row.operator_name,
        applicantName: row.applicant_name,
        country: row.country,
        decidedAt: row.decided_at,
        appliedAt: row.applied_at,
        flags: flagsOfBits(row.flags),
        services: body.services ?? [],
        note: body.note ?? null,
        evidenceHash: row.evidence_hash!,
        ownDecision: row.operator_id === callerId,
      };
    }),
  };
}

/** One decision with what it was made on; null when there is no such decision. */
export function decisionSnapshot(db: Db, decisionId: string) {
  const row = prepared(
    db,
    `SELECT ${DECISION_COLUMNS}, s.ticket AS snapshot_ticket, s.evidence AS snapshot_evidence, s.judgement
       FROM ${DECISION_JOIN} LEFT JOIN decision_snapshots s ON s.decision_id = d.id WHERE d.id = ?`,
  ).get(decisionId) as
    | (DecisionRow & { snapshot_ticket: string | null; snapshot_evidence: string | null; judgement: string | null })
    | undefined;
  if (!row) return null;
  const held = prepared(
    db,
    'SELECT a.sha256 FROM ticket_attachments a JOIN tickets t ON t.id = a.ticket_id WHERE a.ticket_id = ? AND t.redacted = 0',
  ).all(row.ticket_id) as { sha256: string }[];
  const judgement = row.judgement ? (JSON.parse(row.judgement) as CountersignJudgement) : null;
  return {
    decision: toEntry(row),
    ticket: row.snapshot_ticket ? (JSON.parse(row.snapshot_ticket) as Ticket) : null,
    evidence: row.snapshot_evidence ? (JSON.parse(row.snapshot_evidence) as DecisionEvidence) : null,
    evidenceHash: row.evidence_hash,
    evidenceUnchanged: held.length > 0 && evidenceHashOf(held) === row.evidence_hash,
    countersignRules: judgement && { version: judgement.version, required: judgement.required, hits: judgement.hits },
  };
}
