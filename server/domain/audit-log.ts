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

export interface AuditQuery {
  /** Ascending from after this sequence number, or descending from before `beforeSeq`. */
  afterSeq: number;
  beforeSeq?: number | undefined;
  order: 'asc' | 'desc';
  limit: number;
  actor?: string | undefined;
  action?: string | undefined;
  ticketId?: string | undefined;
}

const toEntry = (row: AuditRow) => ({
  seq: row.seq,
  at: row.at,
  actor: row.actor,
  action: row.action,
  ticketId: row.ticket_id,
  details: JSON.parse(row.details) as Record<string, unknown>,
  prevHash: row.prev_hash,
  hash: row.hash,
});

/** A page of the log, oldest or newest first, narrowed to one actor, action or ticket. */
export function listAudit(db: Db, query: AuditQuery) {
  const where = ['seq > @afterSeq'];
  if (query.beforeSeq !== undefined) where.push('seq < @beforeSeq');
  if (query.actor !== undefined) where.push('actor = @actor');
  if (query.action !== undefined) where.push('action = @action');
  if (query.ticketId !== undefined) where.push('ticket_id = @ticketId');
  const rows = prepared(
    db,
    `SELECT * FROM audit WHERE ${where.join(' AND ')} ORDER BY seq ${query.order === 'desc' ? 'DESC' : 'ASC'} LIMIT @limit`,
  ).all({
    afterSeq: query.afterSeq,
    ...(query.beforeSeq === undefined ? {} : { beforeSeq: query.beforeSeq }),
    ...(query.actor === undefined ? {} : { actor: query.actor }),
    ...(query.action === undefined ? {} : { action: query.action }),
    ...(query.ticketId === undefined ? {} : { ticketId: query.ticketId }),
    limit: query.limit + 1,
  }) as AuditRow[];
  return { entries: rows.slice(0, query.limit).map(toEntry), hasMore: rows.length > query.limit };
}

export type AuditBreak = { seq: number; reason: 'CONTENT_CHANGED' | 'LINK_BROKEN' | 'SEQUENCE_GAP' | 'UNREADABLE' };

const MAX_BREAKS = 100;

/**
 * Recomputes every link. Each entry is checked against its own stored hash and its predecessor's,
 * so one edited row is reported alone (CONTENT_CHANGED) and every later row still verifies; a row
 * whose hash was recomputed to hide an edit breaks the next link instead (LINK_BROKEN); deleted
 * rows show as a gap. Cutting the tail off leaves a shorter valid chain: `head` lets a verifier
 * that noted it earlier see that.
 */
export function verifyAudit(db: Db) {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let entries = 0;
  let head: { seq: number; hash: string } | null = null;
  const breaks: AuditBreak[] = [];
  const report = (seq: number, reason: AuditBreak['reason']) => {
    if (breaks.length < MAX_BREAKS) breaks.push({ seq, reason });
  };
  for (const row of prepared(db, 'SELECT * FROM audit ORDER BY seq').iterate() as IterableIterator<AuditRow>) {
    entries += 1;
    if (row.seq !== expectedSeq) report(row.seq, 'SEQUENCE_GAP');
    else if (row.prev_hash !== prevHash) report(row.seq, 'LINK_BROKEN');
    let details: Record<string, unknown> | undefined;
    try {
      details = JSON.parse(row.details) as Record<string, unknown>;
    } catch {
      report(row.seq, 'UNREADABLE');
    }
    if (details) {
      const record = { at: row.at, actor: row.actor, action: row.action, ticketId: row.ticket_id, details };
      if (row.hash !== entryHash(row.seq, row.prev_hash, record)) report(row.seq, 'CONTENT_CHANGED');
    }
    prevHash = row.hash;
    expectedSeq = row.seq + 1;
    head = { seq: row.seq, hash: row.hash };
  }
  return { ok: breaks.length === 0, entries, firstBrokenSeq: breaks[0]?.seq ?? null, breaks, head };
}
