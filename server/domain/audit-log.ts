import { createHash } from 'node:crypto';
import { canonicalJson } from '../../common/domain/canonical-json.ts';
import type { Db } from '../storage/database.ts';
import { prepared } from '../storage/statements.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditRecord {
  at: string;
  actor: string;
  action: string;
  ticketId: string | null;
  details: Record<string, unknown>;
}

interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  ticket_id: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

function entryHash(seq: number, prevHash: string, record: AuditRecord): string {
  return createHash('sha256')
    .update(prevHash)
    .update(canonicalJson({ seq, ...record }))
    .digest('hex');
}

/** Appends one entry chained to the previous one; call inside the transaction that made the change. */
export function appendAudit(db: Db, record: AuditRecord): void {
  const last = prepared(db, 'SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get() as
    { seq: number; hash: string } | undefined;
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  prepared(
    db,
    'INSERT INTO audit (seq, at, actor, action, ticket_id, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(
    seq,
    record.at,
    record.actor,
    record.action,
    record.ticketId,
    canonicalJson(record.details),
    prevHash,
    entryHash(seq, prevHash, record),
  );
}

export function listAudit(db: Db, afterSeq: number, limit: number) {
  const rows = prepared(db, 'SELECT * FROM audit WHERE seq > ? ORDER BY seq LIMIT ?').all(
    afterSeq,
    limit,
  ) as AuditRow[];
  return rows.map((row) => ({
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    ticketId: row.ticket_id,
    details: JSON.parse(row.details) as Record<string, unknown>,
    prevHash: row.prev_hash,
    hash: row.hash,
  }));
}

/** Recomputes every link; the first entry whose content or link does not match is where the chain breaks. */
export function verifyAudit(db: Db): { ok: boolean; entries: number; firstBrokenSeq: number | null } {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let entries = 0;
  for (const row of prepared(db, 'SELECT * FROM audit ORDER BY seq').iterate() as IterableIterator<AuditRow>) {
    entries += 1;
    let details: Record<string, unknown>;
    try {
      details = JSON.parse(row.details) as Record<string, unknown>;
    } catch {
      return { ok: false, entries, firstBrokenSeq: row.seq };
    }
    const record = { at: row.at, actor: row.actor, action: row.action, ticketId: row.ticket_id, details };
    if (row.seq !== expectedSeq || row.prev_hash !== prevHash || row.hash !== entryHash(row.seq, prevHash, record)) {
      return { ok: false, entries, firstBrokenSeq: row.seq };
    }
    prevHash = row.hash;
    expectedSeq += 1;
  }
  return { ok: true, entries, firstBrokenSeq: null };
}
