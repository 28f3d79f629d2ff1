import {
  COUNTERSIGN_FLAGS,
  type CountersignFlag,
  type CountersignStatus,
  type DecisionEvidence,
  type Ticket,
  type TicketState,
} from '../../common/api/schemas.ts';
import type { CountersignJudgement } from '../domain/countersign-rules.ts';
import type { Db } from './database.ts';
import { compactEmail } from './search-terms.ts';
import { prepared } from './statements.ts';

/*
 * The decisions table as the supervisors read it: one row per applied decision with what the
 * history filters on, its snapshot, and its full-text entry. Every function here runs inside the
 * ticket store's transaction that applies the change.
 */

const FLAG_BIT = new Map(COUNTERSIGN_FLAGS.map((flag, index) => [flag, 1 << index]));
export const flagBits = (flags: readonly CountersignFlag[]): number =>
  flags.reduce((bits, flag) => bits | (FLAG_BIT.get(flag) ?? 0), 0);
export const flagsOfBits = (bits: number): CountersignFlag[] =>
  COUNTERSIGN_FLAGS.filter((flag) => (bits & (FLAG_BIT.get(flag) ?? 0)) !== 0);

export interface DecisionRecord {
  decisionId: string;
  ticket: Ticket;
  action: string;
  state: TicketState;
  reasonCodes: readonly string[];
  body: object;
  note: string | undefined;
  redirectTarget: string | undefined;
  operator: { id: string; name: string };
  decidedAt: string;
  at: string;
  evidence: DecisionEvidence | undefined;
  judgement: CountersignJudgement | undefined;
}

interface SearchSource {
  ticket_id: string;
  applicant_name: string | null;
  operator_name: string;
  reason_codes: string;
  redirect_target: string | null;
  countersign_note: string | null;
  body: string;
  email: string | null;
}

/** The words a supervisor may search a decision by; personal data only while the ticket is not redacted. */
const searchText = (row: SearchSource): string =>
  [
    row.ticket_id,
    row.applicant_name,
    row.email,
    row.email && compactEmail(row.email),
    row.operator_name,
    (JSON.parse(row.body) as { note?: string }).note,
    (JSON.parse(row.reason_codes) as string[]).join(' '),
    row.redirect_target,
    row.countersign_note,
  ]
    .filter(Boolean)
    .join(' ');

function reindex(db: Db, seq: number): void {
  const row = prepared(
    db,
    `SELECT d.ticket_id, d.applicant_name, d.operator_name, d.reason_codes, d.redirect_target, d.countersign_note, d.body,
       CASE WHEN t.redacted = 0 THEN json_extract(t.data, '$.applicant.email') END AS email
     FROM decisions d JOIN tickets t ON t.id = d.ticket_id WHERE d.seq = ?`,
  ).get(seq) as SearchSource;
  prepared(db, 'DELETE FROM decision_search WHERE rowid = ?').run(seq);
  prepared(db, 'INSERT INTO decision_search (rowid, text) VALUES (?, ?)').run(seq, searchText(row));
}

/**
 * Stores an applied decision. Its recording time never goes back along the sequence (a clock set
 * back waits for the last one), so a date range is a sequence range for the history's pages.
 */
export function recordDecision(db: Db, record: DecisionRecord): { appliedAt: string } {
  const last = prepared(db, 'SELECT applied_at FROM decisions ORDER BY seq DESC LIMIT 1').get() as
    { applied_at: string } | undefined;
  const appliedAt = last && last.applied_at > record.at ? last.applied_at : record.at;
  const handling = Math.max(0, (Date.parse(appliedAt) - Date.parse(record.ticket.createdAt)) / 1000);
  const { applicant } = record.ticket;
  const { lastInsertRowid } = prepared(
    db,
    `INSERT INTO decisions (id, ticket_id, action, resulting_state, reason_codes, body, operator_id, operator_name,
       applicant_name, country, decided_at, applied_at, handling_seconds, redirect_target, flags, evidence_hash, countersign)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    record.decisionId,
    record.ticket.id,
    record.action,
    record.state,
    JSON.stringify(record.reasonCodes),
    JSON.stringify(record.body),
    record.operator.id,
    record.operator.name,
    `${applicant.nome} ${applicant.cognome}`,
    applicant.nationality,
    record.decidedAt,
    appliedAt,
    handling,
    record.redirectTarget ?? null,
    flagBits(record.judgement?.flags ?? []),
    record.ticket.evidenceHash,
    record.judgement?.required ? 'PENDING' : null,
  );
  prepared(db, 'INSERT INTO decision_snapshots (decision_id, ticket, evidence, judgement) VALUES (?, ?, ?, ?)').run(
    record.decisionId,
    JSON.stringify(record.ticket),
    record.evidence ? JSON.stringify(record.evidence) : null,
    record.judgement ? JSON.stringify(record.judgement) : null,
  );
  reindex(db, Number(lastInsertRowid));
  return { appliedAt };
}

/** A supervisor's answer (`by` confirmed or returned it), or the evidence changing under a pending countersign. */
export function settleCountersign(
  db: Db,
  decisionId: string,
  outcome: {
    status: Exclude<CountersignStatus, 'PENDING'>;
    state: TicketState;
    by: string | null;
    at: string;
    note: string | null;
  },
): void {
  const row = prepared(
    db,
    `UPDATE decisions SET countersign = ?, resulting_state = ?, countersigned_by = ?, countersigned_at = ?, countersign_note = ?
     WHERE id = ? AND countersign = 'PENDING' RETURNING seq`,
  ).get(outcome.status, outcome.state, outcome.by, outcome.at, outcome.note, decisionId) as { seq: number } | undefined;
  if (row && outcome.note) reindex(db, row.seq);
}

/** A redacted ticket's decisions keep their facts and lose the person: name, snapshot and search words. */
export function redactDecisions(db: Db, ticketId: string): void {
  prepared(db, 'UPDATE decisions SET applicant_name = NULL WHERE ticket_id = ?').run(ticketId);
  prepared(
    db,
    'UPDATE decision_snapshots SET ticket = NULL, evidence = NULL WHERE decision_id IN (SELECT id FROM decisions WHERE ticket_id = ?)',
  ).run(ticketId);
  const seqs = prepared(db, 'SELECT seq FROM decisions WHERE ticket_id = ?').pluck().all(ticketId) as number[];
  seqs.forEach((seq) => reindex(db, seq));
}

export function recordConflict(
  db: Db,
  conflict: { at: string; operatorId: string; ticketId: string; decisionId: string; code: string },
): void {
  prepared(
    db,
    'INSERT INTO decision_conflicts (at, operator_id, ticket_id, decision_id, code) VALUES (?, ?, ?, ?, ?)',
  ).run(conflict.at, conflict.operatorId, conflict.ticketId, conflict.decisionId, conflict.code);
}
